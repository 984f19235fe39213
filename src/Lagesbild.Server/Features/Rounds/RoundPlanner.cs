using Lagesbild.Core.Rounds;
using Lagesbild.Core.Sites;
using Lagesbild.Data;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Sites;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Rounds;

/// <summary>
/// Plans the morning rounds of a date: one per site that is open that day and needs a round, with the deadline
/// the lead time before opening and the checklist of its kind as it stands. Planning twice plans nothing new.
/// </summary>
public sealed class RoundPlanner(LagesbildDb db, SchoolYear schoolYear, ExposureService exposure, IOptions<RoundOptions> options, TimeProvider time)
{
    public async Task<IReadOnlyList<string>> ChecklistAsync(SiteKind kind, CancellationToken ct)
    {
        var items = await db.ChecklistItems.AsNoTracking().Where(c => c.Kind == kind).OrderBy(c => c.Position).Select(c => c.Text).ToListAsync(ct);
        return items.Count > 0 ? items : Checklists.Default(kind);
    }

    /// <summary>Replaces the checklist of a kind of site, if the core's rules allow it; answers the list as it now stands.</summary>
    public async Task<Outcome<IReadOnlyList<string>>> SaveChecklistAsync(SiteKind kind, IReadOnlyList<string> items, CancellationToken ct)
    {
        if (Checklists.Check(items) is { } refusal)
            return Outcome<IReadOnlyList<string>>.Field(refusal);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.ChecklistItems.Where(c => c.Kind == kind).ExecuteDeleteAsync(ct);
        db.ChecklistItems.AddRange(items.Select((text, i) => new ChecklistItem { Kind = kind, Position = i, Text = text }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new Outcome<IReadOnlyList<string>>.Done(await ChecklistAsync(kind, ct));
    }

    /// <summary>
    /// Plans the rounds of a date whose deadline is still ahead; answers how many were added. A site that comes to
    /// need a round after its deadline (flagged at noon, a server started late) gets one from the next day: nobody
    /// was asked to walk it in time, so it is neither due nor missed.
    /// </summary>
    public Task<int> PlanAsync(DateOnly date, CancellationToken ct) => PlanAsync(date, pastDeadlines: false, ct);

    /// <summary>Plans a date's rounds, past deadlines included (the demo's history); they start as missed.</summary>
    public async Task<int> PlanAsync(DateOnly date, bool pastDeadlines, CancellationToken ct)
    {
        var planned = await db.Rounds.AsNoTracking().Where(r => r.Date == date).Select(r => r.SiteId).ToListAsync(ct);
        var sites = await db.Sites.AsNoTracking().Where(s => !planned.Contains(s.Id)).ToListAsync(ct);
        if (sites.Count == 0)
            return 0;
        var active = await exposure.ActiveScenesAsync(ct);
        var checklists = new Dictionary<SiteKind, string>();
        var now = time.GetUtcNow();
        var settings = options.Value;
        var added = 0;
        foreach (var site in sites)
        {
            if (RoundPlan.Deadline(schoolYear.ScheduleOf(site, date.Year), date, settings.Lead) is not { } deadline)
                continue;
            var late = deadline <= now;
            if (late && !pastDeadlines)
                continue;
            var nearest = ExposureService.NearbyOf(site, active, RoundPlan.AutoFlagMetres).FirstOrDefault()?.DistanceMetres;
            if (!RoundPlan.IsRequired(settings.Scope, site.RoundsFlagged, nearest))
                continue;
            if (!checklists.TryGetValue(site.Kind, out var checklist))
                checklists[site.Kind] = checklist = RoundChecklist.Write((await ChecklistAsync(site.Kind, ct)).Select(i => new ChecklistEntry(i, null, null)));
            db.Rounds.Add(new Round
            {
                SiteId = site.Id,
                Date = date,
                Deadline = deadline,
                Status = late ? RoundStatus.Missed : RoundStatus.Due,
                MissedAt = late ? now : null,
                Checklist = checklist,
                CreatedAt = now,
            });
            added++;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another process planned the same date at the same moment: its rounds stand.
            db.ChangeTracker.Clear();
            return 0;
        }
        return added;
    }
}
