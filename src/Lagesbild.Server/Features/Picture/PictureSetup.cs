using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Picture;

public static class PictureSetup
{
    public static IServiceCollection AddPicture(this IServiceCollection services)
    {
        services.AddScoped<PictureService>();
        services.AddSingleton<PictureIndexCache>();
        services.AddHostedService<PictureIndexWarmUp>();
        return services;
    }

    public static IEndpointRouteBuilder MapPicture(this IEndpointRouteBuilder app)
    {
        app.MapApi().MapPictureApi();
        return app;
    }
}
