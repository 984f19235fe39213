using Lagesbild.Core.Alarms;
using Lagesbild.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Alarms;

/// <summary>
/// The escalation deadline as a durable timer: an alarm still dispatched when its acknowledge-by time has
/// passed goes to the next level. Only the pass whose conditional update moves the deadline acts, so two
/// servers do not escalate twice; after a restart the first pass catches up.
/// </summary>
public sealed class EscalationPass(LagesbildDb db, AlarmDispatcher dispatcher, AlarmPush push, TimeProvider time)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var due = await db.Alarms.AsNoTracking().Include(a => a.Site)
            .Where(a => a.Status == AlarmStatus.Dispatched && a.AcknowledgeBy != null && a.AcknowledgeBy <= now)
            .OrderBy(a => a.AcknowledgeBy).Take(200).ToListAsync(ct);
        var escalated = 0;
        foreach (var stale in due)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await AlarmDispatcher.LockSitesAsync(db, [stale.SiteId], ct);
            var deadline = stale.AcknowledgeBy;
            var alarm = await db.Alarms.SingleAsync(a => a.Id == stale.Id, ct);
            if (alarm.Status != AlarmStatus.Dispatched || alarm.AcknowledgeBy != deadline)
                continue;
            await dispatcher.AssignAsync(alarm, stale.Site!.DistrictId, alarm.EscalationLevel + 1, ct);
            // The row moves only if nobody acknowledged or escalated it since it was read.
            var claimed = await db.Alarms.Where(a => a.Id == alarm.Id && a.Status == AlarmStatus.Dispatched && a.AcknowledgeBy == deadline)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.AcknowledgeBy, alarm.AcknowledgeBy), ct);
            if (claimed == 0)
            {
                db.ChangeTracker.Clear();
                continue;
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
            await push.AlarmChangedAsync(alarm.Id, ct);
            escalated++;
        }
        return escalated;
    }
}

/// <summary>Runs the escalation pass and the panels' line supervision every few seconds.</summary>
public sealed class AlarmKeeper(IServiceScopeFactory scopes, IOptions<AlarmOptions> options, TimeProvider time, ILogger<AlarmKeeper> log)
    : Hosting.PeriodicWorker(scopes, time, log)
{
    protected override bool Enabled => options.Value.Worker;

    protected override TimeSpan Period => TimeSpan.FromSeconds(options.Value.WorkerSeconds);

    protected override IEnumerable<(string, Func<IServiceProvider, CancellationToken, Task>)> Steps() =>
        [
            (PanelLinesStep, (services, ct) => services.GetRequiredService<Dc09.LineSupervision>().KeepLinesAsync(ct)),
            ("escalate", (services, ct) => services.GetRequiredService<EscalationPass>().RunAsync(ct)),
            ("line-supervision", (services, ct) => services.GetRequiredService<Dc09.LineSupervision>().RunAsync(ct)),
        ];

    /// <summary>What this server heard from its panels is its own to write, so every server runs this step.</summary>
    private const string PanelLinesStep = "panel lines";

    protected override bool RunsOnEveryServer(string step) => step == PanelLinesStep;
}
