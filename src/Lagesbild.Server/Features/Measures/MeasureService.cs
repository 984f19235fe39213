using Lagesbild.Core.Access;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Measures;
using Lagesbild.Core.Privacy;
using Lagesbild.Core.Validation;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Lagesbild.Server.Features.Measures;

/// <summary>The measure register: what is done about scenes, sites, districts and drawn areas.</summary>
public sealed class MeasureService(LagesbildDb db, DistrictCatalog districts, TimeProvider time)
{
    public async Task<List<Feature<MeasureView>>> ListAsync(int? sceneId, int? siteId, int? districtId, IReadOnlyCollection<MeasureStatus> statuses, CancellationToken ct)
    {
        var query = db.Measures.AsNoTracking();
        if (sceneId is { } scene)
            query = query.Where(m => m.SceneId == scene);
        if (siteId is { } site)
            query = query.Where(m => m.SiteId == site);
        if (statuses.Count > 0)
            query = query.Where(m => statuses.Contains(m.Status));
        var measures = await query.OrderByDescending(m => m.StartsOn).ThenByDescending(m => m.Id).ToListAsync(ct);
        var views = await ViewsAsync(measures, ct);
        // A district holds the measures on it and those on its scenes, its sites and areas drawn in it.
        return districtId is { } district ? views.Where(v => v.Properties.DistrictId == district).ToList() : views;
    }

    public async Task<Feature<MeasureView>?> GetAsync(int id, CancellationToken ct) =>
        await db.Measures.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) is { } measure ? (await ViewsAsync([measure], ct))[0] : null;

    /// <summary>Registers a measure; a retry with the same Idempotency-Key and body gives back the first, also when two retries race.</summary>
    public async Task<Outcome<Feature<MeasureView>>> CreateAsync(MeasureRequest request, CurrentUser user, CancellationToken ct, string? idempotencyKey = null)
    {
        var hash = Idempotency.Hash(request);
        var write = new KeyedWrite<Measure, Feature<MeasureView>>(db, idempotencyKey)
        {
            FindEarlier = key => db.Measures.AsNoTracking().SingleOrDefaultAsync(m => m.CreatedById == user.Id && m.IdempotencyKey == key, ct),
            IsSameRequest = earlier => earlier.RequestHash == hash,
            Replay = async earlier => (await GetAsync(earlier.Id, ct))!,
            ReusedReason = "This Idempotency-Key was already used for a different measure.",
        };
        return await write.RunAsync(async () =>
        {
            var measure = new Measure { Title = "", CreatedAt = time.GetUtcNow(), CreatedById = user.Id, IdempotencyKey = write.Key, RequestHash = hash };
            if (await ApplyAsync(measure, request, user, ct) is { } refusal)
                return refusal;
            db.Measures.Add(measure);
            await db.SaveChangesAsync(ct);
            return (await GetAsync(measure.Id, ct))!;
        });
    }

    public async Task<Outcome<Feature<MeasureView>>> UpdateAsync(int id, MeasureRequest request, CurrentUser user, CancellationToken ct)
    {
        if (await db.Measures.FirstOrDefaultAsync(m => m.Id == id, ct) is not { } measure)
            return new Outcome<Feature<MeasureView>>.Missing();
        var outcome = await ApplyAsync(measure, request, user, ct);
        if (outcome is not null)
            return outcome;
        await db.SaveChangesAsync(ct);
        return (await GetAsync(measure.Id, ct))!;
    }

    /// <summary>Moves a measure on (ongoing, ended, cancelled) and sets or clears its end, leaving the rest as it is.</summary>
    public async Task<Outcome<Feature<MeasureView>>> ChangeStatusAsync(int id, MeasureStatus status, DateOnly? endsOn, CurrentUser user, CancellationToken ct)
    {
        if (await db.Measures.FirstOrDefaultAsync(m => m.Id == id, ct) is not { } measure)
            return new Outcome<Feature<MeasureView>>.Missing();
        if (NotAllowed(user, measure.OrganisationId) is { } refused)
            return refused;
        if (MeasureRules.CheckDates(measure.StartsOn, endsOn) is { } dates)
            return Outcome<Feature<MeasureView>>.Field(dates);
        (measure.Status, measure.EndsOn, measure.UpdatedAt) = (status, endsOn, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return (await GetAsync(id, ct))!;
    }

    /// <summary>Why the user may not keep a measure of this organisation, or null when they may.</summary>
    private static Outcome<Feature<MeasureView>>? NotAllowed(CurrentUser user, int? organisationId)
    {
        if (!Permissions.CanEditMeasures(user.Roles))
            return new Outcome<Feature<MeasureView>>.Refused("Coordinators, the police, social services and administrators keep the measure register.");
        return Permissions.CanEditMeasure(user.Roles, user.OrganisationId, organisationId)
            ? null
            : new Outcome<Feature<MeasureView>>.Refused("The police and social services keep their own organisation's measures; a coordinator keeps the others.");
    }

    /// <summary>Checks the request and copies it onto the measure; answers the refusal, or null when it is good.</summary>
    private async Task<Outcome<Feature<MeasureView>>?> ApplyAsync(Measure measure, MeasureRequest request, CurrentUser user, CancellationToken ct)
    {
        // An existing measure is changed by its organisation (or a coordinator); a new one is registered for one's own.
        if (NotAllowed(user, measure.Id == 0 ? request.OrganisationId : measure.OrganisationId) is { } refused)
            return refused;
        if (measure.Id != 0 && NotAllowed(user, request.OrganisationId) is { } moved)
            return moved;
        var refusals = new Refusals();
        // The API checks these from the contract's attributes; the pages call the service directly.
        if (request.Kind is null)
            refusals.Add("kind", RefusalCodes.Required, "kind is required.");
        if (request.Title?.Trim() is not { Length: >= 2 and <= 200 })
            refusals.Add("title", RefusalCodes.Invalid, "title must be 2 to 200 characters.");
        if (request.Description is { Length: > 4000 })
            refusals.Add("description", RefusalCodes.TooLong, "description must be at most 4,000 characters.", 4000);
        if (request.Cost is < 0 or > 10_000_000_000)
            refusals.Add("cost", RefusalCodes.OutOfRange, "cost must be between 0 and 10,000,000,000 kronor.", 0, 10_000_000_000);
        if (request.StartsOn is null)
            refusals.Add("startsOn", RefusalCodes.Required, "startsOn is required.");
        else if (MeasureRules.CheckDates(request.StartsOn.Value, request.EndsOn) is { } dates)
            refusals.Add(dates);
        if (MeasureRules.CheckTarget(request.SceneId, request.SiteId, request.DistrictId, request.Area is not null) is { } target)
            refusals.Add(target);
        Polygon? area = null;
        if (request.Area is not null)
        {
            var parsed = districts.AreaOnMap(request.Area, "area");
            if (parsed.Error is { } areaError)
                refusals.Add("area", RefusalCodes.Invalid, areaError);
            area = parsed.Value;
        }
        if (request.SceneId is { } sceneId && !await db.Scenes.AnyAsync(s => s.Id == sceneId, ct))
            refusals.Add("sceneId", RefusalCodes.NotFound, "No scene has this id.");
        if (request.SiteId is { } siteId && !await db.Sites.AnyAsync(s => s.Id == siteId, ct))
            refusals.Add("siteId", RefusalCodes.NotFound, "No site has this id.");
        if (request.DistrictId is { } districtId && districts.NameOf(districtId) is null)
            refusals.Add("districtId", RefusalCodes.NotFound, "No district has this id.");
        if (request.OrganisationId is { } organisationId && !await db.Organisations.AnyAsync(o => o.Id == organisationId, ct))
            refusals.Add("organisationId", RefusalCodes.NotFound, "No organisation has this id.");
        foreach (var (field, text) in new[] { ("title", request.Title), ("description", request.Description) })
        {
            if (PersonalNumbers.Contains(text))
                refusals.Add(field, RefusalCodes.PersonalNumber, "The text contains what looks like a personal identity number (personnummer). Describe places and measures, not people.");
        }
        if (refusals.Count > 0)
            return Outcome<Feature<MeasureView>>.Because(refusals);
        measure.Kind = request.Kind!.Value;
        measure.Title = request.Title!.Trim();
        measure.Description = request.Description;
        (measure.SceneId, measure.SiteId, measure.DistrictId, measure.Area) = (request.SceneId, request.SiteId, request.DistrictId, area);
        (measure.StartsOn, measure.EndsOn) = (request.StartsOn!.Value, request.EndsOn);
        measure.Status = request.Status ?? MeasureStatus.Planned;
        measure.OrganisationId = request.OrganisationId ?? measure.OrganisationId ?? user.OrganisationId;
        measure.Cost = request.Cost;
        measure.UpdatedAt = time.GetUtcNow();
        return null;
    }

    /// <summary>The measures as GeoJSON: the drawn area, the scene's area, the site's point or the district's area.</summary>
    private async Task<List<Feature<MeasureView>>> ViewsAsync(List<Measure> measures, CancellationToken ct)
    {
        var sceneIds = measures.Select(m => m.SceneId).OfType<int>().Distinct().ToList();
        var siteIds = measures.Select(m => m.SiteId).OfType<int>().Distinct().ToList();
        var districtIds = measures.Select(m => m.DistrictId).OfType<int>().Distinct().ToList();
        var organisationIds = measures.Select(m => m.OrganisationId).OfType<int>().Distinct().ToList();
        var scenes = await db.Scenes.AsNoTracking().Where(s => sceneIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => (s.Name, (Geometry)s.Area), ct);
        var sites = await db.Sites.AsNoTracking().Where(s => siteIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => (s.Name, (Geometry)s.Location), ct);
        var districtAreas = await db.Districts.AsNoTracking().Where(d => districtIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => (Geometry)d.Area, ct);
        var organisations = await db.Organisations.AsNoTracking().Where(o => organisationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return measures.Select(m =>
        {
            var geometry = m.Area ?? (m.SceneId is { } sc ? scenes[sc].Item2 : m.SiteId is { } si ? sites[si].Item2 : m.DistrictId is { } d ? districtAreas[d] : null);
            var view = new MeasureView(m.Kind, m.Status, m.Title, m.Description,
                m.SceneId, m.SceneId is { } scene ? scenes[scene].Name : null,
                m.SiteId, m.SiteId is { } site ? sites[site].Name : null,
                m.DistrictId ?? districts.Index.Locate(geometry!), districts.NameOf(m.DistrictId ?? districts.Index.Locate(geometry!)),
                m.StartsOn, m.EndsOn, m.OrganisationId, m.OrganisationId is { } o ? organisations.GetValueOrDefault(o) : null,
                m.Cost, m.CreatedAt, m.UpdatedAt,
                m.SceneId is not null ? MeasureTarget.Scene : m.SiteId is not null ? MeasureTarget.Site : m.DistrictId is not null ? MeasureTarget.District : MeasureTarget.Area);
            return new Feature<MeasureView>(m.Id, geometry, view);
        }).ToList();
    }
}
