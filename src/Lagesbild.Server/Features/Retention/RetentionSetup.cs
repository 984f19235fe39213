using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Retention;

public static class RetentionSetup
{
    public static IServiceCollection AddRetention(this IServiceCollection services)
    {
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<RetentionPass>();
        services.AddHostedService<RetentionWorker>();
        return services;
    }

    public static IEndpointRouteBuilder MapRetention(this IEndpointRouteBuilder app)
    {
        app.MapApi().MapRetentionApi();
        return app;
    }
}
