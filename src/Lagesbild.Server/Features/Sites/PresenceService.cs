using Lagesbild.Core.Access;
using Lagesbild.Core.Sites;
using Lagesbild.Core.Time;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Sites;

/// <summary>Adults planned in the yard during opening hours, and the open hours that nobody covers.</summary>
public sealed class PresenceService(LagesbildDb db, ExposureService exposure)
{
    /// <summary>An hour at which a nearby scene has at least this share of its busiest hour counts as active.</summary>
    public const double ActiveShare = 0.5;

    public async Task<PresenceWeek?> GetAsync(int siteId, CurrentUser user, CancellationToken ct)
    {
        var site = await db.Sites.AsNoTracking().VisibleTo(user).SingleOrDefaultAsync(s => s.Id == siteId, ct);
        if (site is null)
            return null;
        var slots = await db.YardPresenceSlots.AsNoTracking().Where(p => p.SiteId == siteId).ToListAsync(ct);
        var hours = SiteCalendar.HoursOf(site);
        var active = await SceneActivityAsync(site, user, ct);
        var core = slots.Select(ToCore).ToList();
        var week = YardPresence.Week(hours, core);
        var gaps = YardPresence.Gaps(hours, core).Select(g => new PresenceGapView(
            g.Day, SiteCalendar.Format(g.From), SiteCalendar.Format(g.To), HoursOf(g).Any(h => active[h]))).ToList();
        return new PresenceWeek(site.Id, site.Name,
            slots.OrderBy(s => HourOfWeek.DayIndex(s.Day)).ThenBy(s => s.FromMinute).Select(ToBody).ToList(),
            Enumerable.Range(0, HourOfWeek.Count).Select(h => new PresenceHour(h, week[h], active[h])).ToList(),
            gaps);
    }

    public async Task<Outcome<PresenceWeek>> PlanAsync(int siteId, PresenceRequest request, CurrentUser user, CancellationToken ct)
    {
        var site = await db.Sites.AsNoTracking().VisibleTo(user).SingleOrDefaultAsync(s => s.Id == siteId, ct);
        if (site is null)
            return new Outcome<PresenceWeek>.Missing();
        if (!Permissions.CanPlanPresence(user.Roles))
            return new Outcome<PresenceWeek>.Refused("Presence in the yard is planned by the school's manager or a coordinator.");
        var hours = SiteCalendar.HoursOf(site);
        var errors = new Dictionary<string, string[]>();
        var rows = new List<YardPresenceSlot>();
        var bodies = request.Slots!;
        if (bodies.Length > 200)
            return Outcome<PresenceWeek>.Field("slots", "At most 200 slots per site.");
        for (var i = 0; i < bodies.Length; i++)
        {
            var body = bodies[i];
            if (!SiteCalendar.TryParseTime(body.From, out var from) || !SiteCalendar.TryParseTime(body.To, out var to))
            {
                errors[$"slots[{i}]"] = ["from and to must be times such as 07:30."];
                continue;
            }
            var slot = new PresenceSlot(body.Day!.Value, from, to);
            if (YardPresence.Check(hours, slot) is { } error)
                errors[$"slots[{i}]"] = [error];
            else
                rows.Add(new YardPresenceSlot { SiteId = siteId, Day = slot.Day, FromMinute = Exposure.Minutes(from), ToMinute = Exposure.Minutes(to), Who = body.Who?.Trim() });
        }
        if (errors.Count > 0)
            return new Outcome<PresenceWeek>.Invalid(errors);
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await db.YardPresenceSlots.Where(p => p.SiteId == siteId).ExecuteDeleteAsync(ct);
            db.YardPresenceSlots.AddRange(rows);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        return (await GetAsync(siteId, user, ct))!;
    }

    /// <summary>For each hour of the week, whether an active scene within 500 m is busy then.</summary>
    private async Task<bool[]> SceneActivityAsync(Site site, CurrentUser user, CancellationToken ct)
    {
        var active = new bool[HourOfWeek.Count];
        var near = ExposureService.NearbyOf(site, await exposure.ActiveScenesAsync(ct), ExposureService.DefaultRadius);
        var cache = new Dictionary<int, double[]>();
        foreach (var n in near)
        {
            var profile = await exposure.ProfileAsync(n.Scene.Scene, user, cache, ct);
            for (var h = 0; h < HourOfWeek.Count; h++)
                active[h] |= profile[h] >= ActiveShare;
        }
        return active;
    }

    private static IEnumerable<int> HoursOf(PresenceGap gap)
    {
        var dayStart = HourOfWeek.DayIndex(gap.Day) * 24;
        var (from, to) = (Exposure.Minutes(gap.From), Exposure.Minutes(gap.To));
        for (var hour = from / 60; hour * 60 < to; hour++)
            yield return dayStart + hour;
    }

    private static PresenceSlot ToCore(YardPresenceSlot s) => new(s.Day, Exposure.TimeOf(s.FromMinute), Exposure.TimeOf(s.ToMinute));

    private static PresenceSlotBody ToBody(YardPresenceSlot s) =>
        new(s.Day, SiteCalendar.Format(Exposure.TimeOf(s.FromMinute)), SiteCalendar.Format(Exposure.TimeOf(s.ToMinute)), s.Who);
}
