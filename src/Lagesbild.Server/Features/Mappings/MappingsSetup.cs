using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Mappings;

public static class MappingsSetup
{
    public static IServiceCollection AddMappings(this IServiceCollection services)
    {
        services.AddScoped<MappingInput>();
        services.AddScoped<MappingService>();
        return services;
    }

    public static IEndpointRouteBuilder MapMappings(this IEndpointRouteBuilder app)
    {
        app.MapApi().MapMappingsApi();
        return app;
    }
}
