using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Residents;
using Lagesbild.Data;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Residents;

/// <summary>A resident's report as it arrives, from an Open311 client or the public page.</summary>
public sealed record ReportSubmission(string? ServiceCode, ReportInput Input, IReadOnlyDictionary<string, List<string>> Answers);

/// <summary>A GET requests query, its parameters already read (empty ones as absent).</summary>
public sealed record RequestQuery(
    IReadOnlyList<long>? Ids,
    IReadOnlyList<string>? ServiceCodes,
    DateTimeOffset From,
    DateTimeOffset To,
    string? Status,
    int Page,
    int PageSize);

/// <summary>
/// Residents' reports: filing them (one transaction; an Idempotency-Key makes a retry answer the first report),
/// reading them for Open311 and the public page, and the updates the resident follows.
/// </summary>
public sealed class ServiceRequests(LagesbildDb db, ServiceProfileStore profiles, DistrictCatalog districts, TimeProvider time)
{
    public const string WebClient = "web";

    public async Task<Outcome<ServiceRequest>> FileAsync(ReportSubmission submission, int? apiKeyId, string? idempotencyKey, CancellationToken ct)
    {
        var service = ServiceProfile.Find(await profiles.CurrentAsync(ct), submission.ServiceCode);
        if (service is null)
            return new Outcome<ServiceRequest>.Missing();
        var area = districts.ServiceArea;
        var refusals = RequestRules.Check(submission.Input, new LonLatBox(area.MinX, area.MinY, area.MaxX, area.MaxY));
        foreach (var refusal in AttributeAnswers.Check(service, submission.Answers))
            refusals.Add(refusal);
        if (refusals.Count > 0)
            return Outcome<ServiceRequest>.Because(refusals);

        submission = submission with { Answers = AttributeAnswers.Known(service, submission.Answers) };
        if (Answers(submission.Answers).Length > MaxAnswers)
            return Outcome<ServiceRequest>.Field("attribute", "The answers to the attributes are too long together; shorten them.");
        // Keys are the client's own: scoped by its API key (or the web form), so two clients never share one.
        var client = apiKeyId?.ToString(CultureInfo.InvariantCulture) ?? WebClient;
        var hash = Idempotency.Hash(submission);
        var write = new KeyedWrite<ServiceRequest, ServiceRequest>(db, idempotencyKey)
        {
            FindEarlier = key => db.ServiceRequests.AsNoTracking().FirstOrDefaultAsync(r => r.IdempotencyKey == $"{client}:{key}", ct),
            IsSameRequest = earlier => earlier.RequestHash == hash,
            Replay = earlier => Task.FromResult<Outcome<ServiceRequest>>(earlier),
            ReusedReason = "This Idempotency-Key was already used for another report.",
        };
        return await write.RunAsync(async () =>
        {
            var request = Build(service, submission, time.GetUtcNow());
            request.ApiKeyId = apiKeyId;
            request.IdempotencyKey = write.Key is null ? null : $"{client}:{write.Key}";
            request.RequestHash = hash;
            db.ServiceRequests.Add(request);
            await db.SaveChangesAsync(ct);
            return request;
        });
    }

    private ServiceRequest Build(ServiceDefinition service, ReportSubmission submission, DateTimeOffset now)
    {
        var input = submission.Input;
        var request = new ServiceRequest
        {
            Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ServiceCode = service.Code,
            ServiceName = service.Name,
            Category = service.Category,
            Description = Blank(input.Description),
            Attributes = Answers(submission.Answers),
            AddressString = Blank(input.AddressString),
            MediaUrl = Blank(input.MediaUrl),
            OnPublicMap = service.OnPublicMap,
            Status = RequestStatus.Open,
            ServiceNotice = ServiceTexts.Notice(service, english: false),
            RequestedAt = now,
            UpdatedAt = now,
            ExpectedAt = ServiceProfile.ExpectedAt(service, submission.Answers, now),
        };
        if (input is { Lat: { } lat, Lon: { } lon })
        {
            var grid = Sweref99Tm.Project(lon, lat);
            (request.Lat, request.Lon, request.X, request.Y) = (lat, lon, grid.X, grid.Y);
            request.CellKey = GridCell.Of(grid).Key;
            request.Location = PolygonInput.Wgs84.CreatePoint(new NetTopologySuite.Geometries.Coordinate(lon, lat));
            request.DistrictId = districts.Index.Locate(lon, lat);
        }
        return request;
    }

    /// <summary>The largest stored answers, as JSON (the column's length).</summary>
    public const int MaxAnswers = 8000;

    /// <summary>The answers as stored: JSON with letters such as å written as themselves.</summary>
    private static string Answers(IReadOnlyDictionary<string, List<string>> answers) => JsonSerializer.Serialize(answers, ServiceProfileStore.Json);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public Task<ServiceRequest?> FindAsync(long id, CancellationToken ct) =>
        db.ServiceRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);

    public Task<ServiceRequest?> FindByTokenAsync(string token, CancellationToken ct) =>
        db.ServiceRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Token == token, ct);

    /// <summary>GET requests: the ids asked for (which override the rest), or the window's requests, newest first.</summary>
    public async Task<IReadOnlyList<ServiceRequest>> ListAsync(RequestQuery query, CancellationToken ct)
    {
        var requests = db.ServiceRequests.AsNoTracking();
        if (query.Ids is { Count: > 0 } ids)
            return await requests.Where(r => ids.Contains(r.Id)).OrderBy(r => r.Id).ToListAsync(ct);
        // A listing by window leaves out the services kept off the public map (suspected dealing): asked by id,
        // such a report is the resident's own to follow.
        requests = requests.Where(r => r.OnPublicMap && r.RequestedAt >= query.From && r.RequestedAt <= query.To);
        if (query.ServiceCodes is { Count: > 0 } codes)
            requests = requests.Where(r => codes.Contains(r.ServiceCode));
        var closed = RequestStatus.ClosedOnes;
        if (query.Status == RequestStatus.Closed)
            requests = requests.Where(r => closed.Contains(r.Status));
        else if (query.Status == RequestStatus.Open)
            requests = requests.Where(r => !closed.Contains(r.Status));
        return await requests.OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
    }

    /// <summary>The updates made in a window, oldest first (mySociety's servicerequestupdates).</summary>
    public async Task<IReadOnlyList<ServiceRequestUpdate>> UpdatesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        await db.ServiceRequestUpdates.AsNoTracking()
            .Where(u => u.UpdatedAt >= from && u.UpdatedAt <= to)
            .OrderBy(u => u.UpdatedAt).ThenBy(u => u.Id)
            .Take(RequestRules.MaxRequests)
            .ToListAsync(ct);

    public async Task<IReadOnlyList<ServiceRequestUpdate>> UpdatesOfAsync(long id, CancellationToken ct) =>
        await db.ServiceRequestUpdates.AsNoTracking().Where(u => u.ServiceRequestId == id).OrderBy(u => u.UpdatedAt).ThenBy(u => u.Id).ToListAsync(ct);

    /// <summary>
    /// The public map: the last 90 days' accepted reports of services shown on the map, counted per 250 m cell; cells with
    /// fewer than five reports are left out. Nothing else leaves: no points, no text, no observations. There is no
    /// filter by service: the counts of one service subtracted from all would show the small cells again.
    /// </summary>
    public async Task<IReadOnlyList<(GridCell Cell, int Count)>> PublicCellsAsync(CancellationToken ct)
    {
        var since = time.GetUtcNow() - RequestRules.MaxWindow;
        // Only reports staff have accepted into the picture count, so that a flood of made-up reports (even closed
        // ones) cannot paint the map; a report linked as a duplicate is the same thing twice and is not counted again.
        var requests = db.ServiceRequests.AsNoTracking()
            .Where(r => r.OnPublicMap && r.CellKey != null && r.RequestedAt >= since && r.ObservationId != null && r.Status != RequestStatus.Duplicate);
        var counts = await requests.GroupBy(r => r.CellKey!.Value).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return PublicCells.Visible(counts.Select(c => (c.Key, c.Count)));
    }
}
