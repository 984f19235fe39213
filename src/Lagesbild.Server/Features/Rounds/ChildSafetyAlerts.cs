using System.Globalization;
using Lagesbild.Core.Access;
using Lagesbild.Core.Rounds;
using Lagesbild.Core.Sites;
using Lagesbild.Core.Time;
using Lagesbild.Data;
using Lagesbild.Server.Features.Notifications;
using Lagesbild.Server.Features.Scenes;
using Lagesbild.Server.Features.Sites;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Rounds;

/// <summary>
/// Tells a school's principal, and for dangerous finds its property contact, what puts its children at risk: a syringe
/// or dangerous object left in the yard (at once, with the finding), nearby scene activity that starts to meet the
/// opening hours, and a week whose findings jump against the four before it (each once per change).
/// </summary>
public sealed class ChildSafetyAlerts(LagesbildDb db, Notifier notifier, ExposureService exposure, SceneService scenes, TimeProvider time)
{
    public const string NotRemoved = "finding.not-removed";
    public const string OverlapStarted = "site.overlap-started";
    public const string FindingsJumped = "site.findings-jumped";

    /// <summary>Adds the notices of a finding not removed to the caller's unit of work, so that they commit with the finding.</summary>
    public async Task AddNotRemovedAsync(Round round, Finding finding, CancellationToken ct)
    {
        var site = round.Site!;
        var recipients = await notifier.ManagersOfAsync(site.OrganisationId, ct);
        if (site.PropertyContactOrganisationId is { } contact)
            recipients = [.. recipients, .. await db.Users.AsNoTracking().Where(u => u.IsActive && u.OrganisationId == contact).ToListAsync(ct)];
        recipients = [.. recipients.DistinctBy(u => u.Id)];
        notifier.Add(NoticeOf(round, finding), recipients, site.PropertyContactEmail is { } email ? [email] : []);
    }

    public static Notice NoticeOf(Round round, Finding finding)
    {
        var site = round.Site!.Name;
        var at = Stockholm.ToLocal(finding.FoundAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var count = finding.Count.ToString(CultureInfo.InvariantCulture);
        var (what, whatEn) = finding.Category == FindingCategory.Syringes ? ("kanyler/sprutor", "syringes") : ("farliga föremål", "dangerous objects");
        return new Notice(
            NotRemoved,
            $"{site}: {count} {what} hittades {at} och kunde inte tas om hand säkert.",
            new Dictionary<string, string> { ["site"] = site, ["count"] = count, ["what"] = what, ["whatEn"] = whatEn, ["at"] = at },
            $"/rounds/{round.Id}",
            new { findingId = finding.Id, roundId = round.Id, siteId = round.SiteId, site, category = finding.Category.ToString(), count = finding.Count, foundAt = finding.FoundAt, lat = finding.Lat, lon = finding.Lon },
            $"Ej omhändertaget fynd: {site}",
            $"Vid morgonronden på {site} hittades {count} {what} ({at}) som inte kunde tas om hand säkert. De ligger kvar och behöver hämtas innan barnen kommer.\n" +
            $"The morning round at {site} found {count} {whatEn} ({at}) that could not be removed safely. They are still there and must be collected before the children arrive.");
    }

    /// <summary>
    /// Tells each site's principal when nearby scenes become active in hours the site is open that they were not active in
    /// when last told; the hours told are kept on the site, so a pass that finds the same overlap tells nobody.
    /// </summary>
    public async Task<int> CheckOverlapsAsync(CancellationToken ct)
    {
        var active = await exposure.ActiveScenesAsync(ct);
        var visible = Permissions.VisibleClassifications([Role.SchoolManager]);
        var profiles = new Dictionary<int, double[]>();
        var now = time.GetUtcNow();
        var told = 0;
        foreach (var site in await db.Sites.AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct))
        {
            var near = ExposureService.NearbyOf(site, active, Exposure.DefaultRadiusMetres);
            var hours = new List<IReadOnlyList<double>>();
            foreach (var n in near)
            {
                var scene = n.Scene.Scene;
                if (!profiles.TryGetValue(scene.Id, out var profile))
                    profiles[scene.Id] = profile = scene.ManualActiveHours ?? (await scenes.DerivedProfileAsync(scene.Area, now - SceneService.ProfileWindow, now, visible, ct)).Profile;
                hours.Add(profile);
            }
            var overlap = OpeningOverlap.Hours(YardPresence.ActiveHours(hours), Exposure.OpenHoursOfWeek(SiteCalendar.HoursOf(site)));
            var started = OpeningOverlap.Started(overlap, [.. OpeningOverlap.Read(site.OverlapToldHours)]);
            var (before, stored) = (site.OverlapToldHours, OpeningOverlap.Write(overlap));
            if (stored == (before ?? ""))
                continue;
            // Only the pass whose update changes the row tells, so two servers never tell twice.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (await db.Sites.Where(s => s.Id == site.Id && s.OverlapToldHours == before).ExecuteUpdateAsync(s => s.SetProperty(x => x.OverlapToldHours, stored), ct) == 0)
                continue;
            if (started.Count > 0)
            {
                notifier.Add(OverlapNotice(site, started, near.Select(n => n.Scene.Scene.Name)), await notifier.ManagersOfAsync(site.OrganisationId, ct));
                await db.SaveChangesAsync(ct);
                told++;
            }
            await transaction.CommitAsync(ct);
        }
        return told;
    }

    private static Notice OverlapNotice(Site site, IReadOnlyList<int> hours, IEnumerable<string> sceneNames)
    {
        var when = string.Join(", ", hours.Select(h => HourText(h, SwedishDays)));
        var whenEn = string.Join(", ", hours.Select(h => HourText(h, EnglishDays)));
        var names = string.Join(", ", sceneNames);
        return new Notice(
            OverlapStarted,
            $"{site.Name}: aktivitet på närliggande scen ({names}) under skolans öppettider: {when}.",
            new Dictionary<string, string> { ["site"] = site.Name, ["hours"] = when, ["hoursEn"] = whenEn, ["scenes"] = names },
            $"/sites/{site.Id}",
            new { siteId = site.Id, site = site.Name, hoursOfWeek = hours, scenes = names },
            $"Scenaktivitet under öppettid: {site.Name}",
            $"Närliggande scener ({names}) är nu aktiva under timmar då {site.Name} är öppen: {when}.\n" +
            $"Nearby scenes ({names}) are now active in hours when {site.Name} is open: {whenEn}.");
    }

    private static readonly string[] SwedishDays = ["mån", "tis", "ons", "tor", "fre", "lör", "sön"];
    private static readonly string[] EnglishDays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    /// <summary>An hour of the week (Monday 00 first) as people read it: "mån 08".</summary>
    private static string HourText(int hourOfWeek, string[] days) =>
        string.Create(CultureInfo.InvariantCulture, $"{days[hourOfWeek / 24]} {hourOfWeek % 24:00}");

    /// <summary>
    /// Tells each site's principal once in a week when the site's findings so far this week jump against the four
    /// weeks before (<see cref="FindingTrend"/>); the week told is kept on the site.
    /// </summary>
    public async Task<int> CheckJumpsAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var week = IsoWeekId.Of(DateOnly.FromDateTime(Stockholm.ToLocal(now)));
        var weekKey = week.ToString();
        var since = week.Minus(FindingTrend.BaselineWeeks).Window.From;
        var found = await db.Findings.AsNoTracking().Where(f => f.FoundAt >= since)
            .Join(db.Rounds, f => f.RoundId, r => r.Id, (f, r) => new { r.SiteId, f.FoundAt }).ToListAsync(ct);
        var told = 0;
        foreach (var bySite in found.GroupBy(f => f.SiteId))
        {
            var counts = bySite.GroupBy(f => IsoWeekId.Of(DateOnly.FromDateTime(Stockholm.ToLocal(f.FoundAt)))).ToDictionary(g => g.Key, g => g.Count());
            var thisWeek = counts.GetValueOrDefault(week);
            var baseline = Enumerable.Range(1, FindingTrend.BaselineWeeks).Select(i => counts.GetValueOrDefault(week.Minus(i))).ToList();
            if (!FindingTrend.IsJump(thisWeek, baseline))
                continue;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var changed = await db.Sites.Where(s => s.Id == bySite.Key && (s.FindingJumpToldWeek == null || s.FindingJumpToldWeek != weekKey))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.FindingJumpToldWeek, weekKey), ct);
            if (changed == 0)
                continue;
            var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == bySite.Key, ct);
            notifier.Add(JumpNotice(site, weekKey, thisWeek, baseline), await notifier.ManagersOfAsync(site.OrganisationId, ct));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            told++;
        }
        return told;
    }

    private static Notice JumpNotice(Site site, string week, int thisWeek, IReadOnlyList<int> baseline)
    {
        var count = thisWeek.ToString(CultureInfo.InvariantCulture);
        var mean = (baseline.Sum() / (double)baseline.Count).ToString("0.#", CultureInfo.InvariantCulture);
        return new Notice(
            FindingsJumped,
            $"{site.Name}: {count} fynd vecka {week}, mot i snitt {mean} i veckan de fyra veckorna innan.",
            new Dictionary<string, string> { ["site"] = site.Name, ["week"] = week, ["count"] = count, ["mean"] = mean },
            $"/sites/{site.Id}",
            new { siteId = site.Id, site = site.Name, week, count = thisWeek, baselineWeeks = baseline },
            $"Fler fynd än vanligt: {site.Name}",
            $"Morgonrondernas fynd på {site.Name} vecka {week} är {count}, mot i snitt {mean} i veckan de fyra veckorna innan.\n" +
            $"The morning rounds at {site.Name} found {count} things in week {week}, against a weekly mean of {mean} in the four weeks before.");
    }
}
