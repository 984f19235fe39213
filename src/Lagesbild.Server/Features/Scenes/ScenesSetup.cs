using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Scenes;

public static class ScenesSetup
{
    public static IServiceCollection AddScenes(this IServiceCollection services)
    {
        services.AddOptions<SceneOptions>().BindConfiguration(SceneOptions.Section).ValidateOnStart();
        return services.AddScoped<SceneService>().AddScoped<SceneStatusChanges>().AddScoped<SceneLineageService>().AddScoped<SceneTermFlows>();
    }

    public static IEndpointRouteBuilder MapScenes(this IEndpointRouteBuilder app)
    {
        app.MapApi().MapScenesApi();
        return app;
    }
}
