using System.Security.Claims;
using Lagesbild.Core.Measures;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Lagesbild.Server.Features.Measures;

public static class MeasuresApi
{
    public static RouteGroupBuilder MapMeasuresApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/measures").WithTags("Measures");

        group.MapGet("/", async Task<Results<Ok<FeatureCollection<MeasureView>>, ValidationProblem>> (
            int? scene, int? site, int? district, string? status, MeasureService measures, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var statuses = QueryValues.ParseNames<MeasureStatus>(status, "status", errors);
            if (errors.Count > 0)
                return TypedResults.ValidationProblem(errors);
            return TypedResults.Ok(GeoJson.Collection(await measures.ListAsync(scene, site, district, statuses, ct)));
        })
        .WithSummary("The measure register as GeoJSON (the drawn area, or the scene's area, the site's point or the district's area), newest first; filter by scene, site, district and status.");

        api.MapGet("/measures.xlsx", async (int? scene, int? site, int? district, string? status, ClaimsPrincipal principal, MeasureService measures,
            IStringLocalizer<Strings> L, AuditTrail audit, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var statuses = QueryValues.ParseNames<MeasureStatus>(status, "status", errors);
            if (errors.Count > 0)
                return (IResult)TypedResults.ValidationProblem(errors);
            var rows = await measures.ListAsync(scene, site, district, statuses, ct);
            var workbook = Exports.Workbook.Write([MeasureWorkbook.Table(rows, L)]);
            audit.Add(CurrentUser.From(principal), "export", "Measure", null, Core.Access.DataOwner.City, rows.Count, "measure register xlsx");
            await audit.SaveAsync(ct);
            return TypedResults.File(workbook, Exports.Workbook.ContentType, "atgarder.xlsx");
        })
        .WithTags("Measures")
        .Produces(StatusCodes.Status200OK, contentType: Exports.Workbook.ContentType)
        .WithSummary("The measure register as an Excel workbook (the same filters as the list): numbers as numbers, dates as dates, headers in the reader's language.");

        group.MapGet("/{id:int}", async Task<Results<Ok<Feature<MeasureView>>, NotFound>> (int id, MeasureService measures, CancellationToken ct) =>
            await measures.GetAsync(id, ct) is { } measure ? TypedResults.Ok(measure) : TypedResults.NotFound())
        .WithSummary("One measure.");

        group.MapPost("/", async (MeasureRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, ClaimsPrincipal principal, MeasureService measures, CancellationToken ct) =>
            (await measures.CreateAsync(request, CurrentUser.From(principal), ct, idempotencyKey)).ToCreated(m => $"/api/measures/{m.Id}"))
        .WithSummary("Register a measure: kind, title, exactly one target (sceneId, siteId, districtId or area), startsOn, endsOn, status, organisationId, cost (SEK). " +
            "Send an Idempotency-Key header: a retry with the same key and body answers the first measure and registers nothing.");

        group.MapPut("/{id:int}", async (int id, MeasureRequest request, ClaimsPrincipal principal, MeasureService measures, CancellationToken ct) =>
            (await measures.UpdateAsync(id, request, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("Update a measure (the whole measure, as for registering it).");
        group.MapGet("/{id:int}/effect", async (int id, [AsParameters] EffectQuery query, ClaimsPrincipal principal, MeasureEffectService effects, CancellationToken ct) =>
            (await effects.EstimateAsync(id, query, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("Did it work? Observations in equal windows before and after the start (weeks, default 12, cut to the time since the start), " +
            "in the target (a site needs radius) and a comparison area (a ring ringInner–ringOuter m, default 200–1000, or comparison=districts&districts=ids): " +
            "the four counts, the difference-in-differences rate ratio with its 95 % interval, or insufficientData when a count is below minimumCount. " +
            "design=displacement adds a buffer (buffer metres, default 500) between the target and the control (the ring, default 1000–2000 m, or the districts): " +
            "the weighted displacement quotient (wdq) with its reading, and the target's hours before and after with a χ² test.");
        return api;
    }
}
