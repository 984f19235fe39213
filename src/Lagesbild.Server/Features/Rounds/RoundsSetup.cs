using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Rounds;

public static class RoundsSetup
{
    public static IServiceCollection AddRounds(this IServiceCollection services)
    {
        services.AddOptions<RoundOptions>().BindConfiguration(RoundOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<RoundPlanner>();
        services.AddScoped<RoundService>();
        services.AddScoped<FindingRecorder>();
        services.AddScoped<MissedRounds>();
        services.AddScoped<ChildSafetyAlerts>();
        services.AddScoped<FindingPhotos>();
        services.AddHostedService<RoundKeeper>();
        services.AddHostedService<OverlapKeeper>();
        return services;
    }

    public static IEndpointRouteBuilder MapRounds(this IEndpointRouteBuilder app)
    {
        app.MapApi().MapRoundsApi();
        return app;
    }
}
