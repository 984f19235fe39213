using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Measures;

public static class MeasuresSetup
{
    public static IServiceCollection AddMeasures(this IServiceCollection services)
    {
        services.AddScoped<MeasureService>();
        services.AddScoped<MeasureEffectService>();
        return services;
    }

    public static IEndpointRouteBuilder MapMeasures(this IEndpointRouteBuilder app)
    {
        app.MapApi().MapMeasuresApi();
        return app;
    }
}
