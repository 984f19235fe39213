using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.PoliceEvents;

public static class PoliceEventsSetup
{
    public static IServiceCollection AddPoliceEvents(this IServiceCollection services)
    {
        services.AddOptions<PoliceEventOptions>().BindConfiguration(PoliceEventOptions.Section)
            .Configure<IOptions<MunicipalityOptions>>((o, municipality) => o.Municipality ??= municipality.Value.Name)
            .ValidateDataAnnotations()
            .Validate(o => !o.Enabled || Uri.TryCreate(o.Url, UriKind.Absolute, out _), "PoliceEvents:Enabled needs PoliceEvents:Url, the feed's address.")
            .ValidateOnStart();
        // The poll sets its own timeout per request, from the options.
        services.AddHttpClient(PoliceFeedPoll.Client, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddScoped<PoliceEventImport>();
        services.AddScoped<PoliceFeedPoll>();
        services.AddHostedService<PoliceFeedWorker>();
        return services;
    }

    public static IEndpointRouteBuilder MapPoliceEvents(this IEndpointRouteBuilder app)
    {
        app.MapApi().MapPoliceEventsApi();
        return app;
    }
}
