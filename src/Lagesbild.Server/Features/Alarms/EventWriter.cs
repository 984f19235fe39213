using System.Threading.Channels;
using Lagesbild.Data;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Alarms;

/// <summary>An event checked and ready to store: everything but the alarm it may open or join.</summary>
public sealed record EventToStore(SensorDirectory.Known Sensor, string EventId, string Type, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt, string? MediaUrl, bool Armed, string BodyHash)
{
    public SensorEvent Entity() => new()
    {
        SensorId = Sensor.Sensor.Id,
        EventId = EventId,
        Type = Type,
        OccurredAt = OccurredAt.ToUniversalTime(),
        ReceivedAt = ReceivedAt,
        MediaUrl = MediaUrl,
        Armed = Armed,
        BodyHash = BodyHash,
    };
}

/// <summary>What storing an event came to: its receipt, and the alarm as it now stands with who should hear of it.</summary>
public sealed record StoredEvent(EventReceipt Receipt, bool Replayed, bool Joined, AlarmView? Alarm, AlarmAudience? Audience);

/// <summary>
/// The one writer of sensor events. Events that arrive together are stored together: one transaction and one
/// durable commit for the lot, each sender answered once that commit is done, so a burst costs a few commits,
/// not one each. SQLite has one writer anyway, and while an event waits its turn here it holds no thread (SQLite's
/// own busy handling would sleep). Should a batch fail, its events are stored one by one, so that one bad event
/// fails alone.
/// </summary>
public sealed class EventWriter(IServiceScopeFactory scopes, Snapshots.AlarmSnapshotWorker snapshots, ILogger<EventWriter> log) : BackgroundService
{
    private const int MaxBatch = 256;

    /// <summary>How many events may wait for the writer; past that, senders wait for room (back-pressure).</summary>
    private const int QueueLimit = 10_000;

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(QueueLimit) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private sealed record Pending(EventToStore Event, bool Rehearsal, TaskCompletionSource<StoredEvent> Done);

    /// <summary>
    /// Stores the event (or finds it stored before) and answers once it is durable. A caller that stops waiting
    /// (a request aborted) does not stop the store: sent again, the event is answered as stored. A rehearsal (the
    /// start's, see <see cref="AlarmWarmUp"/>) goes the same way through the queue and is rolled back, not stored.
    /// </summary>
    public async Task<StoredEvent> StoreAsync(EventToStore sent, CancellationToken ct, bool rehearsal = false)
    {
        var pending = new Pending(sent, rehearsal, new TaskCompletionSource<StoredEvent>(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await _queue.Writer.WriteAsync(pending, ct);
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("The server is stopping: the event was not stored.");
        }
        return await pending.Done.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
                await WriteNextAsync();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Stopping: no new events, and what is queued is still stored and answered.
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryPeek(out _))
                await WriteNextAsync();
        }
    }

    /// <summary>Takes what is queued and stores it. A batch once taken is always finished, also while the server stops.</summary>
    private async Task WriteNextAsync()
    {
        // Sized to what waits (most batches are one event at a moderate rate), not to the most a batch may take.
        var batch = new List<Pending>(Math.Clamp(_queue.Reader.Count, 1, MaxBatch));
        while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            batch.Add(pending);
        var rehearsals = batch.Where(p => p.Rehearsal).ToList();
        if (rehearsals.Count > 0)
        {
            try
            {
                Complete(rehearsals, await StoreAsync(rehearsals.Select(p => p.Event).ToList(), lookEarlier: false, rehearsal: true, CancellationToken.None));
            }
            catch (Exception e)
            {
                // Rolled back anyway; the real events taken with it are stored all the same.
                foreach (var pending in rehearsals)
                    pending.Done.TrySetException(e);
            }
            batch = batch.Where(p => !p.Rehearsal).ToList();
        }
        try
        {
            if (batch.Count > 0)
                await WriteAsync(batch, CancellationToken.None);
        }
        catch (Exception e)
        {
            log.LogError(e, "Storing {Count} events failed; their senders get an error and send them again.", batch.Count);
            foreach (var pending in batch)
                pending.Done.TrySetException(e);
        }
        finally
        {
            foreach (var pending in batch)
                pending.Done.TrySetException(new InvalidOperationException("The event writer gave no answer."));
        }
    }

    /// <summary>
    /// Stores a batch as if none of its events were sent before, the common case. If the unique index says one was
    /// (a sensor's retry, the broker's redelivery), the transaction is rolled back and the batch stored again,
    /// looking up what is already there; if a constraint fails even then, one event at a time, so that one bad
    /// event fails alone. Any other failure (the database down or busy for long) fails the batch at once: its
    /// senders try again later, rather than the writer trying each event on its own.
    /// </summary>
    private async Task WriteAsync(List<Pending> batch, CancellationToken ct)
    {
        try
        {
            Complete(batch, await StoreAsync(batch, lookEarlier: false, ct));
            return;
        }
        catch (DbUpdateException e) when (!Hosting.DatabaseUnavailable.Is(e))
        {
            // An event stored before: the unique index said so, and the transaction was rolled back.
        }
        try
        {
            Complete(batch, await StoreAsync(batch, lookEarlier: true, ct));
        }
        catch (DbUpdateException e) when (batch.Count > 1 && !Hosting.DatabaseUnavailable.Is(e))
        {
            log.LogWarning(e, "Storing {Count} events together failed again; storing them one by one.", batch.Count);
            foreach (var pending in batch)
            {
                try
                {
                    await WriteAsync([pending], ct);
                }
                catch (Exception single)
                {
                    pending.Done.TrySetException(single);
                }
            }
        }
    }

    private static void Complete(List<Pending> batch, StoredEvent[] stored)
    {
        for (var i = 0; i < batch.Count; i++)
            batch[i].Done.TrySetResult(stored[i]);
    }

    /// <summary>
    /// Goes through storing events exactly as a batch is stored (the alarms they open or join, the dispatch, the
    /// views pushed) in a transaction that is then rolled back, and answers the views as a push would carry them.
    /// The start-up runs this once, so that the first real events after a restart do not wait while the runtime
    /// compiles this path and Entity Framework its queries. Nothing is kept (on PostgreSQL an alarm id may be
    /// skipped), nothing is pushed and no site card is remembered: a rolled-back alarm's id may be a real alarm's next.
    /// </summary>
    public async Task<IReadOnlyList<StoredEvent>> RehearseAsync(IReadOnlyList<EventToStore> events, CancellationToken ct) =>
        await StoreAsync(events, lookEarlier: false, rehearsal: true, ct);

    private Task<StoredEvent[]> StoreAsync(List<Pending> batch, bool lookEarlier, CancellationToken ct) =>
        StoreAsync(batch.Select(p => p.Event).ToList(), lookEarlier, rehearsal: false, ct);

    private async Task<StoredEvent[]> StoreAsync(IReadOnlyList<EventToStore> events, bool lookEarlier, bool rehearsal, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LagesbildDb>();
        var results = new StoredEvent[events.Count];
        var entities = new SensorEvent?[events.Count];
        // One connection for the transaction and the views after it: each opening costs the provider its set-up.
        await db.Database.OpenConnectionAsync(ct);
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var earlier = lookEarlier ? await EarlierAsync(db, events, ct) : [];
            var first = new Dictionary<(int, string), int>();
            var fresh = new List<int>();
            for (var i = 0; i < events.Count; i++)
            {
                var key = (events[i].Sensor.Sensor.Id, events[i].EventId);
                if (earlier.TryGetValue(key, out var receipt))
                    results[i] = new StoredEvent(receipt, Replayed: true, Joined: false, null, null);
                else if (!first.TryAdd(key, i))
                    continue; // the same event twice in one batch: answered as the first, below
                else
                    fresh.Add(i);
            }
            foreach (var i in fresh)
                entities[i] = events[i].Entity();
            var armed = fresh.Where(i => events[i].Armed).ToList();
            var touched = await scope.ServiceProvider.GetRequiredService<AlarmDispatcher>()
                .OpenOrJoinAsync(armed.Select(i => (events[i].Sensor.Sensor, entities[i]!)).ToList(), ct);
            for (var n = 0; n < armed.Count; n++)
                entities[armed[n]]!.AlarmId = touched[n].Alarm.Id;
            await EventRows.InsertAsync(db, fresh.Select(i => entities[i]!).ToList(), ct);
            await EventRows.UpdateCountsAsync(db, touched.Where(t => t.Joined).Select(t => t.Alarm).Distinct().ToList(), ct);
            if (!rehearsal)
            {
                await transaction.CommitAsync(ct);
                // An alarm just opened: its cameras' stills are fetched apart from this transaction and the senders' answers.
                foreach (var (alarm, _) in touched.Where(t => !t.Joined))
                    snapshots.Enqueue(alarm.Id);
            }

            var latestMedia = armed.Select((i, n) => (AlarmId: touched[n].Alarm.Id, Sent: events[i])).Where(e => e.Sent.MediaUrl is not null)
                .GroupBy(e => e.AlarmId).ToDictionary(g => g.Key, g =>
                {
                    var last = g.MaxBy(e => e.Sent.OccurredAt).Sent;
                    return (last.MediaUrl!, last.OccurredAt);
                });
            var views = await ViewsAsync(scope.ServiceProvider, db, touched.Select(t => t.Alarm).Distinct().ToList(), events.Select(e => e.Sensor.Sensor.Site!), latestMedia, remember: !rehearsal, ct);
            var joined = armed.Select((i, n) => (i, touched[n].Joined)).ToDictionary(x => x.i, x => x.Joined);
            foreach (var i in fresh)
            {
                var entity = entities[i]!;
                var view = entity.AlarmId is { } alarmId && views is not null ? views[alarmId] : default;
                results[i] = new StoredEvent(new EventReceipt(entity.EventId, entity.Armed, entity.AlarmId), Replayed: false, joined.GetValueOrDefault(i), view.View, view.Audience);
            }
            for (var i = 0; i < events.Count; i++)
            {
                if (results[i] is null && first.TryGetValue((events[i].Sensor.Sensor.Id, events[i].EventId), out var original))
                    results[i] = results[original] with { Replayed = true, Alarm = null, Audience = null };
            }
            if (rehearsal)
                await transaction.RollbackAsync(ct);
        }
        return results;
    }

    private static async Task<Dictionary<(int, string), EventReceipt>> EarlierAsync(LagesbildDb db, IReadOnlyList<EventToStore> events, CancellationToken ct)
    {
        var sensorIds = events.Select(e => e.Sensor.Sensor.Id).Distinct().ToList();
        var eventIds = events.Select(e => e.EventId).Distinct().ToList();
        var rows = await db.SensorEvents.AsNoTracking().Where(e => sensorIds.Contains(e.SensorId) && eventIds.Contains(e.EventId))
            .Select(e => new { e.SensorId, Receipt = new EventReceipt(e.EventId, e.Armed, e.AlarmId) }).ToListAsync(ct);
        return rows.ToDictionary(r => (r.SensorId, r.Receipt.EventId), r => r.Receipt);
    }

    /// <summary>The alarms the batch touched, as they now stand, each built once however many of its events came together.</summary>
    /// <remarks>The events are stored by now: a failure here costs the live push only, never the answer.</remarks>
    private async Task<Dictionary<long, (AlarmView View, AlarmAudience Audience)>?> ViewsAsync(
        IServiceProvider services, LagesbildDb db, List<Alarm> alarms, IEnumerable<Site> sites, Dictionary<long, (string Url, DateTimeOffset At)> latestMedia, bool remember, CancellationToken ct)
    {
        if (alarms.Count == 0)
            return [];
        try
        {
            // The alarms as stored, with their sites as the sensors were read and their timelines as the transaction
            // read and wrote them (the dispatcher reads an open alarm with its timeline, and writes a new one's), let
            // go of by the context first, so that the sites as the sensor directory keeps them are never tracked.
            db.ChangeTracker.Clear();
            var siteOf = sites.DistinctBy(s => s.Id).ToDictionary(s => s.Id);
            foreach (var alarm in alarms)
                alarm.Site = siteOf[alarm.SiteId];
            var build = services.GetRequiredService<AlarmViews>();
            var views = remember ? await build.ViewsForPushAsync(alarms, latestMedia, ct) : await build.ViewsAsync(alarms, ct);
            return alarms.Zip(views).ToDictionary(p => p.First.Id, p => (p.Second, AlarmAudience.Of(p.First)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Building the views of {Count} stored alarms failed; consoles read them from the API.", alarms.Count);
            return null;
        }
    }
}
