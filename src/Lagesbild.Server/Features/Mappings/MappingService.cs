using System.Globalization;
using Lagesbild.Core.Access;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Mappings;
using Lagesbild.Core.Privacy;
using Lagesbild.Core.Scenes;
using Lagesbild.Core.Time;
using Lagesbild.Core.Validation;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Mappings;

/// <summary>The file of a mapping as it came: GeoJSON or CSV, with the date and source the request named.</summary>
public sealed record MappingUpload(string Format, string Body, string? Date, string? Source);

/// <summary>
/// The regional mapping's snapshots: imported whole (one transaction, with its audit entry), listed, read with their
/// places, and set beside the scene register. Reads and imports are audited as the police's data (they lead it).
/// </summary>
public sealed class MappingService(LagesbildDb db, MappingInput input, AuditTrail audit, TimeProvider time)
{
    public const string GeoJsonFormat = "geojson", CsvFormat = "csv";
    public static readonly DateOnly FirstDate = new(2000, 1, 1);

    public async Task<Outcome<Written<MappingView>>> ImportAsync(MappingUpload upload, CurrentUser user, string? idempotencyKey, CancellationToken ct)
    {
        if (!MappingAccess.CanImport(user.Roles))
            return new Outcome<Written<MappingView>>.Refused("The police and the city's coordinators import the regional mapping.");
        var hash = Idempotency.Hash(upload);
        var write = new KeyedWrite<Mapping, Written<MappingView>>(db, idempotencyKey)
        {
            FindEarlier = key => db.Mappings.AsNoTracking().SingleOrDefaultAsync(m => m.ImportedById == user.Id && m.IdempotencyKey == key, ct),
            IsSameRequest = earlier => earlier.RequestHash == hash,
            Replay = async earlier => new Written<MappingView>((await ReadAsync(earlier.Id, ct))!, true),
            ReusedReason = "This Idempotency-Key was already used for another mapping.",
        };
        return await write.RunAsync(async () =>
        {
            var refusals = new Refusals();
            var (places, date, source) = Read(upload, refusals);
            if (refusals.Count > 0)
                return Outcome<Written<MappingView>>.Because(refusals);
            var mapping = new Mapping
            {
                Date = date!.Value,
                Source = source!,
                ImportedAt = time.GetUtcNow(),
                ImportedById = user.Id,
                ImportedByName = user.Name,
                IdempotencyKey = write.Key,
                RequestHash = hash,
                Places = places.Select(p => new MappingPlace { Name = p.Name, Shape = p.Shape, StatedArea = p.Area, Notes = p.Notes }).ToList(),
            };
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Mappings.Add(mapping);
            await db.SaveChangesAsync(ct);
            audit.Add(user, "import", nameof(Mapping), mapping.Id.ToString(CultureInfo.InvariantCulture), DataOwner.Police, mapping.Places.Count,
                $"{mapping.Date:yyyy-MM-dd}; {mapping.Places.Count} places; {upload.Format}");
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new Written<MappingView>((await ReadAsync(mapping.Id, ct))!, false);
        });
    }

    private (List<PlaceInput> Places, DateOnly? Date, string? Source) Read(MappingUpload upload, Refusals refusals)
    {
        List<PlaceInput> places;
        string? date = upload.Date, source = upload.Source;
        if (upload.Format == GeoJsonFormat)
        {
            var read = input.ReadGeoJson(upload.Body, refusals);
            places = read.Places;
            date = Agree("date", upload.Date, read.Date, refusals);
            source = Agree("source", upload.Source, read.Source, refusals);
        }
        else
        {
            places = input.ReadCsv(upload.Body, refusals);
        }
        DateOnly? day = null;
        var today = DateOnly.FromDateTime(Stockholm.ToLocal(time.GetUtcNow()));
        if (string.IsNullOrWhiteSpace(date))
            refusals.Add("date", RefusalCodes.Required, "date is required: the day the mapping describes (2025-10-15).");
        else if (!QueryValues.TryParseDate(date.Trim(), out var parsed))
            refusals.Add("date", RefusalCodes.NotADate, "date must be a date such as 2025-10-15.");
        else if (parsed > today)
            refusals.Add("date", RefusalCodes.InFuture, "date cannot lie in the future.");
        else if (parsed < FirstDate)
            refusals.Add("date", RefusalCodes.OutOfRange, "date must lie from 2000 on.", FirstDate, today);
        else
            day = parsed;
        if (string.IsNullOrWhiteSpace(source) || source.Trim().Length < 2)
            refusals.Add("source", RefusalCodes.Required, "source is required: who made the mapping (2 to 300 characters).");
        else if (source.Length > 300)
            refusals.Add("source", RefusalCodes.TooLong, "source is longer than 300 characters.", 300);
        else if (!PlainText.IsClean(source))
            refusals.Add("source", RefusalCodes.ControlCharacters, "source contains control characters or direction overrides; write plain text.");
        else if (PersonalNumbers.Contains(source))
            refusals.Add("source", RefusalCodes.PersonalNumber, "The text contains what looks like a personal identity number (personnummer).");
        return (places, day, source?.Trim());
    }

    /// <summary>A value the query and the file may both give: they must agree.</summary>
    private static string? Agree(string field, string? query, string? file, Refusals refusals)
    {
        if (!string.IsNullOrWhiteSpace(query) && !string.IsNullOrWhiteSpace(file) && query.Trim() != file.Trim())
            refusals.Add(field, RefusalCodes.Invalid, $"The query's {field} and the file's {field} differ; give one.");
        return string.IsNullOrWhiteSpace(query) ? file : query;
    }

    public async Task<Outcome<List<MappingSummary>>> ListAsync(CurrentUser user, CancellationToken ct)
    {
        if (!MappingAccess.CanRead(user.Roles))
            return new Outcome<List<MappingSummary>>.Refused("The regional mapping is for the police, the city's coordinators, analysts and social services.");
        return await db.Mappings.AsNoTracking()
            .OrderByDescending(m => m.Date).ThenByDescending(m => m.Id)
            .Select(m => new MappingSummary(m.Id, m.Date, m.Source, m.Places.Count, m.ImportedAt, m.ImportedByName))
            .ToListAsync(ct);
    }

    public async Task<Outcome<MappingView>> GetAsync(int id, CurrentUser user, CancellationToken ct)
    {
        if (!MappingAccess.CanRead(user.Roles))
            return new Outcome<MappingView>.Refused("The regional mapping is for the police, the city's coordinators, analysts and social services.");
        if (await ReadAsync(id, ct) is not { } mapping)
            return new Outcome<MappingView>.Missing();
        audit.Add(user, "read", nameof(Mapping), id.ToString(CultureInfo.InvariantCulture), DataOwner.Police, mapping.Places.Count);
        await audit.SaveAsync(ct);
        return mapping;
    }

    private async Task<MappingView?> ReadAsync(int id, CancellationToken ct)
    {
        var mapping = await db.Mappings.AsNoTracking().Include(m => m.Places).SingleOrDefaultAsync(m => m.Id == id, ct);
        return mapping is null ? null
            : new MappingView(mapping.Id, mapping.Date, mapping.Source, mapping.ImportedAt, mapping.ImportedByName, mapping.Places.OrderBy(p => p.Id).Select(View).ToList());
    }

    public async Task<Outcome<ReconciliationView>> ReconcileAsync(int id, CurrentUser user, CancellationToken ct)
    {
        if (!MappingAccess.CanRead(user.Roles))
            return new Outcome<ReconciliationView>.Refused("The regional mapping is for the police, the city's coordinators, analysts and social services.");
        if (await ReadAsync(id, ct) is not { } mapping)
            return new Outcome<ReconciliationView>.Missing();
        var previousId = await db.Mappings.AsNoTracking()
            .Where(m => m.Date < mapping.Date || (m.Date == mapping.Date && m.Id < mapping.Id))
            .OrderByDescending(m => m.Date).ThenByDescending(m => m.Id).Select(m => (int?)m.Id).FirstOrDefaultAsync(ct);
        var previous = previousId is { } pid ? await ReadAsync(pid, ct) : null;
        var scenes = await ActiveScenesAsync(mapping.Date, ct);

        var result = MappingReconciliation.Reconcile(
            mapping.Places.Select(p => new AreaShape(p.Id, Sweref99Tm.Project(p.Geometry), p.Area)).ToList(),
            scenes.Select(s => new AreaShape(s.Id, Sweref99Tm.Project(s.Geometry), s.Area)).ToList(),
            (previous?.Places ?? []).Select(p => new AreaShape(p.Id, Sweref99Tm.Project(p.Geometry), p.Area)).ToList());

        var places = mapping.Places.ToDictionary(p => p.Id);
        var byScene = scenes.ToDictionary(s => s.Id);
        var before = (previous?.Places ?? []).ToDictionary(p => p.Id);
        var changes = result.Matched.Where(m => m.AgainstScene is not null)
            .Select(m => new AreaChangeRow(places[m.PlaceId], "scene", m.SceneId, byScene[m.SceneId].Name, null, null, Change(m.AgainstScene!)))
            .Concat(result.SincePrevious.Where(p => p.Change is not null)
                .Select(p => new AreaChangeRow(places[p.PlaceId], "previous", null, null, p.PreviousPlaceId, before[p.PreviousPlaceId].Name, Change(p.Change!))))
            .Where(c => c.Change.Notable)
            .OrderBy(c => c.Place.Id).ThenBy(c => c.Against, StringComparer.Ordinal)
            .ToList();
        audit.Add(user, "read", nameof(Mapping), id.ToString(CultureInfo.InvariantCulture), DataOwner.Police, mapping.Places.Count, "reconciliation with the scene register");
        await audit.SaveAsync(ct);
        return new ReconciliationView(
            new MappingRef(mapping.Id, mapping.Date, mapping.Source),
            previous is null ? null : new MappingRef(previous.Id, previous.Date, previous.Source),
            result.Matched.Select(m => new MatchedView(places[m.PlaceId], byScene[m.SceneId], Math.Round(m.Score, 3), m.AgainstScene is { } c ? Change(c) : null)).ToList(),
            result.OnlyInMapping.Select(p => places[p]).ToList(),
            result.OnlyInRegister.Select(s => byScene[s]).ToList(),
            changes);
    }

    /// <summary>The scenes the register called active at the start of the mapping's day, as the indicator counts them.</summary>
    private async Task<List<RegisterSceneView>> ActiveScenesAsync(DateOnly date, CancellationToken ct)
    {
        var at = Stockholm.StartOfDay(date);
        var scenes = await db.Scenes.AsNoTracking()
            .Select(s => new { s.Id, s.Name, s.Area, History = s.History.Select(h => new { h.Status, h.At, h.Id }).ToList() })
            .ToListAsync(ct);
        return scenes
            .Select(s => (s.Id, s.Name, s.Area, History: s.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new StatusChange(h.Status, h.At)).ToList()))
            .Where(s => SceneLifecycle.IsActiveAt(s.History, at))
            .Select(s => new RegisterSceneView(s.Id, s.Name, SceneLifecycle.StatusAt(s.History, at), s.Area, Math.Round(Sweref99Tm.Project(s.Area).Area)))
            .OrderBy(s => s.Id)
            .ToList();
    }

    /// <summary>The mappings' counts of places between two days: the active scenes as the regional mapping counted them.</summary>
    public async Task<List<MappedCount>> CountsAsync(DateOnly from, DateOnly to, CancellationToken ct) =>
        await db.Mappings.AsNoTracking()
            .Where(m => m.Date >= from && m.Date <= to)
            .OrderBy(m => m.Date).ThenBy(m => m.Id)
            .Select(m => new MappedCount(m.Date, m.Places.Count, m.Id, m.Source))
            .ToListAsync(ct);

    private static MappingPlaceView View(MappingPlace p) =>
        new(p.Id, p.Name, p.Shape, AreaShape.AreaOf(Sweref99Tm.Project(p.Shape), p.StatedArea) is { } area ? Math.Round(area) : null, p.StatedArea, p.Notes);

    private static AreaChangeView Change(AreaChange c) => new(c.Before, c.After, Math.Round(c.Difference), c.Percent is { } p ? Math.Round(p, 1) : null, c.Notable);
}
