using System.Security.Claims;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace Lagesbild.Server.Features.Residents;

/// <summary>Staff endpoints for residents' reports: the triage queue and its actions (coordinators and administrators).</summary>
public static class TriageApi
{
    public static RouteGroupBuilder MapTriageApi(this RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/service-requests").WithTags("Residents");

        reports.MapGet("/", async (string? state, ClaimsPrincipal principal, ReportTriage triage, CancellationToken ct) =>
            (await triage.QueueAsync(CurrentUser.From(principal), string.IsNullOrEmpty(state) ? null : state, ct)).ToResult())
            .WithSummary("The triage queue: residents' reports not yet handled (state=new, the default), or open, closed or all; each with the same service's reports within 250 m and 14 days.");

        reports.MapGet("/{id:long}", async (long id, ClaimsPrincipal principal, ReportTriage triage, CancellationToken ct) =>
            (await triage.GetAsync(CurrentUser.From(principal), id, ct)).ToResult())
            .WithSummary("One report with everything the resident sent, its updates and similar reports nearby.");

        reports.MapPost("/{id:long}/accept", async (long id, AcceptRequest? body, ClaimsPrincipal principal, ReportTriage triage, CancellationToken ct) =>
            (await triage.AcceptAsync(CurrentUser.From(principal), id, body ?? new AcceptRequest(null, null), ct)).ToResult())
            .WithSummary("Accept a report: it becomes an observation (Internal, source public report). Send lat and lon when the resident gave only an address. Accepting twice gives the same observation.");

        reports.MapPost("/{id:long}/duplicate", async (long id, LinkRequest body, [FromHeader(Name = "Idempotency-Key")] string? key, ClaimsPrincipal principal, ReportTriage triage, CancellationToken ct) =>
            (await triage.LinkAsync(CurrentUser.From(principal), id, body, key, ct)).ToResult())
            .WithSummary("Link a report as a duplicate of another ({duplicateOf, note}); it is closed with status duplicate.");

        reports.MapPost("/{id:long}/status", async (long id, StatusRequest body, [FromHeader(Name = "Idempotency-Key")] string? key, ClaimsPrincipal principal, ReportTriage triage, CancellationToken ct) =>
            (await triage.SetStatusAsync(CurrentUser.From(principal), id, body, key, ct)).ToResult())
            .WithSummary("Set an extended status with a note the resident reads: e.g. fixed or closed to close, not_councils_responsibility to forward to the police (note required), in_progress.");

        // The police's queue sits beside the weekly reports under /reports: the reports the city forwarded to them.
        var queue = api.MapGroup("/reports").WithTags("Residents");

        queue.MapGet("/", async (string? forwardedTo, ClaimsPrincipal principal, PoliceQueue police, CancellationToken ct) =>
            (await police.QueueAsync(CurrentUser.From(principal), forwardedTo, ct)).ToResult())
            .WithSummary("The police's queue (forwardedTo=police, the police only): residents' reports the city forwarded to the police and not yet received, with the resident's words, place, time and the city's note. Each report read is audited.");

        queue.MapPost("/{id:long}/receive", async (long id, ReceiveRequest body, [FromHeader(Name = "Idempotency-Key")] string? key, ClaimsPrincipal principal, PoliceQueue police, CancellationToken ct) =>
            (await police.ReceiveAsync(CurrentUser.From(principal), id, body, key, ct)).ToResult())
            .WithSummary("The police receive a forwarded report ({classification: Internal|Restricted, category?, lat?, lon?}): it becomes one observation of theirs (source public report) and the resident is told. A second receive answers the first; send an Idempotency-Key.");
        return api;
    }
}
