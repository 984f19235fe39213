using System.Security.Claims;
using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Sites;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Rounds;

/// <summary>Morning rounds of the yard: the day's list, walking one, findings with photos, completion, checklists.</summary>
public static class RoundsApi
{
    public static RouteGroupBuilder MapRoundsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/rounds").WithTags("Rounds");

        group.MapGet("/", async (string? date, int? site, ClaimsPrincipal principal, RoundService rounds, CancellationToken ct) =>
        {
            var day = rounds.Today;
            if (date is not null && !QueryValues.TryParseDate(date, out day))
                return (IResult)TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["date"] = ["date must be a date such as 2026-11-27."] });
            return TypedResults.Ok(await rounds.ListAsync(day, site, CurrentUser.From(principal), ct));
        })
        .Produces<IReadOnlyList<RoundSummary>>()
        .WithSummary("The rounds of a date (default today, Stockholm time) at the sites you may see: site, deadline, status, findings.");

        group.MapGet("/{id:long}", async Task<Results<Ok<RoundDetail>, NotFound>> (long id, ClaimsPrincipal principal, RoundService rounds, CancellationToken ct) =>
            await rounds.GetAsync(id, CurrentUser.From(principal), ct) is { } round ? TypedResults.Ok(round) : TypedResults.NotFound())
        .WithSummary("One round with its checklist and findings.");

        group.MapPost("/{id:long}/start", async (long id, ClaimsPrincipal principal, RoundService rounds, CancellationToken ct) =>
            (await rounds.StartAsync(id, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("Start walking a round (from its day; a missed round can still be walked, late).");

        group.MapPost("/{id:long}/findings", async Task<Results<Created<FindingView>, NotFound, ValidationProblem, ProblemHttpResult>> (
            long id, FindingRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
            HttpResponse response, ClaimsPrincipal principal, FindingRecorder findings, CancellationToken ct) =>
            (await findings.RecordAsync(id, request, idempotencyKey, CurrentUser.From(principal), ct))
                .ToCreated(response, finding => finding, finding => $"/api/rounds/{id}/findings/{finding.Id}"))
        .WithSummary("Record a finding: category, count, position (GPS or a tap on the yard), removed safely. It also becomes an observation over the hours since the site closed. Send an Idempotency-Key: a retry returns the first finding.");

        group.MapPut("/{id:long}/findings/{findingId:long}/photo", async Task<Results<NoContent, NotFound, ValidationProblem, ProblemHttpResult>> (
            long id, long findingId, HttpRequest http, ClaimsPrincipal principal, FindingRecorder findings, FindingPhotos photos, CancellationToken ct) =>
        {
            var user = CurrentUser.From(principal);
            var finding = await findings.FindingAsync(id, findingId, user, ct);
            if (finding is null)
                return TypedResults.NotFound();
            if (!Permissions.CanWalkRounds(user.Roles))
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed.", detail: "Your role does not walk morning rounds.");
            using var buffer = new MemoryStream();
            await http.Body.CopyToAsync(buffer, ct);
            var (photo, refusal) = await FindingPhotos.CleanAsync(buffer.ToArray(), ct);
            if (photo is null)
                return Outcome<bool>.Field(refusal!).ToNoContent();
            await photos.SaveAsync(finding, photo, ct);
            return TypedResults.NoContent();
        })
        .WithMetadata(new RequestSizeLimitAttribute(FindingPhotos.MaxBytes))
        .WithSummary("Attach a photo to a finding (JPEG, PNG, WebP or HEIC, at most 10 MB). It is re-encoded without EXIF or other metadata, at most 1600 px. Sending again replaces it.");

        group.MapGet("/{id:long}/findings/{findingId:long}/photo", async Task<Results<FileContentHttpResult, NotFound>> (
            long id, long findingId, ClaimsPrincipal principal, RoundService rounds, FindingPhotos photos, Readers readers, AuditTrail audit, CancellationToken ct) =>
        {
            var user = CurrentUser.From(principal);
            var reader = await readers.OfAsync(user, ct);
            // Photos are a field of their own: the school's own staff, and those who read photos in the city (not guards).
            if (await rounds.FindAsync(id, user, ct) is not { } round || round.Findings.All(f => f.Id != findingId)
                || !reader.CanRead(Classification.Internal, Field.Photo, round.Site!.OrganisationId, round.Site.DistrictId)
                || await photos.ReadAsync(findingId, ct) is not { } jpeg)
                return TypedResults.NotFound();
            audit.Add(user, "read", "FindingPhoto", findingId.ToString(System.Globalization.CultureInfo.InvariantCulture), Classification.Internal);
            await audit.SaveAsync(ct);
            return TypedResults.File(jpeg, "image/jpeg");
        })
        .WithSummary("A finding's photo, as stored (JPEG without metadata).");

        group.MapPost("/{id:long}/complete", async (long id, CompleteRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
            ClaimsPrincipal principal, RoundService rounds, CancellationToken ct) =>
            (await rounds.CompleteAsync(id, request, idempotencyKey, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("Complete a round with an answer (OK or not, and a note) for each checklist item. Completing twice is a conflict (409), unless it is a retry with the same Idempotency-Key and body.");

        group.MapGet("/checklists", async (RoundPlanner planner, CancellationToken ct) =>
        {
            var lists = new Dictionary<string, IReadOnlyList<string>>();
            foreach (var kind in Enum.GetValues<SiteKind>())
                lists[kind.ToString()] = await planner.ChecklistAsync(kind, ct);
            return TypedResults.Ok(lists);
        })
        .WithSummary("The round checklist of each kind of site.");

        group.MapPut("/checklists/{kind}", async (string kind, ChecklistRequest request, ClaimsPrincipal principal, RoundPlanner planner, CancellationToken ct) =>
        {
            if (!Permissions.CanManageSites(CurrentUser.From(principal).Roles))
                return (IResult)TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed.", detail: "Checklists are kept by coordinators and administrators.");
            if (!Enum.TryParse<SiteKind>(kind, ignoreCase: true, out var siteKind) || !Enum.IsDefined(siteKind) || int.TryParse(kind, out _))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = ["kind must be School, Preschool or Other."] });
            var items = request.Items!.Select(i => i?.Trim() ?? "").ToList();
            return (await planner.SaveChecklistAsync(siteKind, items, ct)).ToResult();
        })
        .WithSummary("Replace the checklist of a kind of site; rounds planned from now on use it (coordinators and administrators).");

        return api;
    }
}
