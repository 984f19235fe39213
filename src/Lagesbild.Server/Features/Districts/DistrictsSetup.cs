using Lagesbild.Data;
using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Districts;

public static class DistrictsSetup
{
    public static IServiceCollection AddDistricts(this IServiceCollection services)
    {
        services.AddOptions<MapOptions>().BindConfiguration(MapOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Check() is null, "Map: CentreLat and CentreLon go together (a latitude and a longitude), and Zoom lies from 3 to 18.").ValidateOnStart();
        services.AddOptions<MunicipalityOptions>().BindConfiguration(MunicipalityOptions.Section)
            .Validate(o => o.Check() is null, "Municipality: a Name and a PublicName of 1 to 100 characters, Bounds as west,south,east,north, and Bounds when ShippedAreas is false.")
            .ValidateOnStart();
        services.AddSingleton<DistrictCatalog>();
        services.AddScoped<AreaImport>();
        services.AddStartupStep<DistrictCatalogLoad>(StartupStage.ReferenceData);
        return services;
    }

    /// <summary>The districts and the areas' import for signed-in users, the districts for residents, and the city's own base map tiles.</summary>
    public static IEndpointRouteBuilder MapDistricts(this IEndpointRouteBuilder app)
    {
        app.MapApi().MapDistrictsApi().MapAreasApi();
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
