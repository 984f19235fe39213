using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Privacy;
using Lagesbild.Core.Residents;
using Lagesbild.Core.Validation;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Observations;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Residents;

public sealed record NearbyReport(long Id, double Metres, DateTimeOffset RequestedAt, string Status);

public sealed record ReportUpdateView(long Id, string Status, string? Note, DateTimeOffset UpdatedAt);

/// <summary>A report as staff see it in the triage queue: everything the resident sent, and similar reports nearby.</summary>
public sealed record TriageView(
    long Id,
    string ServiceCode,
    string ServiceName,
    ObservationCategory Category,
    string? Description,
    IReadOnlyDictionary<string, List<string>> Attributes,
    double? Lat,
    double? Lon,
    string? AddressString,
    string? District,
    string? MediaUrl,
    string Status,
    string BasicStatus,
    string? StatusNotes,
    DateTimeOffset RequestedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ExpectedAt,
    DateTimeOffset? TriagedAt,
    string Client,
    long? DuplicateOfId,
    long? ObservationId,
    IReadOnlyList<NearbyReport> Nearby,
    IReadOnlyList<ReportUpdateView> Updates,
    ResidentPromise.State Promise = ResidentPromise.State.None,
    int? PromiseMinutesLeft = null);

public sealed record AcceptRequest(double? Lat, double? Lon);

public sealed record LinkRequest(long? DuplicateOf, string? Note);

public sealed record StatusRequest(string? Status, string? Note);

/// <summary>
/// Staff triage of residents' reports (coordinators and administrators): the queue with likely duplicates, and the
/// actions on a report. Each action is one transaction and writes the update the resident reads.
/// </summary>
public sealed class ReportTriage(LagesbildDb db, ObservationWriter observations, Districts.DistrictCatalog districts, TimeProvider time, AuditTrail audit, Readers readers)
{
    public const int MaxNote = 2000;

    /// <summary>The queue: reports not yet handled ("new"), or those open, closed or all, newest first.</summary>
    public async Task<Outcome<IReadOnlyList<TriageView>>> QueueAsync(CurrentUser user, string? state, CancellationToken ct)
    {
        if (!Permissions.CanTriageReports(user.Roles))
            return Refused<IReadOnlyList<TriageView>>();
        if (state is not (null or "" or "new" or "open" or "closed" or "all"))
            return Outcome<IReadOnlyList<TriageView>>.Field("state", "state is new, open, closed or all.");
        var closed = RequestStatus.ClosedOnes;
        var requests = await TriagedByAsync(user, ct);
        requests = state switch
        {
            "open" => requests.Where(r => !closed.Contains(r.Status)),
            "closed" => requests.Where(r => closed.Contains(r.Status)),
            "all" => requests,
            _ => requests.Where(r => r.TriagedAt == null),
        };
        var page = await requests.OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id).Take(200).ToListAsync(ct);
        // Residents' words are read here, on the page and through the API alike: one entry naming the reports.
        if (page.Count > 0)
        {
            audit.Add(user, "read", "service-requests", null, Classification.Internal, page.Count,
                "ids " + string.Join(',', page.Select(r => r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            await audit.SaveAsync(ct);
        }
        return (await ViewsAsync(page, ct)).ToList();
    }

    public async Task<Outcome<TriageView>> GetAsync(CurrentUser user, long id, CancellationToken ct)
    {
        if (!Permissions.CanTriageReports(user.Roles))
            return Refused<TriageView>();
        if (await (await TriagedByAsync(user, ct)).FirstOrDefaultAsync(r => r.Id == id, ct) is not { } request)
            return new Outcome<TriageView>.Missing();
        audit.Add(user, "read", nameof(ServiceRequest), id.ToString(System.Globalization.CultureInfo.InvariantCulture), Classification.Internal);
        await audit.SaveAsync(ct);
        return (await ViewsAsync([request], ct))[0];
    }

    /// <summary>
    /// The reports a user triages: all of them, or for an organisation scoped to districts those placed in its
    /// districts (a report of another district does not exist for it; one given only as an address is the city's).
    /// </summary>
    private async Task<IQueryable<ServiceRequest>> TriagedByAsync(CurrentUser user, CancellationToken ct)
    {
        var requests = db.ServiceRequests.AsNoTracking();
        if ((await readers.OfAsync(user, ct)).Districts is not { } area)
            return requests;
        var inArea = area.ToArray();
        return requests.Where(r => r.DistrictId != null && inArea.Contains(r.DistrictId.Value));
    }

    /// <summary>The report to triage, tracked: refused for roles that do not triage, missing outside the reader's area.</summary>
    private async Task<Outcome<ServiceRequest>> TriagedAsync(CurrentUser user, long id, CancellationToken ct)
    {
        if (!Permissions.CanTriageReports(user.Roles))
            return Refused<ServiceRequest>();
        if (await db.ServiceRequests.FirstOrDefaultAsync(r => r.Id == id, ct) is not { } request || !(await readers.OfAsync(user, ct)).Covers(request.DistrictId))
            return new Outcome<ServiceRequest>.Missing();
        return request;
    }

    /// <summary>
    /// Turns the report into an observation (classification Internal, source public report) at its place, or at the
    /// place staff give when the resident sent only an address. Accepting twice gives the same observation.
    /// </summary>
    public async Task<Outcome<TriageView>> AcceptAsync(CurrentUser user, long id, AcceptRequest body, CancellationToken ct)
    {
        var found = await TriagedAsync(user, id, ct);
        if (found is not Outcome<ServiceRequest>.Done { Value: var request })
            return found.As<TriageView>();
        if (request.ObservationId is not null)
            return await GetAsync(user, id, ct);
        if (request.Status == RequestStatus.Duplicate)
            return new Outcome<TriageView>.Conflict("The report is linked as a duplicate; accept the report it duplicates.");
        var (lat, lon) = (request.Lat ?? body.Lat, request.Lon ?? body.Lon);
        if (lat is null || lon is null)
            return Outcome<TriageView>.Field(new Refusal("lat", RefusalCodes.PlaceMissing, "The resident gave only an address: send lat and lon of the place to accept the report."));

        if (!districts.InServiceArea(lon.Value, lat.Value))
            return Outcome<TriageView>.Field(new Refusal("lat", RefusalCodes.OffMap, "The place (lat, lon) lies outside the city's map."));

        var count = AttributeAnswers.ObservationCount(JsonSerializer.Deserialize<Dictionary<string, List<string>>>(request.Attributes)!);
        var observation = observations.Build(
            // The resident's words stay with the report, read only by those who triage; the observation counts the place and kind.
            new ObservationRequest(request.Category, lat, lon, request.RequestedAt, null, count, Classification.Internal, null),
            ObservationSource.PublicReport, time.GetUtcNow());
        observation.OrganisationId = user.OrganisationId;
        observation.CreatedById = user.Id;

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Observations.Add(observation);
        await db.SaveChangesAsync(ct);
        // Of two accepts at once only one may win: the report takes the observation only while it has none.
        var claimed = await db.ServiceRequests.Where(r => r.Id == id && r.ObservationId == null)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.ObservationId, observation.Id), ct);
        if (claimed == 0)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return await GetAsync(user, id, ct);
        }
        // Only a report still open becomes "investigating": a status staff set meanwhile (closed, say) stands.
        var now = time.GetUtcNow();
        const string note = "Anmälan är mottagen och registrerad i stadens lägesbild.";
        var opened = await db.ServiceRequests.Where(r => r.Id == id && r.Status == RequestStatus.Open)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, RequestStatus.Investigating).SetProperty(r => r.StatusNotes, note).SetProperty(r => r.UpdatedAt, now), ct);
        if (opened == 1)
            db.ServiceRequestUpdates.Add(new ServiceRequestUpdate { ServiceRequestId = id, Status = RequestStatus.Investigating, Description = note, UpdatedAt = now, ByUserId = user.Id });
        await db.ServiceRequests.Where(r => r.Id == id && r.TriagedAt == null).ExecuteUpdateAsync(set => set.SetProperty(r => r.TriagedAt, now), ct);
        if (request.Lat is null)
        {
            // The place staff give for an address-only report becomes the report's, so that it is found nearby and counted on the map.
            (request.Lat, request.Lon, request.X, request.Y, request.CellKey, request.Location, request.DistrictId) =
                (observation.Lat, observation.Lon, observation.X, observation.Y, observation.CellKey, observation.Location, observation.DistrictId);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return await GetAsync(user, id, ct);
    }

    /// <summary>Links the report to an earlier one about the same thing; it is closed as a duplicate.</summary>
    public async Task<Outcome<TriageView>> LinkAsync(CurrentUser user, long id, LinkRequest body, string? idempotencyKey, CancellationToken ct)
    {
        var found = await TriagedAsync(user, id, ct);
        if (found is not Outcome<ServiceRequest>.Done { Value: var request })
            return found.As<TriageView>();
        if (body.DuplicateOf is not { } originalId || originalId == id)
            return Outcome<TriageView>.Field(new Refusal("duplicateOf", RefusalCodes.Invalid, "duplicateOf is the id of another report."));
        if (!await db.ServiceRequests.AnyAsync(r => r.Id == originalId, ct))
            return Outcome<TriageView>.Field(new Refusal("duplicateOf", RefusalCodes.NotFound, "No report has this id."));
        // Links point at the first report, never at another duplicate: follow them to the root, and bring the
        // reports that pointed at this one along, so that links never form a chain or a loop.
        var rootId = originalId;
        for (var hops = 0; await db.ServiceRequests.Where(r => r.Id == rootId).Select(r => r.DuplicateOfId).FirstOrDefaultAsync(ct) is { } next; hops++)
        {
            if (hops > 1000 || next == rootId)
                break;
            rootId = next;
        }
        if (rootId == id)
            return Outcome<TriageView>.Field(new Refusal("duplicateOf", RefusalCodes.Invalid, "That report is already a duplicate of this one."));
        var note = string.IsNullOrWhiteSpace(body.Note) ? $"Samma sak har redan anmälts (ärende {rootId}); vi följer upp den anmälan." : body.Note.Trim();
        if (CheckNote(note) is { } refusal)
            return Outcome<TriageView>.Field(refusal);
        request.DuplicateOfId = rootId;
        foreach (var follower in await db.ServiceRequests.Where(r => r.DuplicateOfId == id).ToListAsync(ct))
            follower.DuplicateOfId = rootId;
        return await WriteUpdateAsync(user, request, RequestStatus.Duplicate, note, idempotencyKey, ct);
    }

    /// <summary>
    /// Sets an extended status with the note the resident reads: closing ("fixed", "closed"), forwarding to the police
    /// ("not_councils_responsibility", which puts it in the police's queue and needs a note saying where to turn), or any other of mySociety's statuses.
    /// </summary>
    public async Task<Outcome<TriageView>> SetStatusAsync(CurrentUser user, long id, StatusRequest body, string? idempotencyKey, CancellationToken ct)
    {
        var found = await TriagedAsync(user, id, ct);
        if (found is not Outcome<ServiceRequest>.Done { Value: var request })
            return found.As<TriageView>();
        if (!RequestStatus.IsKnown(body.Status) || body.Status == RequestStatus.Duplicate)
            return Outcome<TriageView>.Field(new Refusal("status", RefusalCodes.Invalid, $"status is one of {string.Join(", ", RequestStatus.All.Where(s => s != RequestStatus.Duplicate))} (link a duplicate with /duplicate)."));
        if (body.Status == RequestStatus.NotCouncilsResponsibility && string.IsNullOrWhiteSpace(body.Note))
            return Outcome<TriageView>.Field(new Refusal("note", RefusalCodes.NoteNeeded, "Say where the resident should turn (e.g. the police on 114 14) when forwarding."));
        if (RequestStatus.IsClosed(body.Status!) && string.IsNullOrWhiteSpace(body.Note))
            return Outcome<TriageView>.Field(new Refusal("note", RefusalCodes.NoteNeeded, "A report is closed with a note that tells the resident what was done."));
        if (CheckNote(body.Note) is { } noteRefusal)
            return Outcome<TriageView>.Field(noteRefusal);
        // Any status but duplicate (reopening one, say) ends the link to the first report.
        request.DuplicateOfId = null;
        // Forwarding puts the report in the police's queue (GET /api/reports?forwardedTo=police), saved with the update;
        // another status before the police received it takes it out again.
        if (body.Status == RequestStatus.NotCouncilsResponsibility && request.ForwardedTo is null)
            (request.ForwardedTo, request.ForwardedAt) = (PoliceQueue.Police, time.GetUtcNow());
        else if (body.Status != RequestStatus.NotCouncilsResponsibility && request.ReceivedAt is null)
            (request.ForwardedTo, request.ForwardedAt) = (null, null);
        return await WriteUpdateAsync(user, request, body.Status!, string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim(), idempotencyKey, ct);
    }

    /// <summary>
    /// Writes a status change with its note. The same Idempotency-Key again answers the report as it is, once the
    /// first write is in (also when two arrive at once); the key with another status or note is refused.
    /// </summary>
    private async Task<Outcome<TriageView>> WriteUpdateAsync(CurrentUser user, ServiceRequest request, string status, string? note, string? idempotencyKey, CancellationToken ct)
    {
        var write = new KeyedWrite<ServiceRequestUpdate, TriageView>(db, idempotencyKey)
        {
            FindEarlier = key => db.ServiceRequestUpdates.AsNoTracking().FirstOrDefaultAsync(u => u.IdempotencyKey == $"{request.Id}:{key}", ct),
            IsSameRequest = earlier => earlier.Status == status && earlier.Description == note,
            Replay = _ => GetAsync(user, request.Id, ct),
            ReusedReason = "This Idempotency-Key was already used for another status or note on this report.",
        };
        return await write.RunAsync(async () =>
        {
            AddUpdate(request, status, note, user, write.Key);
            await db.SaveChangesAsync(ct);
            return await GetAsync(user, request.Id, ct);
        });
    }

    private static Refusal? CheckNote(string? note) => note switch
    {
        { Length: > MaxNote } => new Refusal("note", RefusalCodes.TooLong, $"note is longer than {MaxNote} characters.", [MaxNote]),
        _ when !PlainText.IsClean(note) => new Refusal("note", RefusalCodes.ControlCharacters, "note contains control characters; write plain text."),
        _ when PersonalNumbers.Contains(note) => new Refusal("note", RefusalCodes.PersonalNumber, "note contains what looks like a personal identity number; the resident reads this note."),
        _ when PhoneNumbers.Contains(note) => new Refusal("note", RefusalCodes.PhoneNumber, "note contains what looks like a person's telephone number; the resident reads this note."),
        _ => null,
    };

    private void AddUpdate(ServiceRequest request, string status, string? note, CurrentUser user, string? idempotencyKey)
    {
        var now = time.GetUtcNow();
        request.Status = status;
        request.StatusNotes = note;
        request.UpdatedAt = now;
        request.TriagedAt ??= now;
        db.ServiceRequestUpdates.Add(new ServiceRequestUpdate
        {
            ServiceRequestId = request.Id,
            Status = status,
            Description = note,
            UpdatedAt = now,
            ByUserId = user.Id,
            IdempotencyKey = string.IsNullOrEmpty(idempotencyKey) ? null : $"{request.Id}:{idempotencyKey}",
        });
    }

    private static Outcome<T>.Refused Refused<T>() => new("Only the city's coordinators and administrators triage residents' reports.");

    /// <summary>The views of a page of reports, each with the same service's reports within 250 m and 14 days.</summary>
    private async Task<IReadOnlyList<TriageView>> ViewsAsync(IReadOnlyList<ServiceRequest> page, CancellationToken ct)
    {
        if (page.Count == 0)
            return [];
        var now = time.GetUtcNow();
        var codes = page.Select(r => r.ServiceCode).Distinct().ToList();
        var (from, to) = (page.Min(r => r.RequestedAt) - Duplicates.Window, page.Max(r => r.RequestedAt) + Duplicates.Window);
        var (minX, maxX) = (page.Min(r => r.X) - Duplicates.RadiusMetres, page.Max(r => r.X) + Duplicates.RadiusMetres);
        var (minY, maxY) = (page.Min(r => r.Y) - Duplicates.RadiusMetres, page.Max(r => r.Y) + Duplicates.RadiusMetres);
        var candidates = await db.ServiceRequests.AsNoTracking()
            .Where(r => codes.Contains(r.ServiceCode) && r.RequestedAt >= from && r.RequestedAt <= to
                && r.X >= minX && r.X <= maxX && r.Y >= minY && r.Y <= maxY)
            .Select(r => new { r.Id, r.ServiceCode, r.X, r.Y, r.RequestedAt, r.Status })
            .ToListAsync(ct);
        var places = candidates.Select(c => new ReportPlace(c.Id, c.ServiceCode, new GridPoint(c.X!.Value, c.Y!.Value), c.RequestedAt)).ToList();
        var statuses = candidates.ToDictionary(c => c.Id, c => c.Status);

        var ids = page.Select(r => r.Id).ToList();
        var updates = (await db.ServiceRequestUpdates.AsNoTracking().Where(u => ids.Contains(u.ServiceRequestId)).OrderBy(u => u.UpdatedAt).ThenBy(u => u.Id).ToListAsync(ct))
            .ToLookup(u => u.ServiceRequestId);
        var keyIds = page.Where(r => r.ApiKeyId != null).Select(r => r.ApiKeyId!.Value).Distinct().ToList();
        var clients = await db.ApiKeys.AsNoTracking().Where(k => keyIds.Contains(k.Id)).ToDictionaryAsync(k => k.Id, k => k.Name, ct);
        var districtIds = page.Where(r => r.DistrictId != null).Select(r => r.DistrictId!.Value).Distinct().ToList();
        var districtNames = await db.Districts.AsNoTracking().Where(d => districtIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, ct);

        return page.Select(r => new TriageView(
            r.Id, r.ServiceCode, r.ServiceName, r.Category, r.Description,
            JsonSerializer.Deserialize<Dictionary<string, List<string>>>(r.Attributes)!,
            r.Lat, r.Lon, r.AddressString, r.DistrictId is { } d ? districtNames.GetValueOrDefault(d) : null, r.MediaUrl,
            r.Status, RequestStatus.Basic(r.Status), r.StatusNotes, r.RequestedAt, r.UpdatedAt, r.ExpectedAt, r.TriagedAt,
            r.ApiKeyId is { } k ? clients.GetValueOrDefault(k, "Open311") : ServiceRequests.WebClient,
            r.DuplicateOfId, r.ObservationId,
            Duplicates.Near(new ReportPlace(r.Id, r.ServiceCode, r.X is { } x ? new GridPoint(x, r.Y!.Value) : null, r.RequestedAt), places)
                .Select(n => new NearbyReport(n.Report.Id, Math.Round(n.Metres), n.Report.RequestedAt, statuses[n.Report.Id])).ToList(),
            updates[r.Id].Select(u => new ReportUpdateView(u.Id, u.Status, u.Description, u.UpdatedAt)).ToList(),
            ResidentPromise.Of(r.ExpectedAt, r.Status, now),
            ResidentPromise.TimeLeft(r.ExpectedAt, r.Status, now) is { } left ? (int)Math.Floor(left.TotalMinutes) : null)).ToList();
    }
}
