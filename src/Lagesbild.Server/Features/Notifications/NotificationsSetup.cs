using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Notifications;

public static class NotificationsSetup
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(OutboxDispatcher.WebhookClient, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddScoped<Notifier>();
        services.AddScoped<OutboxDispatcher>();
        services.AddHostedService<OutboxWorker>();
        return services;
    }

    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        app.MapApi().MapNotificationsApi();
        return app;
    }
}
