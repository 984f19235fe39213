using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Residents;

public static class ResidentsSetup
{
    /// <summary>Residents' reports: Open311, its api_keys, and the triage of what residents send.</summary>
    public static IServiceCollection AddResidents(this IServiceCollection services)
    {
        services.AddOpen311();
        services.AddScoped<ApiKeys>();
        return services;
    }

    /// <summary>The staff's side (api_keys, the service profile, triage), then the residents' own: Open311 and the public map.</summary>
    public static IEndpointRouteBuilder MapResidents(this IEndpointRouteBuilder app)
    {
        var api = app.MapApi();
        api.MapApiKeysApi();
        api.MapServiceProfileApi();
        api.MapTriageApi();
        app.MapOpen311();
        app.MapPublicMap();
        return app;
    }
}
