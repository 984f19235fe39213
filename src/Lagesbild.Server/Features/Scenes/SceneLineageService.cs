using System.Globalization;
using Lagesbild.Core.Access;
using Lagesbild.Core.Privacy;
using Lagesbild.Core.Scenes;
using Lagesbild.Core.Validation;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Lagesbild.Server.Features.Scenes;

/// <summary>
/// Merges and splits: the scene that is merged or split ends Ceased, its lineage says where its place went, and the
/// scenes that carry the place get the new outlines, dated. Each is one transaction, serialised with the others, so
/// that two merges cannot both take the same scene.
/// </summary>
public sealed class SceneLineageService(LagesbildDb db, SceneService scenes, DistrictCatalog districts, AuditTrail audit, TimeProvider time)
{
    private const long LineageLock = 0x4C61_6753_6365_6E65;

    public async Task<Outcome<Feature<SceneDetail>>> MergeAsync(int id, MergeRequest request, string? key, CurrentUser user, CancellationToken ct)
    {
        if (CheckWriter(user, request.Reason) is { } refused)
            return refused;
        return await ChangeAsync(id, request, key, user, ct, async (scene, hash) =>
        {
            var into = await db.Scenes.Include(s => s.Areas).SingleOrDefaultAsync(s => s.Id == request.Into, ct);
            var refusal = SceneLineage.CheckMerge(id, scene.Status, await SceneLineageReads.EndedAsync(db, id, ct),
                request.Into!.Value, into?.Status, into is not null && await SceneLineageReads.EndedAsync(db, into.Id, ct));
            if (refusal is not null)
                return refusal.Code is RefusalCodes.Itself or RefusalCodes.NotFound ? Outcome<Feature<SceneDetail>>.Field(refusal) : Outcome<Feature<SceneDetail>>.ConflictAt(refusal);
            var (area, apart) = SceneLineage.Union(into!.Area, scene.Area);
            if (apart is not null)
                return Outcome<Feature<SceneDetail>>.ConflictAt(apart);
            var now = time.GetUtcNow();
            if (End(scene, $"Merged into {into.Name}.", request.Reason, now, user) is { } stale)
                return Outcome<Feature<SceneDetail>>.ConflictAt(stale);
            SceneAreas.Redraw(into, area!, now, $"Merged with {scene.Name}.", user);
            into.DistrictId = districts.Index.Locate(area!);
            into.UpdatedAt = now;
            db.SceneLinks.Add(Link(id, into.Id, LineageKind.Merge, now, user, key, hash));
            await db.SaveChangesAsync(ct);
            audit.AddSceneChange(user, "merge", id, $"into scene {into.Id}");
            return null;
        });
    }

    public async Task<Outcome<Feature<SceneDetail>>> SplitAsync(int id, SplitRequest request, string? key, CurrentUser user, CancellationToken ct)
    {
        if (CheckWriter(user, request.Reason) is { } refused)
            return refused;
        var errors = new Dictionary<string, string[]>();
        var parts = new List<Polygon>();
        for (var i = 0; i < request.Parts!.Length; i++)
        {
            var parsed = request.Parts[i] is { } part ? districts.AreaOnMap(part, $"parts[{i}]") : Core.Geo.GeoResult<Polygon>.Fail($"parts[{i}] is required.");
            if (parsed.Error is { } error)
                errors[$"parts[{i}]"] = [error];
            else
                parts.Add(parsed.Value!);
        }
        if (request.Names is { } names && (names.Length != request.Parts.Length || names.Any(n => n is null || n.Trim().Length is < 2 or > 200)))
            errors["names"] = ["names, when given, are one name of 2 to 200 characters per part."];
        if (request.Names?.Any(PersonalNumbers.Contains) == true)
            errors["names"] = [SceneService.PersonalNumberMessage];
        if (errors.Count > 0)
            return new Outcome<Feature<SceneDetail>>.Invalid(errors);
        return await ChangeAsync(id, request, key, user, ct, async (scene, hash) =>
        {
            if (SceneLineage.CheckOpen(scene.Status, await SceneLineageReads.EndedAsync(db, id, ct), "scene") is { } ended)
                return Outcome<Feature<SceneDetail>>.ConflictAt(ended);
            if (SceneLineage.CheckSplit(scene.Area, parts) is { Count: > 0 } refusals)
                return Outcome<Feature<SceneDetail>>.Because(refusals);
            var now = time.GetUtcNow();
            var status = scene.Status;
            if (End(scene, $"Split into {parts.Count} parts.", request.Reason, now, user) is { } stale)
                return Outcome<Feature<SceneDetail>>.ConflictAt(stale);
            var created = parts.Select((part, i) =>
            {
                var name = request.Names?[i].Trim() ?? string.Create(CultureInfo.InvariantCulture, $"{scene.Name} – del {i + 1}");
                var child = new Scene
                {
                    Name = name.Length > 200 ? name[..200] : name,
                    Area = part,
                    DistrictId = districts.Index.Locate(part),
                    Description = scene.Description,
                    Status = status,
                    ManualActiveHours = scene.ManualActiveHours,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                child.History.Add(new SceneStatusEntry { Status = status, At = now, Reason = $"Split from {scene.Name}.", ByUserId = user.Id, ByName = user.Name, RecordedAt = now });
                SceneAreas.Redraw(child, part, now, $"Split from {scene.Name}.", user);
                return child;
            }).ToList();
            db.Scenes.AddRange(created);
            await db.SaveChangesAsync(ct);
            db.SceneLinks.AddRange(created.Select(c => Link(id, c.Id, LineageKind.Split, now, user, key, hash)));
            await db.SaveChangesAsync(ct);
            audit.AddSceneChange(user, "split", id, $"into scenes {string.Join(", ", created.Select(c => c.Id))}");
            return null;
        });
    }

    /// <summary>
    /// A merge or split as one transaction under the lineage lock, its retry answered by the Idempotency-Key: the
    /// change gets the scene (with its history) and the request's hash, and answers a refusal or null when it is done.
    /// </summary>
    private async Task<Outcome<Feature<SceneDetail>>> ChangeAsync<TRequest>(int id, TRequest request, string? key, CurrentUser user, CancellationToken ct,
        Func<Scene, string, Task<Outcome<Feature<SceneDetail>>?>> change)
    {
        var hash = Idempotency.Hash(new { id, request });
        return await Keyed(key, hash, user, ct).RunAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.LockAsync(LineageLock, ct);
            var scene = await db.Scenes.Include(s => s.History).SingleOrDefaultAsync(s => s.Id == id, ct);
            if (scene is null)
                return new Outcome<Feature<SceneDetail>>.Missing();
            if (await change(scene, hash) is { } refused)
                return refused;
            await audit.SaveAsync(ct);
            await transaction.CommitAsync(ct);
            return (await scenes.GetAsync(id, user, ct))!;
        });
    }

    /// <summary>The retry of a merge or split answers the scene as it is now; the same key with another request is refused.</summary>
    private KeyedWrite<SceneLink, Feature<SceneDetail>> Keyed(string? key, string hash, CurrentUser user, CancellationToken ct) => new(db, key)
    {
        FindEarlier = k => db.SceneLinks.AsNoTracking().Where(l => l.ByUserId == user.Id && l.IdempotencyKey == k).OrderBy(l => l.Id).FirstOrDefaultAsync(ct),
        IsSameRequest = link => link.RequestHash == hash,
        Replay = async link => (await scenes.GetAsync(link.FromSceneId, user, ct))!,
        ReusedReason = "This Idempotency-Key was used for another merge or split.",
    };

    /// <summary>Ends the scene Ceased now, with the lineage as the reason; a refusal if its history does not allow it now.</summary>
    private static Refusal? End(Scene scene, string lineage, string? reason, DateTimeOffset now, CurrentUser user)
    {
        if (SceneLifecycle.CheckChange(SceneService.Changes(scene), SceneStatus.Ceased, now, now, "scene") is { } refusal)
            return refusal with { Field = "scene" };
        var text = string.IsNullOrWhiteSpace(reason) ? lineage : $"{lineage} {reason.Trim()}";
        scene.History.Add(new SceneStatusEntry { Status = SceneStatus.Ceased, At = now, Reason = text.Length > 2000 ? text[..2000] : text, ByUserId = user.Id, ByName = user.Name, RecordedAt = now });
        scene.Status = SceneStatus.Ceased;
        scene.UpdatedAt = now;
        return null;
    }

    private static Outcome<Feature<SceneDetail>>? CheckWriter(CurrentUser user, string? reason) =>
        !Permissions.CanEditScenes(user.Roles) ? new Outcome<Feature<SceneDetail>>.Refused("Only coordinators, the police and administrators merge and split scenes.")
        : PersonalNumbers.Contains(reason) ? Outcome<Feature<SceneDetail>>.Field("reason", SceneService.PersonalNumberMessage)
        : null;

    private static SceneLink Link(int from, int to, LineageKind kind, DateTimeOffset at, CurrentUser user, string? key, string hash) => new()
    {
        FromSceneId = from,
        ToSceneId = to,
        Kind = kind,
        At = at,
        ByUserId = user.Id,
        ByName = user.Name,
        IdempotencyKey = string.IsNullOrEmpty(key) ? null : key,
        RequestHash = hash,
    };

}
