using System.Globalization;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Residents;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Observations;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Residents;

/// <summary>A resident's report as the police read it in their queue: the words, the place, the time and the city's note.</summary>
public sealed record PoliceQueueItem(
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
    DateTimeOffset RequestedAt,
    DateTimeOffset? ForwardedAt,
    string? TriageNote,
    DateTimeOffset? ReceivedAt,
    long? ObservationId);

/// <summary>Taking a forwarded report in: the tier it gets, and its category when the police read it otherwise.</summary>
public sealed record ReceiveRequest(Classification? Classification, ObservationCategory? Category, double? Lat, double? Lon);

/// <summary>
/// The police's queue of residents' reports the city forwarded to them (triage's not_councils_responsibility), and
/// receiving one into the police's own observations. Each read of a report's words is audited; receiving is one
/// transaction that makes one observation, however many receives race, and tells the resident.
/// </summary>
public sealed class PoliceQueue(LagesbildDb db, ObservationWriter observations, Districts.DistrictCatalog districts, AuditTrail audit, TimeProvider time)
{
    public const string Police = "police";

    /// <summary>The city's usual note when it forwards a report (triage fills it in; staff may change it).</summary>
    public const string ForwardedNote = "Vi har skickat din anmälan vidare till polisen. Du får besked här när polisen har tagit emot den. Pågår ett brott? Ring 112. Annars ring polisen på 114 14.";

    /// <summary>What the resident reads once the police have taken the report in.</summary>
    public const string ReceivedNote = "Polisen har tagit emot din anmälan och registrerat uppgifterna hos sig.";

    /// <summary>What the resident is told when the city had already taken the report into the picture: the police registered nothing new.</summary>
    public const string ReceivedKnownNote = "Polisen har tagit emot din anmälan.";

    public static bool MayUse(IReadOnlyCollection<Role> roles) => roles.Contains(Role.Police);

    /// <summary>The reports forwarded to the police and not yet received, oldest forwarding first.</summary>
    public async Task<Outcome<IReadOnlyList<PoliceQueueItem>>> QueueAsync(CurrentUser user, string? forwardedTo, CancellationToken ct)
    {
        if (!MayUse(user.Roles))
            return Refused<IReadOnlyList<PoliceQueueItem>>();
        if (forwardedTo != Police)
            return Outcome<IReadOnlyList<PoliceQueueItem>>.Field("forwardedTo", "forwardedTo=police is the only queue.");
        var page = await db.ServiceRequests.AsNoTracking()
            .Where(r => r.ForwardedTo == Police && r.ReceivedAt == null)
            .OrderBy(r => r.ForwardedAt).ThenBy(r => r.Id)
            .Take(200)
            .ToListAsync(ct);
        var items = await ItemsAsync(page, ct);
        foreach (var item in items)
            audit.Add(user, "read", nameof(ServiceRequest), item.Id.ToString(CultureInfo.InvariantCulture), DataOwner.City, detail: "police queue");
        if (items.Count > 0)
            await audit.SaveAsync(ct);
        return items.ToList();
    }

    /// <summary>
    /// Takes a forwarded report into the police's observations (source public report, the police's organisation).
    /// A second receive, or a retry with the same Idempotency-Key, answers the first. A report the city had already
    /// accepted into its picture keeps that observation (it is not counted twice) and is marked received.
    /// </summary>
    public async Task<Outcome<PoliceQueueItem>> ReceiveAsync(CurrentUser user, long id, ReceiveRequest body, string? idempotencyKey, CancellationToken ct)
    {
        if (!MayUse(user.Roles))
            return Refused<PoliceQueueItem>();
        if (await db.ServiceRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && r.ForwardedTo == Police, ct) is not { } request)
            return new Outcome<PoliceQueueItem>.Missing();
        var hash = Idempotency.Hash(new { id, body });
        var write = new KeyedWrite<string, PoliceQueueItem>(db, idempotencyKey)
        {
            // The key is kept on the observation the receive made, with the request's hash.
            FindEarlier = key => db.Observations.AsNoTracking().Where(o => o.CreatedById == user.Id && o.IdempotencyKey == key)
                .Select(o => o.RequestHash).FirstOrDefaultAsync(ct),
            IsSameRequest = earlier => earlier == hash,
            Replay = _ => ItemAsync(id, ct),
            ReusedReason = "This Idempotency-Key was already used for another report or another classification.",
            // Of two receives at once only one claims the report; the other answers what the first made.
            LostRace = () => ItemAsync(id, ct),
        };
        return await write.RunAsync(async () =>
        {
            if (request.ReceivedAt is not null)
                return await ItemAsync(id, ct);
            if (CheckPlace(request, body) is { } invalid)
                return invalid;
            return await ReceiveOnceAsync(user, request, body, write.Key, hash, ct) ? await ItemAsync(id, ct) : null;
        });
    }

    private Outcome<PoliceQueueItem>? CheckPlace(ServiceRequest request, ReceiveRequest body)
    {
        if (body.Classification is not (Classification.Internal or Classification.Restricted))
            return Outcome<PoliceQueueItem>.Field("classification", "classification is Internal or Restricted.");
        var (lat, lon) = (request.Lat ?? body.Lat, request.Lon ?? body.Lon);
        if (request.ObservationId is null && (lat is null || lon is null))
            return Outcome<PoliceQueueItem>.Field("lat", "The resident gave only an address: send lat and lon of the place to receive the report.");
        if (request.ObservationId is null && !districts.InServiceArea(lon!.Value, lat!.Value))
            return Outcome<PoliceQueueItem>.Field("lat", "The place (lat, lon) lies outside the city's map.");
        return null;
    }

    /// <summary>The observation (unless the city's picture has one), the claim of the report and its update, in one transaction; false if another receive claimed it first.</summary>
    private async Task<bool> ReceiveOnceAsync(CurrentUser user, ServiceRequest request, ReceiveRequest body, string? key, string hash, CancellationToken ct)
    {
        var id = request.Id;
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var observationId = request.ObservationId;
        var note = observationId is null ? ReceivedNote : ReceivedKnownNote;
        if (observationId is null)
        {
            var count = AttributeAnswers.ObservationCount(JsonSerializer.Deserialize<Dictionary<string, List<string>>>(request.Attributes)!);
            var observation = observations.Build(
                new ObservationRequest(body.Category ?? request.Category, request.Lat ?? body.Lat, request.Lon ?? body.Lon, request.RequestedAt, null, count, body.Classification, null),
                ObservationSource.PublicReport, now);
            observation.OrganisationId = user.OrganisationId;
            observation.CreatedById = user.Id;
            observation.IdempotencyKey = key;
            observation.RequestHash = hash;
            db.Observations.Add(observation);
            await db.SaveChangesAsync(ct);
            observationId = observation.Id;
            if (observation.Classification == Classification.Restricted)
                audit.Add(user, "create", observation);
        }
        var claimed = await db.ServiceRequests.Where(r => r.Id == id && r.ReceivedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.ReceivedAt, now).SetProperty(r => r.ObservationId, observationId)
                .SetProperty(r => r.StatusNotes, note).SetProperty(r => r.UpdatedAt, now), ct);
        if (claimed == 0)
        {
            await transaction.RollbackAsync(ct);
            return false;
        }
        db.ServiceRequestUpdates.Add(new ServiceRequestUpdate
        {
            ServiceRequestId = id,
            Status = request.Status,
            Description = note,
            UpdatedAt = now,
            ByUserId = user.Id,
            IdempotencyKey = key is null ? null : $"{id}:receive:{key}",
        });
        audit.Add(user, "receive", nameof(ServiceRequest), id.ToString(CultureInfo.InvariantCulture), DataOwner.City,
            detail: $"observation {observationId}");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return true;
    }

    private async Task<Outcome<PoliceQueueItem>> ItemAsync(long id, CancellationToken ct) =>
        await db.ServiceRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } request
            ? (await ItemsAsync([request], ct))[0]
            : new Outcome<PoliceQueueItem>.Missing();

    private async Task<IReadOnlyList<PoliceQueueItem>> ItemsAsync(IReadOnlyList<ServiceRequest> page, CancellationToken ct)
    {
        if (page.Count == 0)
            return [];
        var ids = page.Select(r => r.Id).ToList();
        // The city's note at forwarding: the newest update that forwarded it.
        var notes = (await db.ServiceRequestUpdates.AsNoTracking()
                .Where(u => ids.Contains(u.ServiceRequestId) && u.Status == RequestStatus.NotCouncilsResponsibility && u.Description != ReceivedNote && u.Description != ReceivedKnownNote)
                .OrderBy(u => u.Id).ToListAsync(ct))
            .GroupBy(u => u.ServiceRequestId).ToDictionary(g => g.Key, g => g.Last().Description);
        return page.Select(r => new PoliceQueueItem(
            r.Id, r.ServiceCode, r.ServiceName, r.Category, r.Description,
            JsonSerializer.Deserialize<Dictionary<string, List<string>>>(r.Attributes)!,
            r.Lat, r.Lon, r.AddressString, districts.NameOf(r.DistrictId), r.RequestedAt, r.ForwardedAt,
            notes.GetValueOrDefault(r.Id), r.ReceivedAt, r.ObservationId)).ToList();
    }

    private static Outcome<T>.Refused Refused<T>() => new("Only the police read and receive the reports forwarded to them.");
}
