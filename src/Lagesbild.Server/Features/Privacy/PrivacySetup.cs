using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Privacy;

public static class PrivacySetup
{
    public static IServiceCollection AddPrivacy(this IServiceCollection services) => services.AddScoped<ProcessingRecordService>();

    public static IEndpointRouteBuilder MapPrivacy(this IEndpointRouteBuilder app)
    {
        app.MapApi().MapPrivacyApi();
        return app;
    }
}
