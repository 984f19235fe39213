using System.Globalization;
using System.Security.Claims;
using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Observations;

public static class ObservationsApi
{
    public const int DefaultPageSize = 500;
    public const int MaxPageSize = 5000;

    public static RouteGroupBuilder MapObservationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/observations").WithTags("Observations");

        group.MapPost("/", async Task<Results<Created<Feature<ObservationProperties>>, NotFound, ValidationProblem, ProblemHttpResult>> (
            ObservationRequest request,
            [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
            HttpResponse response, ClaimsPrincipal principal, ObservationWriter writer, DistrictCatalog districts, CancellationToken ct) =>
            (await writer.RecordAsync(request, CurrentUser.From(principal), idempotencyKey, ObservationWriter.SourceOf(CurrentUser.From(principal)), ct))
                .ToCreated(response, observation => ToFeature(observation, districts, Writer(principal)), observation => $"/api/observations/{observation.Id}"))
        .WithSummary("Record an observation. Send an Idempotency-Key header: a retry with the same key returns the first record and writes nothing.");

        group.MapGet("/{id:long}", async Task<Results<Ok<Feature<ObservationProperties>>, NotFound>> (
            long id, ClaimsPrincipal principal, LagesbildDb db, DistrictCatalog districts, Readers readers, AuditTrail audit, CancellationToken ct) =>
        {
            var reader = await readers.OfAsync(CurrentUser.From(principal), ct);
            // A record the reader may not read does not exist for them: 404, not 403; a withdrawn one is gone for
            // every reader (its history stays at /history).
            var observation = await db.Observations.AsNoTracking().Standing().ReadableBy(reader).SingleOrDefaultAsync(o => o.Id == id, ct);
            if (observation is null)
                return TypedResults.NotFound();
            if (observation.Classification != Classification.Public)
            {
                audit.Add(reader.User, "read", observation);
                await audit.SaveAsync(ct);
            }
            return TypedResults.Ok(ToFeature(observation, districts, reader));
        })
        .WithSummary("One observation as a GeoJSON feature (its text only for those who may read it).");

        group.MapGet("/", async Task<Results<Ok<FeatureCollection<ObservationProperties>>, ValidationProblem>> (
            string? bbox, int? district, string? from, string? to, string? hours, string? categories, int? page, int? pageSize,
            HttpRequest request, ClaimsPrincipal principal, LagesbildDb db, DistrictCatalog districts, Readers readers, AuditTrail audit, CancellationToken ct) =>
        {
            if (!ObservationFilter.TryParse(bbox, district, from, to, hours, categories, out var filter, out var errors))
                return TypedResults.ValidationProblem(errors);
            var size = pageSize ?? DefaultPageSize;
            if (size is < 1 or > MaxPageSize)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."] });
            if (page is < 1)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["page"] = ["page starts at 1."] });
            var number = page ?? 1;
            var reader = await readers.OfAsync(CurrentUser.From(principal), ct);
            var query = filter.Apply(db.Observations.AsNoTracking(), Permissions.VisibleClassifications(reader.Roles)).ReadableBy(reader);
            var matched = await query.CountAsync(ct);
            // In long: a far page (page=2147483647) must not overflow into a negative offset.
            var skip = (long)(number - 1) * size;
            var rows = skip >= matched ? [] : await query.OrderByDescending(o => o.OccurredFrom).ThenByDescending(o => o.Id)
                .Skip((int)skip).Take(size).ToListAsync(ct);
            if (AuditReads(audit, reader.User, rows))
                await audit.SaveAsync(ct);
            return TypedResults.Ok(GeoJson.Collection(rows.Select(o => ToFeature(o, districts, reader))) with
            {
                NumberMatched = matched,
                NumberReturned = rows.Count,
                Next = skip + size < matched ? QueryValues.NextPage(request, number + 1, size) : null,
            });
        })
        .WithSummary("Observations as GeoJSON, newest first, filtered by bbox, district, from/to, hours of week (0-167) and categories; paged.");

        group.MapObservationCorrections();

        return api;
    }

    /// <summary>The writer reads what they wrote: their own organisation's record.</summary>
    public static Reader Writer(ClaimsPrincipal principal) => new(CurrentUser.From(principal), null);

    /// <summary>
    /// Audits a page of records: one entry for each Restricted or Confidential record (their owners follow each one),
    /// and one for the Internal records, with their count and ids. Answers whether anything was added.
    /// </summary>
    public static bool AuditReads(AuditTrail audit, CurrentUser user, IReadOnlyCollection<Observation> rows)
    {
        var owned = rows.Where(o => o.Classification is Classification.Restricted or Classification.Confidential).ToList();
        foreach (var own in owned)
            audit.Add(user, "read", own);
        var shared = rows.Where(o => o.Classification == Classification.Internal).Select(o => o.Id).ToList();
        if (shared.Count > 0)
            audit.Add(user, "read", "observations", null, Classification.Internal, shared.Count,
                "ids " + string.Join(',', shared.Select(id => id.ToString(CultureInfo.InvariantCulture))));
        return owned.Count > 0 || shared.Count > 0;
    }

    /// <summary>The record as the reader may see it: the free text only for those who may read it there.</summary>
    public static Feature<ObservationProperties> ToFeature(Observation o, DistrictCatalog districts, Reader reader) => new(o.Id, o.Location, new ObservationProperties(
        o.Category, o.Lat, o.Lon, o.DistrictId, districts.NameOf(o.DistrictId), o.OccurredFrom, o.OccurredTo, o.ReportedAt, o.Count, o.Classification,
        reader.CanRead(o, Field.Text) ? o.Text : null, o.Source));
}
