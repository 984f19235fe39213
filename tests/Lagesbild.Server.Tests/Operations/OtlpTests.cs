using System.Net;
using System.Text;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Lagesbild.Server.Tests.Operations;

/// <summary>A server that sends traces and metrics over OTLP (HTTP) to a collector the test plays.</summary>
public sealed class OtlpLagesbild() : LagesbildFactory(new SqliteStore())
{
    public FakeCollector Collector { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
        [new("Telemetry:Otlp:Endpoint", Collector.Address), new("Telemetry:Otlp:Protocol", "http/protobuf"), new("Telemetry:Node", "node-test")];

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Collector.Dispose();
    }
}

/// <summary>Answers 200 to whatever the exporter posts, and keeps the paths and bodies.</summary>
public sealed class FakeCollector : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<(string Path, byte[] Body)> _received = [];

    public FakeCollector()
    {
        var port = FreePort();
        Address = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Address + "/");
        _listener.Start();
        _ = ServeAsync();
    }

    public string Address { get; }

    public IReadOnlyList<(string Path, byte[] Body)> Received
    {
        get
        {
            lock (_received)
                return [.. _received];
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            lock (_received)
                _received.Add((context.Request.Url!.AbsolutePath, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    /// <summary>A loopback port free at the moment of asking.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => _listener.Close();
}

[Collection(TelemetryTests<TelemetrySqlite>.Telemetry)]
public sealed class OtlpTests(OtlpLagesbild app) : IClassFixture<OtlpLagesbild>
{
    [Fact]
    public async Task With_an_OTLP_endpoint_requests_are_traced_and_measures_sent_to_the_collector_naming_the_node()
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        await coordinator.GetStringAsync("/api/districts");
        using var probe = app.CreateClient();
        await probe.GetStringAsync("/health/ready");

        Assert.True(app.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        Assert.True(app.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));

        var received = app.Collector.Received;
        var traces = received.Where(r => r.Path == "/v1/traces").Select(r => Encoding.UTF8.GetString(r.Body)).ToList();
        var metrics = received.Where(r => r.Path == "/v1/metrics").Select(r => Encoding.UTF8.GetString(r.Body)).ToList();
        Assert.Contains(traces, t => t.Contains("/api/districts", StringComparison.Ordinal));
        // The probes are left out of the traces: a load balancer asks every two seconds.
        Assert.DoesNotContain(traces, t => t.Contains("/health", StringComparison.Ordinal));
        Assert.Contains(metrics, m => m.Contains("http.server.request.duration", StringComparison.Ordinal));
        Assert.All(traces.Concat(metrics), body => Assert.Contains("node-test", body, StringComparison.Ordinal));
        // OTLP alone opens no scrape endpoint.
        Assert.Equal(HttpStatusCode.NotFound, (await probe.GetAsync("/metrics")).StatusCode);
    }
}
