using System.Net;
using Lagesbild.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Lagesbild.Server.Features.Operations;

/// <summary>
/// What a load balancer and an operator's monitoring read: /health/live and /health/ready, and, by configuration,
/// OpenTelemetry traces and metrics (OTLP) and a Prometheus scrape endpoint (docs/operations.md).
/// </summary>
public static class OperationsSetup
{
    /// <summary>The tag of the checks /health/ready runs.</summary>
    public const string Ready = "ready";

    private const string Database = "database";

    /// <summary>Checks that fail only while the server starts (the alarm path's rehearsal): <c>/health</c> waits for them too.</summary>
    public const string Starting = "starting";

    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.ScrapeFrom.All(n => IPNetwork.TryParse(n, out _)), "Telemetry:ScrapeFrom must be networks in CIDR (10.20.0.0/24).")
            .Validate(o => o.Otlp.Protocol is "grpc" or "http/protobuf", "Telemetry:Otlp:Protocol is grpc or http/protobuf.")
            .ValidateOnStart();
        services.AddSingleton<RedisCheck>();
        services.AddHealthChecks()
            // A query, not just an open: a pooled connection opens without asking the server, also when it is gone.
            .AddDbContextCheck<LagesbildDb>(Database, tags: [Database, Ready], customTestQuery: async (db, ct) =>
            {
                await db.Database.ExecuteSqlRawAsync("SELECT 1", ct);
                return true;
            })
            .AddCheck<StartupCheck>("startup", tags: [Ready])
            .Add(new HealthCheckRegistration("redis", sp => sp.GetRequiredService<RedisCheck>(), HealthStatus.Degraded, [Ready], TimeSpan.FromSeconds(3)));
        services.AddSingleton<OperationsReadings>();
        services.AddSingleton<LagesbildMetrics>();
        services.AddScoped<OperationsReader>();
        services.AddHostedService<OperationsWorker>();

        // Read here, where the host is being built: whether to listen to meters at all is not a choice to make later.
        var telemetry = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new();
        if (!telemetry.Enabled)
            return builder;
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("lagesbild", serviceInstanceId: string.IsNullOrWhiteSpace(telemetry.Node) ? Environment.MachineName : telemetry.Node))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(LagesbildMetrics.MeterName).AddAspNetCoreInstrumentation().AddNpgsqlInstrumentation()
                    .AddMeter("System.Runtime", "Microsoft.AspNetCore.SignalR");
                if (telemetry.Prometheus)
                    metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                if (telemetry.Otlp.Endpoint is not null)
                    metrics.AddOtlpExporter(o => Otlp(o, telemetry.Otlp, "metrics"));
            });
        if (telemetry.Otlp.Endpoint is not null)
        {
            // Traces go to a collector only: a scrape endpoint has no use for them.
            otel.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbe(http.Request.Path))
                .AddNpgsql()
                .AddOtlpExporter(o => Otlp(o, telemetry.Otlp, "traces")));
        }
        return builder;
    }

    /// <summary>
    /// The collector's address for one signal: over HTTP the exporter posts to the address as given in code, so the
    /// signal's path (v1/traces, v1/metrics) is added here, as the exporter adds it to an address from its environment.
    /// </summary>
    private static void Otlp(OtlpExporterOptions exporter, TelemetryOptions.OtlpOptions options, string signal)
    {
        if (options.Protocol == "grpc")
        {
            exporter.Protocol = OtlpExportProtocol.Grpc;
            exporter.Endpoint = options.Endpoint!;
            return;
        }
        exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
        exporter.Endpoint = new Uri(options.Endpoint!.AbsoluteUri.TrimEnd('/') + "/v1/" + signal);
    }

    private static bool IsProbe(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments(MetricsPath);

    /// <summary>The health probes, and /metrics when Prometheus is on.</summary>
    public static WebApplication MapOperations(this WebApplication app)
    {
        // As before: the database answers (and the start's rehearsal is done). Tests, benchmarks and single-server installs wait on it.
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Database) || c.Tags.Contains(Starting) });
        // The process answers: a load balancer or systemd restarts a node that fails this, never one that is merely busy.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        // The node may take traffic: started (the alarm path rehearsed) and not stopping, the database reachable, Redis (when configured) reachable.
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready) });
        if (app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.Prometheus)
            app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, branch => branch.Use(RefuseOutsiders), optionsName: null);
        return app;
    }

    /// <summary>
    /// /metrics is for the operator's Prometheus only: this machine and the networks in Telemetry:ScrapeFrom, asked
    /// directly. A request relayed by a proxy is refused, since behind a proxy on this machine every client would
    /// otherwise look local.
    /// </summary>
    private static Task RefuseOutsiders(HttpContext http, RequestDelegate next)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        var address = http.Connection.RemoteIpAddress;
        var relayed = http.Request.Headers.ContainsKey("X-Forwarded-For") || http.Request.Headers.ContainsKey("X-Original-For") || http.Request.Headers.ContainsKey("Forwarded");
        var allowed = address is not null && !relayed
            && (IPAddress.IsLoopback(address) || options.ScrapeFrom.Any(n => IPNetwork.Parse(n).Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address)));
        if (allowed)
            return next(http);
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }
}
