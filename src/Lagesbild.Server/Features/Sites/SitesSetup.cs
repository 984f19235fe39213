using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Sites;

public static class SitesSetup
{
    public static IServiceCollection AddSites(this IServiceCollection services)
    {
        services.AddOptions<SchoolCalendarOptions>().BindConfiguration(SchoolCalendarOptions.Section)
            .Validate(o => o.Check() is null, "SchoolCalendar: a week is not from 1 to 52, or a break ends before it starts or lies in another year.")
            .ValidateOnStart();
        services.AddSingleton<SchoolYear>();
        services.AddSingleton<ActiveSceneCache>();
        services.AddScoped<SiteViews>();
        services.AddScoped<SiteImport>();
        services.AddScoped<ExposureService>();
        services.AddScoped<PresenceService>();
        return services;
    }

    public static IEndpointRouteBuilder MapSites(this IEndpointRouteBuilder app)
    {
        app.MapApi().MapSitesApi();
        return app;
    }
}
