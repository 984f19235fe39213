using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Cameras;

public static class CamerasSetup
{
    public static IServiceCollection AddCameras(this IServiceCollection services)
    {
        services.AddScoped<CameraRegister>();
        services.AddSingleton<CameraCredentials>();
        return services;
    }

    public static IEndpointRouteBuilder MapCameras(this IEndpointRouteBuilder app)
    {
        app.MapApi().MapCamerasApi();
        return app;
    }
}
