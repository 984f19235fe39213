using Lagesbild.Core.Alarms;
using Lagesbild.Data;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Alarms.Dc09;

/// <summary>
/// Line supervision of the DC-09 panels. A supervised panel not heard from for its interval plus grace raises one
/// "line fault" alarm at its site, given straight to the control room (a guard on patrol cannot mend a line), once per
/// outage: the account keeps the alarm's id until the panel is heard from again. The next message clears the fault:
/// the alarm is cancelled with a timeline entry when nothing else joined it, else the entry says the line is back and
/// the alarm stays for whoever has it. Only the pass whose conditional update claims the account raises, so two
/// servers do not raise twice. Time the receiver was not listening does not count as silence.
/// </summary>
public sealed class LineSupervision(LagesbildDb db, PanelLines lines, AlarmDispatcher dispatcher, AlarmPush push, TimeProvider time, ILogger<LineSupervision> log)
{
    public const string Restored = "line-restored";

    /// <summary>
    /// This server's part, run on every server: writes when its panels were last heard from, and reads which lines are
    /// at fault, so that a panel that comes back through this server clears a fault another server raised.
    /// </summary>
    public async Task KeepLinesAsync(CancellationToken ct)
    {
        await WriteHeardAsync(ct);
        lines.Faults(await db.PanelAccounts.AsNoTracking().Where(p => p.LineFaultAlarmId != null).Select(p => p.Id).ToListAsync(ct));
    }

    /// <summary>The shared part, run by one server at a time: raises a fault for each panel silent too long.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        await WriteHeardAsync(ct);
        var now = time.GetUtcNow();
        var panels = await db.PanelAccounts.AsNoTracking().Include(p => p.Site)
            .Where(p => p.SupervisionSeconds > 0 || p.LineFaultAlarmId != null).ToListAsync(ct);
        lines.Faults(panels.Where(p => p.LineFaultAlarmId is not null).Select(p => p.Id));
        if (lines.ListeningSince is not { } listening)
            return 0;
        var raised = 0;
        foreach (var panel in panels.Where(p => p.LineFaultAlarmId is null && p.SupervisionSeconds > 0))
        {
            var heard = new[] { panel.LastMessageAt ?? panel.CreatedAt, panel.CreatedAt, listening }.Max();
            if (now <= heard.AddSeconds(panel.SupervisionSeconds + panel.GraceSeconds))
                continue;
            if (await RaiseAsync(panel, heard, ct) is { } alarmId)
            {
                raised++;
                lines.Faulted(panel.Id);
                await push.AlarmChangedAsync(alarmId, ct);
            }
        }
        return raised;
    }

    private async Task<long?> RaiseAsync(PanelAccount panel, DateTimeOffset heard, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var detail = $"{PanelEventTypes.LineFault}: {panel.Name} (#{panel.Account}), {Core.Time.Stockholm.ToLocal(heard):yyyy-MM-dd HH:mm:ss}";
        var alarm = await dispatcher.OpenForControlRoomAsync(panel.Site!, panel.Name, detail, ct);
        var claimed = await db.PanelAccounts.Where(p => p.Id == panel.Id && p.LineFaultAlarmId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.LineFaultAlarmId, alarm.Id), ct);
        if (claimed == 0)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return null;
        }
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        log.LogWarning("Panel {Account} at site {SiteId} was last heard from at {Heard}: line fault, alarm {AlarmId}.", panel.Account, panel.SiteId, heard, alarm.Id);
        return alarm.Id;
    }

    /// <summary>The panel was heard from: its line fault, if it has one, is over.</summary>
    public async Task ClearAsync(int panelId, DateTimeOffset at, CancellationToken ct)
    {
        var alarmId = await db.PanelAccounts.Where(p => p.Id == panelId).Select(p => p.LineFaultAlarmId).SingleOrDefaultAsync(ct);
        if (alarmId is null)
        {
            lines.Cleared(panelId);
            return;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // An event joining the alarm meanwhile must count: with no event it is cancelled, with one it stays.
        await AlarmDispatcher.LockSitesAsync(db, await db.Alarms.Where(a => a.Id == alarmId).Select(a => a.SiteId).ToListAsync(ct), ct);
        var claimed = await db.PanelAccounts.Where(p => p.Id == panelId && p.LineFaultAlarmId == alarmId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.LineFaultAlarmId, (long?)null).SetProperty(p => p.LastMessageAt, at), ct);
        var alarm = claimed == 0 ? null : await db.Alarms.SingleOrDefaultAsync(a => a.Id == alarmId, ct);
        if (alarm is not null && AlarmRules.IsOpen(alarm.Status))
        {
            var note = "The panel reported again: the line is restored.";
            if (alarm.EventCount == 0)
            {
                (alarm.Status, alarm.ResolvedAt, alarm.AcknowledgeBy) = (AlarmStatus.Cancelled, at, null);
                alarm.Timeline.Add(AlarmDispatcher.Entry(at, AlarmTimeline.Cancelled, null, "Lägesbild", note));
            }
            else
                alarm.Timeline.Add(AlarmDispatcher.Entry(at, Restored, null, "Lägesbild", note));
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        lines.Cleared(panelId);
        if (alarm is not null)
            await push.AlarmChangedAsync(alarm.Id, ct);
    }

    /// <summary>Writes when panels were last heard from; what fails is kept for the next pass.</summary>
    private async Task WriteHeardAsync(CancellationToken ct)
    {
        var heard = lines.TakeHeard();
        if (heard.Count == 0)
            return;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var (id, at) in heard)
            {
                await db.PanelAccounts.Where(p => p.Id == id && (p.LastMessageAt == null || p.LastMessageAt < at))
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.LastMessageAt, at), ct);
            }
            await transaction.CommitAsync(ct);
        }
        catch
        {
            lines.PutBack(heard);
            throw;
        }
    }
}
