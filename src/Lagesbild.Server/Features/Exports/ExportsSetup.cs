using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Exports;

public static class ExportsSetup
{
    public static IServiceCollection AddExports(this IServiceCollection services) => services.AddScoped<GeoPackageExport>();

    public static IEndpointRouteBuilder MapExports(this IEndpointRouteBuilder app)
    {
        app.MapApi().MapExportsApi();
        return app;
    }
}
