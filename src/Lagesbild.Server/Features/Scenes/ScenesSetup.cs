using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Scenes;

public static class ScenesSetup
{
    public static IServiceCollection AddScenes(this IServiceCollection services) => services.AddScoped<SceneService>();

    public static IEndpointRouteBuilder MapScenes(this IEndpointRouteBuilder app)
    {
        app.MapApi().MapScenesApi();
        return app;
    }
}
