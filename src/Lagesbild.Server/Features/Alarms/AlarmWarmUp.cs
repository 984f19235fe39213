using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Lagesbild.Core.Alarms;
using Lagesbild.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Alarms;

/// <summary>
/// Before the server takes its first request, events go through the alarm path as sensors' events do (read and
/// checked against the sensor's secret, stored with the alarm they open or join and its dispatch, the views built
/// and written as the push writes them) in transactions that are rolled back. Right after a restart the first
/// events would otherwise queue while the runtime compiles that code and Entity Framework its queries, on a server
/// that may have one core (docs/performance.md has the figures). Nothing is kept and nobody is told. The path is
/// rehearsed often enough for the runtime to find it hot, and the start then waits for the runtime to compile what it
/// found hot: tiered compilation does that on a background thread, which on one core would otherwise take the first
/// seconds' processor time from the first real events. Once the server listens, rehearsal events are also sent to
/// its own HTTP address (marked with <see cref="RehearsalToken"/>), so that the web server's path (connections,
/// routing, the answer) is compiled as well; until that is done, <c>/health</c> says the server is starting.
/// </summary>
public sealed class AlarmWarmUp(IServiceScopeFactory scopes, EventWriter writer, IEnumerable<IHubProtocol> protocols, TimeProvider time,
    IOptions<AlarmOptions> options, IServer server, RehearsalToken token, ILogger<AlarmWarmUp> log) : IHostedLifecycleService, IHealthCheck
{
    /// <summary>How many rehearsal requests are under way at once: enough for the server to answer several connections.</summary>
    private const int Connections = 8;

    private volatile bool _warming = true;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            var rehearsed = await RehearseAsync(options.Value.WarmUpRounds, cancellationToken);
            var rehearsing = Stopwatch.GetElapsedTime(started);
            var settled = rehearsed > 0 && await SettleAsync(TimeSpan.FromSeconds(options.Value.WarmUpSettleSeconds), cancellationToken);
            log.LogInformation("Rehearsed the alarm path with {Events} events in {Rehearsing:0} ms and waited {Settling:0} ms for the runtime's compiling ({Settled}) before taking requests.",
                rehearsed, rehearsing.TotalMilliseconds, (Stopwatch.GetElapsedTime(started) - rehearsing).TotalMilliseconds, settled ? "done" : "not waited for, or not done");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Only speed is at stake: the server starts all the same (also when a request of the rehearsal timed out).
            log.LogWarning(e, "Rehearsing the alarm path at start failed; the first events after the start may be slower.");
        }
    }

    /// <summary>Once the server listens: the rehearsal over HTTP, then the wait for the runtime again.</summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (options.Value.WarmUpRequests == 0)
                return;
            if (OwnAddress() is not { } address)
            {
                log.LogInformation("Not rehearsing the alarm path over HTTP: the server has no plain-HTTP address on this machine.");
                return;
            }
            var started = Stopwatch.GetTimestamp();
            var (sent, answered) = await RehearseOverHttpAsync(options.Value.WarmUpRequests, cancellationToken);
            var rehearsing = Stopwatch.GetElapsedTime(started);
            var settled = answered > 0 && await SettleAsync(TimeSpan.FromSeconds(options.Value.WarmUpSettleSeconds), cancellationToken);
            log.LogInformation("Rehearsed {Answered} of {Sent} events over HTTP at {Address} in {Rehearsing:0} ms and waited {Settling:0} ms for the runtime's compiling ({Settled}).",
                answered, sent, address, rehearsing.TotalMilliseconds, (Stopwatch.GetElapsedTime(started) - rehearsing).TotalMilliseconds, settled ? "done" : "not waited for, or not done");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            log.LogWarning(e, "Rehearsing the alarm path over HTTP at start failed; the first events after the start may be slower.");
        }
        finally
        {
            _warming = false;
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) => Task.FromResult(_warming
        ? HealthCheckResult.Unhealthy("The server is starting: it is rehearsing the alarm path.") : HealthCheckResult.Healthy());

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The server's own plain-HTTP address on this machine: an address it listens on by number or as localhost, a
    /// wildcard one as the loopback. None when it listens only with TLS, on a Unix socket or by a name (which might
    /// resolve elsewhere: signed events must not leave the machine), or is not a socket server (the tests' in-memory one).
    /// </summary>
    private Uri? OwnAddress()
    {
        foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            if (!address.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                continue;
            var hostAndPort = address["http://".Length..].TrimEnd('/');
            var colon = hostAndPort.LastIndexOf(':');
            if (colon < 0 || !int.TryParse(hostAndPort[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var port))
                continue;
            var host = hostAndPort[..colon] switch
            {
                "0.0.0.0" or "+" or "*" => IPAddress.Loopback.ToString(),
                "[::]" => $"[{IPAddress.IPv6Loopback}]",
                var named => named,
            };
            if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(host.Trim('[', ']'), out _))
                return new Uri($"http://{host}:{port}/");
        }
        return null;
    }

    /// <summary>
    /// Sends <paramref name="count"/> rehearsal events, signed as their sensors sign them and marked with the token, to
    /// the server's own address over a few connections at once; answers how many were sent and how many answered 200.
    /// Stops at the first refusal: a server that answers its own rehearsal otherwise is not rehearsed over HTTP. None
    /// without a plain-HTTP address or without sensors.
    /// </summary>
    public async Task<(int Sent, int Answered)> RehearseOverHttpAsync(int count, CancellationToken ct)
    {
        if (OwnAddress() is not { } address || await SensorsAsync(ct) is not { Count: > 0 } sensors)
            return (0, 0);
        using var handler = new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = Connections, UseCookies = false };
        using var client = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        var secret = token.Begin();
        var (sent, answered, refused) = (0, 0, 0);
        try
        {
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = Connections, CancellationToken = ct }, async (i, cancel) =>
            {
                if (Volatile.Read(ref refused) > 0)
                    return;
                var (sensorId, sensorSecret) = sensors[i % sensors.Count];
                var body = Body(sensorId);
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/sensor-events") { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new("application/json");
                request.Headers.Add("X-Lagesbild-Signature", SensorSignature.Sign(sensorSecret, body));
                request.Headers.Add(RehearsalToken.Header, secret);
                Interlocked.Increment(ref sent);
                using var response = await client.SendAsync(request, cancel);
                await response.Content.ReadAsByteArrayAsync(cancel);
                if (response.StatusCode == HttpStatusCode.OK)
                    Interlocked.Increment(ref answered);
                else if (Interlocked.Increment(ref refused) == 1)
                    log.LogWarning("The rehearsal over HTTP at {Address} was answered {Status}; it stops.", address, (int)response.StatusCode);
            });
        }
        finally
        {
            token.End();
        }
        return (sent, answered);
    }

    /// <summary>The first sensor of each of two sites, with its secret (none when there are no sensors).</summary>
    private async Task<List<(int Id, byte[] Secret)>> SensorsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LagesbildDb>();
        var directory = scope.ServiceProvider.GetRequiredService<SensorDirectory>();
        var sensors = new List<(int, byte[])>();
        var sensorIds = await db.Sensors.AsNoTracking().GroupBy(s => s.SiteId).Select(g => g.Min(s => s.Id)).OrderBy(id => id).Take(2).ToListAsync(ct);
        foreach (var sensorId in sensorIds)
        {
            if ((await directory.FindAsync(sensorId, db, ct))?.Secret is { } secret)
                sensors.Add((sensorId, secret));
        }
        return sensors;
    }

    private byte[] Body(int sensorId) =>
        JsonSerializer.SerializeToUtf8Bytes(new { sensorId, eventId = $"warm-up-{Guid.NewGuid():N}", type = "warm-up", occurredAt = time.GetUtcNow() });

    /// <summary>
    /// Waits until the runtime has compiled no method for a tenth of a second, for at most <paramref name="most"/>;
    /// says whether it came to rest.
    /// </summary>
    private static async Task<bool> SettleAsync(TimeSpan most, CancellationToken ct)
    {
        var until = Stopwatch.GetTimestamp() + (long)(most.TotalSeconds * Stopwatch.Frequency);
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        while (Stopwatch.GetTimestamp() < until)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now == compiled)
                return true;
            compiled = now;
        }
        return false;
    }

    /// <summary>
    /// Rehearses, <paramref name="rounds"/> times, one sensor's event and then events of two sites stored together
    /// (a batch of several sites reads its open alarms with another query); answers how many events went through,
    /// none when there are no sensors.
    /// </summary>
    public async Task<int> RehearseAsync(int rounds, CancellationToken ct)
    {
        var sensors = await SensorsAsync(ct);
        await using var scope = scopes.CreateAsyncScope();
        var ingest = scope.ServiceProvider.GetRequiredService<EventIngest>();
        var json = protocols.First(p => p.Name == "json");
        var rehearsed = 0;
        for (var round = 0; round < rounds; round++)
        {
            var events = new List<EventToStore>();
            foreach (var (sensorId, secret) in sensors)
            {
                var body = Body(sensorId);
                // Armed or not at this hour, the rehearsal takes the alarm's path.
                if ((await ingest.CheckAsync(body, SensorSignature.Sign(secret, body), ct)).Event is { } sent)
                    events.Add(sent with { Armed = true });
            }
            if (events.Count == 0)
                return 0;
            foreach (var batch in events.Count > 1 ? [events[..1], events] : new[] { events })
            {
                var stored = await writer.RehearseAsync(batch, ct);
                for (var i = 0; i < batch.Count; i++)
                {
                    if (stored[i].Alarm is { } view)
                        json.GetMessageBytes(new InvocationMessage(nameof(IAlarmClient.AlarmChanged), [view, EventIngest.Signal(batch[i])]));
                }
                rehearsed += batch.Count;
            }
        }
        return rehearsed;
    }
}
