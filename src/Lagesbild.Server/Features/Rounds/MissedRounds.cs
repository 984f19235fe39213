using System.Globalization;
using Lagesbild.Core.Rounds;
using Lagesbild.Core.Time;
using Lagesbild.Data;
using Lagesbild.Server.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Rounds;

/// <summary>
/// The deadline as a durable timer: each round row carries its deadline, and every pass marks the unfinished
/// ones whose deadline has passed as missed and tells the site's managers, in the same transaction. A restart
/// loses nothing (the rows wait), and two servers cannot both notify (only one update changes the row).
/// </summary>
public sealed class MissedRounds(LagesbildDb db, Notifier notifier, TimeProvider time)
{
    public const string Kind = "round.missed";

    public async Task<int> MarkAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var overdue = await db.Rounds.AsNoTracking().Include(r => r.Site)
            .Where(r => (r.Status == RoundStatus.Due || r.Status == RoundStatus.InProgress) && r.MissedAt == null && r.Deadline <= now)
            .OrderBy(r => r.Deadline).Take(500).ToListAsync(ct);
        var marked = 0;
        foreach (var round in overdue)
        {
            var told = await notifier.TellOnceAsync(
                c => db.Rounds
                    .Where(r => r.Id == round.Id && (r.Status == RoundStatus.Due || r.Status == RoundStatus.InProgress) && r.MissedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RoundStatus.Missed).SetProperty(r => r.MissedAt, now), c),
                async c => (NoticeOf(round), await notifier.ManagersOfAsync(round.Site!.OrganisationId, c)), ct);
            marked += told ? 1 : 0;
        }
        return marked;
    }

    public static Notice NoticeOf(Round round)
    {
        var deadline = Stockholm.ToLocal(round.Deadline).ToString("HH:mm", CultureInfo.InvariantCulture);
        var date = round.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var site = round.Site!.Name;
        return new Notice(
            Kind,
            $"Morgonronden på {site} {date} var inte klar kl. {deadline}.",
            new Dictionary<string, string> { ["site"] = site, ["date"] = date, ["deadline"] = deadline },
            $"/rounds/{round.Id}",
            new { roundId = round.Id, siteId = round.SiteId, site, date, deadline = round.Deadline },
            $"Missad morgonrond: {site}",
            $"Morgonronden på {site} den {date} var inte avslutad vid tidsgränsen kl. {deadline}.\n" +
            $"The morning round at {site} on {date} was not completed by its deadline ({deadline}).");
    }
}

/// <summary>
/// Plans today's and tomorrow's rounds and marks missed ones, every half minute; a failure to plan does not stop
/// missed rounds from being marked.
/// </summary>
public sealed class RoundKeeper(IServiceScopeFactory scopes, IOptions<RoundOptions> options, TimeProvider time, ILogger<RoundKeeper> log)
    : Hosting.PeriodicWorker(scopes, time, log)
{
    protected override bool Enabled => options.Value.Worker;

    protected override TimeSpan Period => TimeSpan.FromSeconds(options.Value.WorkerSeconds);

    protected override IEnumerable<(string, Func<IServiceProvider, CancellationToken, Task>)> Steps() =>
    [
        ("plan", async (services, ct) =>
        {
            var planner = services.GetRequiredService<RoundPlanner>();
            var today = DateOnly.FromDateTime(Stockholm.ToLocal(Time.GetUtcNow()));
            await planner.PlanAsync(today, ct);
            await planner.PlanAsync(today.AddDays(1), ct);
        }),
        ("mark missed", (services, ct) => services.GetRequiredService<MissedRounds>().MarkAsync(ct)),
        ("findings jump", (services, ct) => services.GetRequiredService<ChildSafetyAlerts>().CheckJumpsAsync(ct)),
        ("resident promises overdue", (services, ct) => services.GetRequiredService<Residents.PromiseWatch>().AlertOverdueAsync(ct)),
    ];
}

/// <summary>
/// Compares nearby scenes' activity with each site's opening hours every quarter of an hour: the profiles change
/// slowly and are a year of observations each, so this pass runs apart from the half-minute one.
/// </summary>
public sealed class OverlapKeeper(IServiceScopeFactory scopes, IOptions<RoundOptions> options, TimeProvider time, ILogger<OverlapKeeper> log)
    : Hosting.PeriodicWorker(scopes, time, log)
{
    protected override bool Enabled => options.Value.Worker;

    protected override TimeSpan Period => TimeSpan.FromMinutes(15);

    protected override IEnumerable<(string, Func<IServiceProvider, CancellationToken, Task>)> Steps() =>
        [("scene activity in opening hours", (services, ct) => services.GetRequiredService<ChildSafetyAlerts>().CheckOverlapsAsync(ct))];
}
