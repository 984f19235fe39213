using Lagesbild.Core.Access;
using Lagesbild.Core.Analysis;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Privacy;
using Lagesbild.Core.Scenes;
using Lagesbild.Core.Time;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Observations;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Lagesbild.Server.Features.Scenes;

/// <summary>The scene register: reads for the API and the pages, and every write, checked by role.</summary>
public sealed class SceneService(LagesbildDb db, DistrictCatalog districts, TimeProvider time, Readers readers, AuditTrail audit)
{
    /// <summary>How far back the derived active hours look.</summary>
    public static readonly TimeSpan ProfileWindow = TimeSpan.FromDays(365);

    public async Task<List<Feature<SceneSummary>>> ListAsync(IReadOnlyCollection<SceneStatus>? statuses, int? districtId, DateOnly? activeOn, CancellationToken ct)
    {
        var query = db.Scenes.AsNoTracking().Include(s => s.History).AsQueryable();
        if (statuses is { Count: > 0 })
            query = query.Where(s => statuses.Contains(s.Status));
        if (districtId is { } id)
            query = query.Where(s => s.DistrictId == id);
        var scenes = await query.OrderBy(s => s.Name).ToListAsync(ct);
        if (activeOn is { } date)
        {
            var (from, to) = (Stockholm.StartOfDay(date), Stockholm.StartOfDay(date.AddDays(1)));
            scenes = scenes.Where(s => SceneLifecycle.IsActiveDuring(Changes(s), from, to)).ToList();
        }
        return scenes.Select(Summary).ToList();
    }

    public Feature<SceneSummary> Summary(Scene s) => new(s.Id, s.Area, new SceneSummary(
        s.Name, s.Status, SceneLifecycle.IsActive(s.Status), s.DistrictId, districts.NameOf(s.DistrictId), BoroughOf(s), s.History.Count == 0 ? s.CreatedAt : s.History.Max(h => h.At), Centre(s.Area)));

    public async Task<Feature<SceneDetail>?> GetAsync(int id, CurrentUser user, CancellationToken ct)
    {
        var scene = await db.Scenes.AsNoTracking().Include(s => s.History).Include(s => s.Notes).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (scene is null)
            return null;
        var to = time.GetUtcNow();
        var from = to - ProfileWindow;
        var (derived, count, used) = await DerivedProfileAsync(scene.Area, from, to, Permissions.VisibleClassifications(user.Roles), ct);
        var reader = await readers.OfAsync(user, ct);
        // Notes are a field of their own: schools, guards and analysts read none but their own organisation's.
        var notes = scene.Notes.Where(n => reader.CanRead(n.Classification, Core.Access.Field.Notes, n.OrganisationId, scene.DistrictId)).ToList();
        var audited = audit.AddAggregate(user, "scene profile", used);
        foreach (var tier in notes.Where(n => n.Classification != Core.Observations.Classification.Public).GroupBy(n => n.Classification))
        {
            audit.Add(user, "read", nameof(SceneNote), scene.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), tier.Key, tier.Count(), $"{tier.Count()} notes of scene {scene.Id}");
            audited = true;
        }
        if (audited)
            await audit.SaveAsync(ct);
        var detail = new SceneDetail(
            scene.Name, scene.Status, scene.DistrictId, districts.NameOf(scene.DistrictId), BoroughOf(scene), scene.Description, Centre(scene.Area),
            scene.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new HistoryEntry(h.Status, h.At, h.Reason, h.ByName, h.RecordedAt, h.ConfirmedByName, h.ConfirmedAt)).ToList(),
            notes.OrderByDescending(n => n.CreatedAt).Select(n => new NoteEntry(n.Id, n.Text, n.AuthorName, n.CreatedAt, n.Classification)).ToList(),
            scene.ManualActiveHours ?? derived,
            scene.ManualActiveHours is null ? "observations" : "manual",
            derived, count, from, to,
            await SceneLineageReads.OfAsync(db, scene, user, ct));
        return new Feature<SceneDetail>(scene.Id, scene.Area, detail);
    }

    /// <summary>The hour-of-week profile of the observations inside the area (aoristic), among those the user may see.</summary>
    public async Task<(double[] Profile, int Count, IReadOnlyList<Core.Observations.Classification> Used)> DerivedProfileAsync(
        Polygon area, DateTimeOffset from, DateTimeOffset to, Core.Observations.Classification[] visible, CancellationToken ct)
    {
        var box = area.EnvelopeInternal;
        var candidates = await db.Observations.AsNoTracking().Standing()
            .Where(o => visible.Contains(o.Classification) && o.OccurredFrom >= from && o.OccurredFrom < to
                && o.Lon >= box.MinX && o.Lon <= box.MaxX && o.Lat >= box.MinY && o.Lat <= box.MaxY)
            .Select(o => new { o.Lon, o.Lat, o.OccurredFrom, o.OccurredTo, o.Classification })
            .ToListAsync(ct);
        var prepared = NetTopologySuite.Geometries.Prepared.PreparedGeometryFactory.Prepare(area);
        var inside = candidates.Where(o => prepared.Covers(area.Factory.CreatePoint(new Coordinate(o.Lon, o.Lat)))).ToList();
        return (ActivityProfile.FromObservations(inside.Select(o => (o.OccurredFrom, o.OccurredTo)).ToList()), inside.Count, inside.Select(o => o.Classification).ToList());
    }

    public async Task<Outcome<Feature<SceneDetail>>> CreateAsync(SceneRequest request, CurrentUser user, CancellationToken ct)
    {
        if (!Permissions.CanEditScenes(user.Roles))
            return new Outcome<Feature<SceneDetail>>.Refused("Only coordinators, the police and administrators keep the scene register.");
        var checkedArea = CheckArea(request.Area);
        if (checkedArea.Error is { } areaError)
            return Outcome<Feature<SceneDetail>>.Field("area", areaError);
        if (ActivityProfile.Check(request.ActiveHours) is { } hoursError)
            return Outcome<Feature<SceneDetail>>.Field("activeHours", hoursError);
        if (PersonalNumberIn(("name", request.Name), ("description", request.Description), ("reason", request.Reason)) is { } field)
            return Outcome<Feature<SceneDetail>>.Field(field, PersonalNumberMessage);
        var now = time.GetUtcNow();
        var status = request.Status ?? SceneStatus.Suspected;
        var at = request.StatusAt?.ToUniversalTime() ?? now;
        if (SceneLifecycle.CheckChange([], status, at, now, "statusAt") is { } statusError)
            return Outcome<Feature<SceneDetail>>.Field(statusError);
        var scene = new Scene
        {
            Name = request.Name!.Trim(),
            Area = checkedArea.Value!,
            DistrictId = districts.Index.Locate(checkedArea.Value!),
            Description = request.Description,
            Status = status,
            ManualActiveHours = request.ActiveHours,
            CreatedAt = now,
            UpdatedAt = now,
        };
        scene.History.Add(new SceneStatusEntry { Status = status, At = at, Reason = request.Reason ?? "Registered.", ByUserId = user.Id, ByName = user.Name, RecordedAt = now });
        SceneAreas.Redraw(scene, scene.Area, now, "Registered.", user);
        db.Scenes.Add(scene);
        await db.SaveChangesAsync(ct);
        return (await GetAsync(scene.Id, user, ct))!;
    }

    public async Task<Outcome<Feature<SceneDetail>>> UpdateAsync(int id, SceneRequest request, CurrentUser user, CancellationToken ct)
    {
        if (!Permissions.CanEditScenes(user.Roles))
            return new Outcome<Feature<SceneDetail>>.Refused("Only coordinators, the police and administrators keep the scene register.");
        var scene = await db.Scenes.Include(s => s.Areas).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (scene is null)
            return new Outcome<Feature<SceneDetail>>.Missing();
        var checkedArea = CheckArea(request.Area);
        if (checkedArea.Error is { } areaError)
            return Outcome<Feature<SceneDetail>>.Field("area", areaError);
        if (ActivityProfile.Check(request.ActiveHours) is { } hoursError)
            return Outcome<Feature<SceneDetail>>.Field("activeHours", hoursError);
        if (PersonalNumberIn(("name", request.Name), ("description", request.Description)) is { } field)
            return Outcome<Feature<SceneDetail>>.Field(field, PersonalNumberMessage);
        if (request.Status is { } newStatus && newStatus != scene.Status)
            return Outcome<Feature<SceneDetail>>.Field("status", $"Change the status with POST /api/scenes/{id}/status, so that it is dated and explained.");
        var now = time.GetUtcNow();
        scene.Name = request.Name!.Trim();
        if (!scene.Area.EqualsTopologically(checkedArea.Value!))
            SceneAreas.Redraw(scene, checkedArea.Value!, now, "Redrawn.", user);
        scene.DistrictId = districts.Index.Locate(checkedArea.Value!);
        scene.Description = request.Description;
        scene.ManualActiveHours = request.ActiveHours;
        scene.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return (await GetAsync(id, user, ct))!;
    }

    public async Task<Outcome<NoteEntry>> AddNoteAsync(int id, NoteRequest request, CurrentUser user, CancellationToken ct)
    {
        if (!Permissions.CanWriteObservations(user.Roles))
            return new Outcome<NoteEntry>.Refused("Your role may not write notes.");
        if (!await db.Scenes.AnyAsync(s => s.Id == id, ct))
            return new Outcome<NoteEntry>.Missing();
        if (PersonalNumbers.Contains(request.Text))
            return Outcome<NoteEntry>.Field("text", PersonalNumberMessage);
        var tier = request.Classification ?? Core.Observations.Classification.Internal;
        if (!Permissions.CanWrite(user.Roles, tier))
            return Outcome<NoteEntry>.Field("classification", $"Your role may not write {tier} notes: Restricted is the police's, Confidential social services'.");
        var note = new SceneNote
        {
            SceneId = id,
            Text = request.Text!.Trim(),
            Classification = tier,
            OrganisationId = user.OrganisationId,
            AuthorId = user.Id,
            AuthorName = user.Name,
            CreatedAt = time.GetUtcNow(),
        };
        // The note and its audit entry are one write.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.SceneNotes.Add(note);
        await db.SaveChangesAsync(ct);
        if (tier is Core.Observations.Classification.Restricted or Core.Observations.Classification.Confidential)
        {
            audit.Add(user, "create", nameof(SceneNote), note.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), tier);
            await audit.SaveAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return new NoteEntry(note.Id, note.Text, note.AuthorName, note.CreatedAt, note.Classification);
    }

    public const string PersonalNumberMessage = "The text contains what looks like a personal identity number (personnummer). Describe places and events, not people.";

    private static string? PersonalNumberIn(params (string Field, string? Text)[] texts) =>
        texts.FirstOrDefault(t => PersonalNumbers.Contains(t.Text)).Field;

    public static List<StatusChange> Changes(Scene scene) =>
        scene.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new StatusChange(h.Status, h.At)).ToList();

    public GeoResult<Polygon> CheckArea(PolygonGeometry? area)
    {
        if (area is null)
            return GeoResult<Polygon>.Fail("area is required.");
        return districts.AreaOnMap(area, "area");
    }

    private string? BoroughOf(Scene s) => s.DistrictId is { } id ? districts.BoroughOf(id) : null;

    private static double[] Centre(Geometry area)
    {
        var point = area.InteriorPoint;
        return [Math.Round(point.X, 6), Math.Round(point.Y, 6)];
    }
}
