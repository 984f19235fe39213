using Lagesbild.Core.Access;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Sites;
using Lagesbild.Core.Validation;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;

namespace Lagesbild.Server.Features.Sites;

/// <summary>Saves sites from the API's requests and shows them as GeoJSON features.</summary>
public sealed class SiteViews(LagesbildDb db, DistrictCatalog districts, SchoolYear schoolYear, ExposureService exposure, Alarms.SensorDirectory sensors, IOptions<Rounds.RoundOptions> rounds, TimeProvider time)
{
    public async Task<Outcome<Feature<SiteProperties>>> SaveAsync(Site site, SiteRequest request, CurrentUser user, CancellationToken ct)
    {
        if (!Permissions.CanManageSites(user.Roles))
            return new Outcome<Feature<SiteProperties>>.Refused("Only administrators and coordinators register schools and preschools.");
        var (lat, lon) = (request.Lat!.Value, request.Lon!.Value);
        if (!Core.Geo.Coordinates.IsValid(lon, lat) || !districts.InServiceArea(lon, lat))
            return Outcome<Feature<SiteProperties>>.Field(new Refusal("lat", RefusalCodes.OffMap, "The position must lie in the city (lat/lon in or near the municipality)."));
        Polygon? yard = null;
        if (request.Yard is { } yardGeometry)
        {
            var parsed = yardGeometry.ToPolygon("yard");
            if (parsed.Error is { } yardError)
                return Outcome<Feature<SiteProperties>>.Field(new Refusal("yard", RefusalCodes.Invalid, yardError));
            yard = parsed.Value;
        }
        var hours = request.OpeningHours!;
        var exceptions = request.Exceptions ?? [];
        if (SiteCalendar.Check(hours, exceptions) is { Count: > 0 } refusals)
            return Outcome<Feature<SiteProperties>>.Because(refusals);
        if (request.OrganisationId is { } organisationId && !await db.Organisations.AnyAsync(o => o.Id == organisationId, ct))
            return Outcome<Feature<SiteProperties>>.Field(new Refusal("organisationId", RefusalCodes.NotFound, "No organisation has this id."));
        if (request.PropertyContactOrganisationId is { } contactId && !await db.Organisations.AnyAsync(o => o.Id == contactId, ct))
            return Outcome<Feature<SiteProperties>>.Field(new Refusal("propertyContactOrganisationId", RefusalCodes.NotFound, "No organisation has this id."));
        var contactEmail = string.IsNullOrWhiteSpace(request.PropertyContactEmail) ? null : request.PropertyContactEmail.Trim();
        if (contactEmail is not null && !(contactEmail.Length <= 254 && System.Net.Mail.MailAddress.TryCreate(contactEmail, out var address) && address.Address == contactEmail && address.DisplayName.Length == 0))
            return Outcome<Feature<SiteProperties>>.Field(new Refusal("propertyContactEmail", RefusalCodes.Invalid, "propertyContactEmail is an e-mail address such as felanmalan@example.se."));

        site.Name = request.Name!.Trim();
        site.Kind = request.Kind!.Value;
        site.Location = PolygonInput.Wgs84.CreatePoint(new Coordinate(lon, lat));
        site.Yard = yard;
        site.DistrictId = districts.Index.Locate(lon, lat);
        site.OrganisationId = request.OrganisationId;
        site.OpeningHours = SiteCalendar.Write(hours);
        site.Exceptions = SiteCalendar.Write(exceptions);
        site.OpenDuringBreaks = request.OpenDuringBreaks ?? SiteSchedule.OpensDuringBreaksByDefault(site.Kind);
        site.RoundsFlagged = request.RoundsFlagged ?? site.RoundsFlagged;
        site.PropertyContactEmail = contactEmail;
        site.PropertyContactOrganisationId = request.PropertyContactOrganisationId;
        site.UpdatedAt = time.GetUtcNow();
        if (site.Id == 0)
            db.Sites.Add(site);
        await db.SaveChangesAsync(ct);
        sensors.ForgetAll(); // the hours decide whether its sensors are armed
        return Feature(site, await exposure.ActiveScenesAsync(ct));
    }

    public async Task<List<Feature<SiteProperties>>> ListAsync(CurrentUser user, IReadOnlyCollection<SiteKind>? kinds, int? districtId, CancellationToken ct)
    {
        var query = db.Sites.AsNoTracking().VisibleTo(user);
        if (kinds is { Count: > 0 })
            query = query.Where(s => kinds.Contains(s.Kind));
        if (districtId is { } id)
            query = query.Where(s => s.DistrictId == id);
        var sites = await query.OrderBy(s => s.Name).ToListAsync(ct);
        var active = await exposure.ActiveScenesAsync(ct);
        return sites.Select(s => Feature(s, active)).ToList();
    }

    public async Task<Feature<SiteProperties>?> GetAsync(int id, CurrentUser user, CancellationToken ct) =>
        await db.Sites.AsNoTracking().VisibleTo(user).SingleOrDefaultAsync(s => s.Id == id, ct) is { } site
            ? Feature(site, await exposure.ActiveScenesAsync(ct))
            : null;

    /// <summary>Saves an existing site the user may see; a site they may not see is missing.</summary>
    public async Task<Outcome<Feature<SiteProperties>>> UpdateAsync(int id, SiteRequest request, CurrentUser user, CancellationToken ct)
    {
        var site = await db.Sites.VisibleTo(user).SingleOrDefaultAsync(s => s.Id == id, ct);
        return site is null ? new Outcome<Feature<SiteProperties>>.Missing() : await SaveAsync(site, request, user, ct);
    }

    /// <summary>The request that would save the site as it is, for pages that change one thing (the yard, the flag).</summary>
    public static SiteRequest RequestOf(Feature<SiteProperties> site) => new(
        site.Properties.Name, site.Properties.Kind, site.Geometry!.Coordinate.Y, site.Geometry.Coordinate.X, site.Properties.Yard is { } yard ? PolygonGeometry.From(yard) : null,
        site.Properties.OrganisationId, [.. site.Properties.OpeningHours], site.Properties.OpenDuringBreaks, [.. site.Properties.Exceptions], site.Properties.RoundsFlagged,
        site.Properties.PropertyContactEmail, site.Properties.PropertyContactOrganisationId);

    public sealed record MapScene(string Name, Core.Scenes.SceneStatus Status, Polygon Area);

    public sealed record MapFinding(double Lat, double Lon, Core.Rounds.FindingCategory Category, DateTimeOffset FoundAt);

    /// <summary>
    /// What a site's map shows around its yard: the given scenes' areas and the latest findings of its rounds, the
    /// findings only for those who see the site's rounds (a guard company only where it guards by contract).
    /// </summary>
    public async Task<(List<MapScene> Scenes, List<MapFinding> Findings)> MapContextAsync(int siteId, IReadOnlyCollection<int> sceneIds, CurrentUser user, CancellationToken ct)
    {
        var scenes = await db.Scenes.AsNoTracking().Where(s => sceneIds.Contains(s.Id)).Select(s => new MapScene(s.Name, s.Status, s.Area)).ToListAsync(ct);
        var operated = db.Sites.AsNoTracking().OperatedBy(user, db.GuardContracts);
        var findings = await db.Findings.AsNoTracking().Where(f => db.Rounds.Any(r => r.Id == f.RoundId && r.SiteId == siteId && operated.Any(s => s.Id == siteId)))
            .OrderByDescending(f => f.FoundAt).Take(200).Select(f => new MapFinding(f.Lat, f.Lon, f.Category, f.FoundAt)).ToListAsync(ct);
        return (scenes, findings);
    }

    /// <summary>Why a site has morning rounds: the city rounds every site, a coordinator flagged it, or an active scene is near.</summary>
    public RoundsReason? ReasonForRounds(Site site, IEnumerable<ExposureService.ActiveScene> active) =>
        rounds.Value.Scope == Core.Rounds.RoundScope.All ? RoundsReason.AllSites
        : site.RoundsFlagged ? RoundsReason.Flagged
        : ExposureService.NearbyOf(site, active, Core.Rounds.RoundPlan.AutoFlagMetres).Count > 0 ? RoundsReason.NearActiveScene
        : null;

    public Feature<SiteProperties> Feature(Site site, IEnumerable<ExposureService.ActiveScene> active)
    {
        var now = time.GetUtcNow();
        var schedule = schoolYear.ScheduleOf(site, Core.Time.Stockholm.ToLocal(now).Year);
        return new Feature<SiteProperties>(site.Id, site.Location, new SiteProperties(
            site.Name, site.Kind, site.DistrictId, districts.NameOf(site.DistrictId), site.OrganisationId,
            SiteCalendar.Read<DayHours>(site.OpeningHours), site.OpenDuringBreaks, SiteCalendar.Read<ExceptionDay>(site.Exceptions),
            schedule.IsOpenAt(now), site.RoundsFlagged, ReasonForRounds(site, active), site.Yard, site.PropertyContactEmail, site.PropertyContactOrganisationId));
    }
}
