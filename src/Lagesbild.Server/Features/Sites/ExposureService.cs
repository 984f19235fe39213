using Lagesbild.Core.Access;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Scenes;
using Lagesbild.Core.Sites;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Scenes;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Lagesbild.Server.Features.Sites;

/// <summary>
/// Which sites lie near active scenes, and how much of each scene's activity falls while the site is open; the
/// score and the order are the core's (<see cref="Exposure"/>).
/// </summary>
public sealed class ExposureService(LagesbildDb db, SceneService scenes, DistrictCatalog districts, ActiveSceneCache cache, TimeProvider time, AuditTrail audit)
{
    public sealed record ActiveScene(Scene Scene, Geometry Grid);

    public sealed record Nearby(ActiveScene Scene, double DistanceMetres);

    public async Task<IReadOnlyList<SiteExposure>> RankAsync(CurrentUser user, int radius, int? siteId, CancellationToken ct)
    {
        var query = db.Sites.AsNoTracking().VisibleTo(user);
        if (siteId is { } id)
            query = query.Where(s => s.Id == id);
        var sites = await query.ToListAsync(ct);
        var active = await ActiveScenesAsync(ct);
        var since = time.GetUtcNow().AddDays(-Exposure.FindingsDays);
        var siteIds = sites.Select(s => s.Id).ToList();
        var findings = await db.Findings.AsNoTracking()
            .Where(f => f.FoundAt >= since)
            .Join(db.Rounds.Where(r => siteIds.Contains(r.SiteId)), f => f.RoundId, r => r.Id, (f, r) => r.SiteId)
            .GroupBy(siteIdOfFinding => siteIdOfFinding).Select(g => new { SiteId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.SiteId, g => g.Count, ct);
        var profiles = new Dictionary<int, double[]>();
        var ranked = new List<SiteExposure>();
        foreach (var site in sites)
        {
            var near = NearbyOf(site, active, radius);
            var found = findings.GetValueOrDefault(site.Id);
            if (!Exposure.IsExposed(near.Count, found) && siteId is null)
                continue;
            var open = Exposure.OpenHoursOfWeek(SiteCalendar.HoursOf(site));
            var views = new List<NearbyScene>();
            foreach (var n in near)
            {
                var (inside, outside) = Exposure.Split(await ProfileAsync(n.Scene.Scene, user, profiles, ct), open);
                views.Add(new NearbyScene(n.Scene.Scene.Id, n.Scene.Scene.Name, n.Scene.Scene.Status, Math.Round(n.DistanceMetres), inside, outside));
            }
            var score = Exposure.Score(near.Zip(views, (n, v) => (v.ShareInsideOpeningHours, n.DistanceMetres)), radius);
            ranked.Add(new SiteExposure(site.Id, site.Name, site.Kind, districts.NameOf(site.DistrictId), found, score, views));
        }
        return Exposure.Ranked(ranked, r => (r.Score, r.FindingsLast30Days, r.Name)).ToList();
    }

    public Task<List<ActiveScene>> ActiveScenesAsync(CancellationToken ct) => cache.GetAsync(db, ct);

    public static List<Nearby> NearbyOf(Site site, IEnumerable<ActiveScene> active, double radius)
    {
        var point = Sweref99Tm.Project(site.Location);
        // A scene whose bounding box is already too far is too far: most of the city's scenes are, for any one site,
        // and the box costs nothing where the exact distance to a scene's area costs a computation of its own.
        return active.Where(a => a.Grid.EnvelopeInternal.Distance(point.EnvelopeInternal) <= radius)
            .Select(a => new Nearby(a, a.Grid.Distance(point))).Where(n => n.DistanceMetres <= radius)
            .OrderBy(n => n.DistanceMetres).ToList();
    }

    /// <summary>A scene's hour-of-week activity: set by hand, or derived from the observations the user may see.</summary>
    public async Task<double[]> ProfileAsync(Scene scene, CurrentUser user, Dictionary<int, double[]> cache, CancellationToken ct)
    {
        if (cache.TryGetValue(scene.Id, out var known))
            return known;
        if (scene.ManualActiveHours is { } manual)
            return cache[scene.Id] = manual;
        var to = time.GetUtcNow();
        var (profile, _, used) = await scenes.DerivedProfileAsync(scene.Area, to - SceneService.ProfileWindow, to, Permissions.VisibleClassifications(user.Roles), ct);
        // An aggregate like the scene's own profile: audited when it used the police's or social services' records.
        if (audit.AddAggregate(user, "exposure", used))
            await audit.SaveAsync(ct);
        cache[scene.Id] = profile;
        return profile;
    }
}

/// <summary>
/// The active scenes with their areas in metres, kept between requests: an alarm's site card must not read and
/// project every scene. They are read again when the list of active scenes or any one's last change differs.
/// </summary>
public sealed class ActiveSceneCache
{
    private Snapshot? _snapshot;

    private sealed record Snapshot(string Key, List<ExposureService.ActiveScene> Scenes);

    public async Task<List<ExposureService.ActiveScene>> GetAsync(LagesbildDb db, CancellationToken ct)
    {
        var statuses = Enum.GetValues<SceneStatus>().Where(SceneLifecycle.IsActive).ToList();
        var active = db.Scenes.AsNoTracking().Where(s => statuses.Contains(s.Status));
        var versions = await active.OrderBy(s => s.Id).Select(s => new { s.Id, s.Status, s.UpdatedAt }).ToListAsync(ct);
        var key = string.Join(';', versions.Select(v => FormattableString.Invariant($"{v.Id}:{v.Status}:{v.UpdatedAt.UtcTicks}")));
        if (_snapshot is { } known && known.Key == key)
            return [.. known.Scenes];
        var rows = await active.ToListAsync(ct);
        var scenes = rows.Select(s => new ExposureService.ActiveScene(s, Sweref99Tm.Project(s.Area))).ToList();
        _snapshot = new Snapshot(key, scenes);
        return [.. scenes];
    }
}
