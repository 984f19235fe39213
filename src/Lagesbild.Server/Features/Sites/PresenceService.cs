using Lagesbild.Core.Access;
using Lagesbild.Core.Sites;
using Lagesbild.Core.Time;
using Lagesbild.Core.Validation;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Sites;

/// <summary>Adults planned in the yard during opening hours, and the open hours that nobody covers.</summary>
public sealed class PresenceService(LagesbildDb db, ExposureService exposure)
{
    public const int MaxSlots = 200;

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
            g.Day, ClockTime.Format(g.From), ClockTime.Format(g.To), YardPresence.MeetsActivity(g, active))).ToList();
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
        var refusals = new Refusals();
        var rows = new List<YardPresenceSlot>();
        var bodies = request.Slots!;
        if (bodies.Length > MaxSlots)
            return Outcome<PresenceWeek>.Field(new Refusal("slots", RefusalCodes.TooMany, $"At most {MaxSlots} slots per site.", [MaxSlots]));
        for (var i = 0; i < bodies.Length; i++)
        {
            var body = bodies[i];
            if (YardPresence.Read(hours, body.Day!.Value, body.From, body.To, $"slots[{i}]", out var slot) is { } refusal)
                refusals.Add(refusal);
            else
                rows.Add(new YardPresenceSlot { SiteId = siteId, Day = slot.Day, FromMinute = ClockTime.Minutes(slot.From), ToMinute = ClockTime.Minutes(slot.To), Who = body.Who?.Trim() });
        }
        if (refusals.Count > 0)
            return Outcome<PresenceWeek>.Because(refusals);
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await db.YardPresenceSlots.Where(p => p.SiteId == siteId).ExecuteDeleteAsync(ct);
            db.YardPresenceSlots.AddRange(rows);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        return (await GetAsync(siteId, user, ct))!;
    }

    /// <summary>For each hour of the week, whether an active scene near the site is busy then.</summary>
    private async Task<bool[]> SceneActivityAsync(Site site, CurrentUser user, CancellationToken ct)
    {
        var near = ExposureService.NearbyOf(site, await exposure.ActiveScenesAsync(ct), Exposure.DefaultRadiusMetres);
        var cache = new Dictionary<int, double[]>();
        var profiles = new List<double[]>();
        foreach (var n in near)
            profiles.Add(await exposure.ProfileAsync(n.Scene.Scene, user, cache, ct));
        return YardPresence.ActiveHours(profiles);
    }

    private static PresenceSlot ToCore(YardPresenceSlot s) => new(s.Day, ClockTime.FromMinutes(s.FromMinute), ClockTime.FromMinutes(s.ToMinute));

    private static PresenceSlotBody ToBody(YardPresenceSlot s) =>
        new(s.Day, ClockTime.Format(ClockTime.FromMinutes(s.FromMinute)), ClockTime.Format(ClockTime.FromMinutes(s.ToMinute)), s.Who);
}
