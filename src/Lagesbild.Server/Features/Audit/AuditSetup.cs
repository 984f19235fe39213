using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Audit;

public static class AuditSetup
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section);
        services.AddHostedService<AuditOffWarning>();
        services.AddScoped<AuditLog>();
        services.AddSingleton<AuditWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<AuditWriter>());
        return services;
    }

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapApi().MapAuditApi();
        return app;
    }
}
