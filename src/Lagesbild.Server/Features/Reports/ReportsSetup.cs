using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Reports;

public static class ReportsSetup
{
    public static IServiceCollection AddReports(this IServiceCollection services) => services.AddScoped<WeeklyReportService>();

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        app.MapApi().MapReportsApi();
        return app;
    }
}
