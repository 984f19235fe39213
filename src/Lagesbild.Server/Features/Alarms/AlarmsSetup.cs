using Lagesbild.Server.Features.Alarms.Dc09;
using Lagesbild.Server.Features.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Lagesbild.Server.Features.Alarms;

public static class AlarmsSetup
{
    public static IServiceCollection AddAlarms(this IServiceCollection services)
    {
        services.AddOptions<AlarmOptions>().BindConfiguration(AlarmOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<SensorService>();
        services.AddScoped<GuardShifts>();
        services.AddScoped<EventIngest>();
        services.AddSingleton<SensorDirectory>();
        services.AddSingleton<AlarmCardCache>();
        services.AddOptions<Snapshots.SnapshotOptions>().BindConfiguration(Snapshots.SnapshotOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Snapshots.CameraStills>();
        services.AddSingleton<Snapshots.AlarmSnapshotWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<Snapshots.AlarmSnapshotWorker>());
        services.AddScoped<Snapshots.AlarmSnapshots>();
        services.AddSingleton<EventWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<EventWriter>());
        // Started after the writer and before the server listens, and again once it listens: /health answers once the
        // alarm path is warm.
        services.AddSingleton<RehearsalToken>();
        services.AddSingleton<AlarmWarmUp>();
        services.AddHostedService(sp => sp.GetRequiredService<AlarmWarmUp>());
        services.AddHealthChecks().Add(new HealthCheckRegistration("alarm-warm-up", sp => sp.GetRequiredService<AlarmWarmUp>(), HealthStatus.Unhealthy,
            [Operations.OperationsSetup.Starting, Operations.OperationsSetup.Ready]));
        services.AddScoped<AlarmDispatcher>();
        services.AddScoped<AlarmService>();
        services.AddScoped<AlarmStatsService>();
        services.AddScoped<EscalationPass>();
        services.AddScoped<AlarmPush>();
        services.AddScoped<AlarmViews>();
        // The hub speaks the API's JSON: enum names, GeoJSON geometries.
        services.AddSignalR().AddJsonProtocol(o =>
        {
            o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(allowIntegerValues: false));
            o.PayloadSerializerOptions.Converters.Add(new NetTopologySuite.IO.Converters.GeoJsonConverterFactory(Core.Geo.PolygonInput.Wgs84));
        });
        services.AddBackplane();
        services.AddHostedService<AlarmKeeper>();
        services.AddOptions<MqttOptions>().BindConfiguration(MqttOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<MqttIngest>();
        services.AddOptions<Dc09Options>().BindConfiguration(Dc09Options.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PanelDirectory>();
        services.AddSingleton<PanelLines>();
        services.AddScoped<PanelService>();
        services.AddScoped<LineSupervision>();
        services.AddSingleton<Dc09Answers>();
        services.AddSingleton<Dc09Receiver>();
        services.AddHostedService(sp => sp.GetRequiredService<Dc09Receiver>());
        return services;
    }

    /// <summary>Sensors, alarms and guard shifts, and the hub that pushes alarms to the console.</summary>
    public static IEndpointRouteBuilder MapAlarms(this IEndpointRouteBuilder app)
    {
        var api = app.MapApi();
        api.MapAlarmsApi();
        api.MapShiftsApi();
        api.MapPanelsApi();
        app.MapHub<AlarmHub>(AlarmHub.Path);
        return app;
    }
}
