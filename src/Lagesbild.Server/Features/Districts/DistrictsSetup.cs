using Lagesbild.Data;
using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Districts;

public static class DistrictsSetup
{
    public static IServiceCollection AddDistricts(this IServiceCollection services)
    {
        services.AddOptions<MapOptions>().BindConfiguration(MapOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DistrictCatalog>();
        services.AddStartupStep<DistrictCatalogLoad>(StartupStage.ReferenceData);
        return services;
    }

    /// <summary>The districts for signed-in users and for residents, and the city's own base map tiles.</summary>
    public static IEndpointRouteBuilder MapDistricts(this IEndpointRouteBuilder app)
    {
        app.MapApi().MapDistrictsApi();
        app.MapPublicDistrictsApi();
        app.MapLocalTiles();
        return app;
    }
}

/// <summary>The districts, read once into the catalogue that every feature places its records with.</summary>
public sealed class DistrictCatalogLoad(DistrictCatalog catalog, LagesbildDb db) : IStartupStep
{
    public Task RunAsync(CancellationToken cancellationToken) => catalog.LoadAsync(db, cancellationToken);
}
