using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Observations;

public static class ObservationsSetup
{
    public static IServiceCollection AddObservations(this IServiceCollection services)
    {
        services.AddScoped<ObservationWriter>();
        services.AddScoped<ObservationCorrections>();
        services.AddScoped<PartnerObservations>();
        return services;
    }

    public static IEndpointRouteBuilder MapObservations(this IEndpointRouteBuilder app)
    {
        app.MapApi().MapObservationsApi();
        return app;
    }
}
