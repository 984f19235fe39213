using System.Security.Claims;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Lagesbild.Server.Features.Meetings;

public static class MeetingsApi
{
    public static RouteGroupBuilder MapMeetingsApi(this RouteGroupBuilder api)
    {
        var meetings = api.MapGroup("/meetings").WithTags("Meetings");

        meetings.MapGet("/", async (ClaimsPrincipal principal, MeetingService service, CancellationToken ct) =>
            (await service.ListAsync(CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("The samverkan meetings, the latest first, with their area and how many decisions and actions they recorded.");

        meetings.MapGet("/{id:int}", async (int id, ClaimsPrincipal principal, MeetingService service, CancellationToken ct) =>
            (await service.GetAsync(id, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("A meeting with its agenda for the reader: the open actions due by its day first (overdue marked), the weekly picture of the last " +
            "complete week before it (as the reader's role may see it; not shown to roles that do not count observations), the other open actions; " +
            "and its decisions and the actions it recorded.");

        meetings.MapPost("/", async (MeetingRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, ClaimsPrincipal principal,
            MeetingService service, CancellationToken ct) =>
            (await service.CreateAsync(request, CurrentUser.From(principal), ct, idempotencyKey)).ToCreated(m => $"/api/meetings/{m.Id}"))
        .WithSummary("Call a meeting (coordinators): at (an instant), area (a district's or a borough's name; none or Stockholm for the whole city). " +
            "Send an Idempotency-Key header: a retry with the same key and body answers the first meeting.");

        meetings.MapPost("/{id:int}/decisions", async (int id, DecisionRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
            ClaimsPrincipal principal, MeetingService service, CancellationToken ct) =>
            (await service.DecideAsync(id, request, CurrentUser.From(principal), ct, idempotencyKey)).ToCreated(d => $"/api/meetings/{id}#decision-{d.Id}"))
        .WithSummary("Record a decision of the meeting (coordinators): text. Idempotency-Key as for meetings.");

        meetings.MapGet("/{id:int}/minutes", async (int id, string? format, ClaimsPrincipal principal, MeetingService service, IStringLocalizer<Strings> L, CancellationToken ct) =>
        {
            var kind = (format ?? "html").Trim().ToLowerInvariant();
            if (kind is not ("html" or "pdf"))
                return (IResult)TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["format must be html (the default) or pdf."] });
            var outcome = await service.GetAsync(id, CurrentUser.From(principal), ct);
            if (outcome is not Outcome<MeetingView>.Done { Value: var meeting })
                return outcome.ToResult();
            return kind == "pdf"
                ? TypedResults.File(MeetingMinutes.Pdf(meeting, L), "application/pdf", $"protokoll-{meeting.Id}.pdf")
                : new RazorComponentResult<MinutesDocument>(new { Meeting = meeting });
        })
        .WithSummary("The minutes of a meeting: the actions followed up, the decisions, the actions agreed and the weekly picture, as a printable page (format=html) or an A4 PDF (format=pdf).");

        var actions = api.MapGroup("/actions").WithTags("Meetings");

        actions.MapGet("/", async (bool? open, int? owner, ClaimsPrincipal principal, ActionService service, CancellationToken ct) =>
            (await service.ListAsync(open ?? false, owner, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("The actions agreed in samverkan, the earliest due first: open=true for the open ones only, owner=an organisation's id for its own.");

        actions.MapGet("/{id:int}", async (int id, ClaimsPrincipal principal, ActionService service, CancellationToken ct) =>
            (await service.GetAsync(id, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("One action with its history.");

        actions.MapPost("/", async (ActionRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, ClaimsPrincipal principal,
            ActionService service, CancellationToken ct) =>
            (await service.CreateAsync(request, CurrentUser.From(principal), ct, idempotencyKey)).ToCreated(a => $"/api/actions/{a.Id}"))
        .WithSummary("Record an action (coordinators): text, ownerOrganisation (id), due (a date, today or later, Stockholm), and optionally scene, site, measure, " +
            "meeting and decision (ids). Overdue from the end of its due day: the owner organisation's users are told once (action.overdue). Idempotency-Key as for meetings.");

        actions.MapPut("/{id:int}", async (int id, ActionUpdate update, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, ClaimsPrincipal principal,
            ActionService service, CancellationToken ct) =>
            (await service.UpdateAsync(id, update, CurrentUser.From(principal), ct, idempotencyKey)).ToResult())
        .WithSummary("Move an action on (its owner organisation or a coordinator): status Open, Done or Cancelled, note (needed to cancel or to open again). The history keeps each step.");
        return api;
    }
}
