using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Indicators;

public static class IndicatorsSetup
{
    public static IServiceCollection AddIndicators(this IServiceCollection services)
    {
        services.AddScoped<IndicatorImport>();
        services.AddScoped<IndicatorSeriesReader>();
        services.AddScoped<OutcomeDashboard>();
        return services;
    }

    public static IEndpointRouteBuilder MapIndicators(this IEndpointRouteBuilder app)
    {
        app.MapApi().MapIndicatorsApi();
        return app;
    }
}
