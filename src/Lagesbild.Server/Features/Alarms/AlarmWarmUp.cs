using System.Diagnostics;
using System.Text.Json;
using Lagesbild.Core.Alarms;
using Lagesbild.Data;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.EntityFrameworkCore;
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
/// seconds' processor time from the first real events.
/// </summary>
public sealed class AlarmWarmUp(IServiceScopeFactory scopes, EventWriter writer, IEnumerable<IHubProtocol> protocols, TimeProvider time,
    IOptions<AlarmOptions> options, ILogger<AlarmWarmUp> log) : IHostedService
{
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
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Only speed is at stake: the server starts all the same.
            log.LogWarning(e, "Rehearsing the alarm path at start failed; the first events after the start may be slower.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

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
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LagesbildDb>();
        var directory = scope.ServiceProvider.GetRequiredService<SensorDirectory>();
        var ingest = scope.ServiceProvider.GetRequiredService<EventIngest>();
        var sensorIds = await db.Sensors.AsNoTracking().GroupBy(s => s.SiteId).Select(g => g.Min(s => s.Id)).OrderBy(id => id).Take(2).ToListAsync(ct);
        var json = protocols.First(p => p.Name == "json");
        var rehearsed = 0;
        for (var round = 0; round < rounds; round++)
        {
            var events = new List<EventToStore>();
            foreach (var sensorId in sensorIds)
            {
                if ((await directory.FindAsync(sensorId, db, ct))?.Secret is not { } secret)
                    continue;
                var body = JsonSerializer.SerializeToUtf8Bytes(new { sensorId, eventId = $"warm-up-{Guid.NewGuid():N}", type = "warm-up", occurredAt = time.GetUtcNow() });
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
