using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Meetings;

public static class MeetingsSetup
{
    public static IServiceCollection AddMeetings(this IServiceCollection services)
    {
        services.AddOptions<MeetingOptions>().BindConfiguration(MeetingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ActionViews>();
        services.AddScoped<MeetingService>();
        services.AddScoped<ActionService>();
        services.AddScoped<OverdueActions>();
        services.AddHostedService<MeetingKeeper>();
        return services;
    }

    public static IEndpointRouteBuilder MapMeetings(this IEndpointRouteBuilder app)
    {
        app.MapApi().MapMeetingsApi();
        return app;
    }
}
