using Lagesbild.Core.Alarms;
using Lagesbild.Core.Rounds;
using Lagesbild.Data;
using Lagesbild.Server.Features.Picture;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Operations;

/// <summary>The measures read from the database at one moment (docs/operations.md says what each means).</summary>
public sealed record OperationsReading(
    DateTimeOffset At,
    int OutboxDepth,
    TimeSpan OutboxOldestAge,
    int EscalationsOverdue,
    TimeSpan EscalationLag,
    TimeSpan MissedRoundLag,
    long PictureIndexBehind,
    TimeSpan PictureIndexLag,
    IReadOnlyDictionary<string, bool> Health);

/// <summary>The last reading, which the gauges answer from; none before the first.</summary>
public sealed class OperationsReadings(TimeProvider clock)
{
    public TimeProvider Clock => clock;

    public OperationsReading? Current { get; set; }
}

/// <summary>
/// Reads the measures: a handful of queries, each on an index (the outbox by sent time, alarms by status and
/// acknowledge-by, rounds by status and deadline, observations by id), and the readiness checks.
/// </summary>
public sealed class OperationsReader(LagesbildDb db, PictureIndexCache index, HealthCheckService health, TimeProvider time)
{
    public async Task<OperationsReading> ReadAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var unsent = db.OutboxMessages.AsNoTracking().Where(m => m.SentAt == null);
        var outboxDepth = await unsent.CountAsync(ct);
        var oldestMessage = await unsent.MinAsync(m => (DateTimeOffset?)m.CreatedAt, ct);

        var overdue = db.Alarms.AsNoTracking().Where(a => a.Status == AlarmStatus.Dispatched && a.AcknowledgeBy != null && a.AcknowledgeBy <= now);
        var escalationsOverdue = await overdue.CountAsync(ct);
        var oldestDeadline = await overdue.MinAsync(a => a.AcknowledgeBy, ct);

        var oldestUnmarked = await db.Rounds.AsNoTracking()
            .Where(r => (r.Status == RoundStatus.Due || r.Status == RoundStatus.InProgress) && r.MissedAt == null && r.Deadline <= now)
            .MinAsync(r => (DateTimeOffset?)r.Deadline, ct);

        var (behind, pictureLag) = await PictureIndexLagAsync(now, ct);

        var report = await health.CheckHealthAsync(c => c.Tags.Contains(OperationsSetup.Ready), ct);
        var checks = report.Entries.Where(e => !e.Value.Data.TryGetValue(RedisCheck.Configured, out var configured) || configured is not false)
            .ToDictionary(e => e.Key, e => e.Value.Status == HealthStatus.Healthy);

        return new OperationsReading(now, outboxDepth, Since(oldestMessage), escalationsOverdue, Since(oldestDeadline), Since(oldestUnmarked), behind, pictureLag, checks);

        TimeSpan Since(DateTimeOffset? then) => then is { } t && t < now ? now - t : TimeSpan.Zero;
    }

    /// <summary>
    /// How many observations this node's picture index has not read, and how old the oldest of them is. The index
    /// reads the database again on every use (a picture request), so on a node nobody asks for a picture both grow
    /// harmlessly; an index not loaded yet has nothing stale to show and counts as behind by nothing.
    /// </summary>
    private async Task<(long Behind, TimeSpan Lag)> PictureIndexLagAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (index.NewestId is not { } held)
            return (0, TimeSpan.Zero);
        var newest = await db.Observations.MaxAsync(o => (long?)o.Id, ct) ?? 0;
        if (newest <= held)
            return (0, TimeSpan.Zero);
        var oldestMissing = await db.Observations.AsNoTracking().Where(o => o.Id > held).OrderBy(o => o.Id).Select(o => (DateTimeOffset?)o.ReportedAt).FirstOrDefaultAsync(ct);
        return (newest - held, oldestMissing is { } at && at < now ? now - at : TimeSpan.Zero);
    }
}

/// <summary>Reads the measures every <see cref="TelemetryOptions.GaugeSeconds"/> while telemetry is on.</summary>
public sealed class OperationsWorker(IServiceScopeFactory scopes, OperationsReadings readings, IOptions<TelemetryOptions> options, TimeProvider time, ILogger<OperationsWorker> log)
    : Hosting.PeriodicWorker(scopes, time, log)
{
    protected override bool Enabled => options.Value.Enabled;

    protected override TimeSpan Period => TimeSpan.FromSeconds(options.Value.GaugeSeconds);

    protected override IEnumerable<(string, Func<IServiceProvider, CancellationToken, Task>)> Steps() =>
        [("read measures", async (services, ct) => readings.Current = await services.GetRequiredService<OperationsReader>().ReadAsync(ct))];
}
