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

        group.MapPost("/", async Task<Results<Created<Feature<ObservationProperties>>, ValidationProblem, ProblemHttpResult>> (
            ObservationRequest request,
            [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
            HttpResponse response, ClaimsPrincipal principal, ObservationWriter writer, DistrictCatalog districts, CancellationToken ct) =>
        {
            if (idempotencyKey is { Length: > 200 })
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Idempotency-Key"] = ["The Idempotency-Key header is longer than 200 characters."] });
            var result = await writer.RecordAsync(request, CurrentUser.From(principal), idempotencyKey, ObservationSource.Staff, ct);
            if (result is WriteResult.Created { Replayed: true })
                response.Headers["Idempotent-Replayed"] = "true";
            return result switch
            {
                WriteResult.Created created => TypedResults.Created($"/api/observations/{created.Observation.Id}", ToFeature(created.Observation, districts)),
                WriteResult.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors),
                WriteResult.Forbidden forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed.", detail: forbidden.Reason),
                _ => TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused.",
                    detail: "This Idempotency-Key was already used for a different observation."),
            };
        })
        .WithSummary("Record an observation. Send an Idempotency-Key header: a retry with the same key returns the first record and writes nothing.");

        group.MapGet("/{id:long}", async Task<Results<Ok<Feature<ObservationProperties>>, NotFound>> (
            long id, ClaimsPrincipal principal, LagesbildDb db, DistrictCatalog districts, AuditTrail audit, CancellationToken ct) =>
        {
            var user = CurrentUser.From(principal);
            var visible = Permissions.VisibleClassifications(user.Roles);
            // A restricted observation does not exist for those who may not see it: 404, not 403; a withdrawn one
            // is gone for every reader (its history stays at /history).
            var observation = await db.Observations.AsNoTracking().Standing().SingleOrDefaultAsync(o => o.Id == id && visible.Contains(o.Classification), ct);
            if (observation is null)
                return TypedResults.NotFound();
            if (observation.Classification == Classification.Restricted)
            {
                audit.Add(user, "read", observation);
                await audit.SaveAsync(ct);
            }
            return TypedResults.Ok(ToFeature(observation, districts));
        })
        .WithSummary("One observation as a GeoJSON feature.");

        group.MapGet("/", async Task<Results<Ok<FeatureCollection<ObservationProperties>>, ValidationProblem>> (
            string? bbox, int? district, string? from, string? to, string? hours, string? categories, int? page, int? pageSize,
            HttpRequest request, ClaimsPrincipal principal, LagesbildDb db, DistrictCatalog districts, AuditTrail audit, CancellationToken ct) =>
        {
            if (!ObservationFilter.TryParse(bbox, district, from, to, hours, categories, out var filter, out var errors))
                return TypedResults.ValidationProblem(errors);
            var size = pageSize ?? DefaultPageSize;
            if (size is < 1 or > MaxPageSize)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."] });
            if (page is < 1)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["page"] = ["page starts at 1."] });
            var number = page ?? 1;
            var user = CurrentUser.From(principal);
            var query = filter.Apply(db.Observations.AsNoTracking(), Permissions.VisibleClassifications(user.Roles));
            var matched = await query.CountAsync(ct);
            // In long: a far page (page=2147483647) must not overflow into a negative offset.
            var skip = (long)(number - 1) * size;
            var rows = skip >= matched ? [] : await query.OrderByDescending(o => o.OccurredFrom).ThenByDescending(o => o.Id)
                .Skip((int)skip).Take(size).ToListAsync(ct);
            var restricted = rows.Count(o => o.Classification == Classification.Restricted);
            if (restricted > 0)
            {
                audit.Add(user, "read", "observations", null, Classification.Restricted, restricted, $"{restricted} restricted observations");
                await audit.SaveAsync(ct);
            }
            return TypedResults.Ok(GeoJson.Collection(rows.Select(o => ToFeature(o, districts))) with
            {
                NumberMatched = matched,
                NumberReturned = rows.Count,
                Next = skip + size < matched ? NextPage(request, number + 1, size) : null,
            });
        })
        .WithSummary("Observations as GeoJSON, newest first, filtered by bbox, district, from/to, hours of week (0-167) and categories; paged.");

        group.MapObservationCorrections();

        return api;
    }

    /// <summary>The link to the next page: the same filters, the next page number.</summary>
    private static string NextPage(HttpRequest request, int page, int size)
    {
        var query = request.Query
            .Where(q => q.Key is not ("page" or "pageSize"))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new("page", page.ToString(CultureInfo.InvariantCulture)))
            .Append(new("pageSize", size.ToString(CultureInfo.InvariantCulture)));
        return request.PathBase + request.Path + QueryString.Create(query).ToUriComponent();
    }

    public static Feature<ObservationProperties> ToFeature(Observation o, DistrictCatalog districts) => new(o.Id, o.Location, new ObservationProperties(
        o.Category, o.Lat, o.Lon, o.DistrictId, districts.NameOf(o.DistrictId), o.OccurredFrom, o.OccurredTo, o.ReportedAt, o.Count, o.Classification, o.Text, o.Source));
}
