using System.Globalization;
using System.Security.Claims;
using Lagesbild.Core.Scenes;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lagesbild.Server.Features.Scenes;

public static class ScenesApi
{
    public static RouteGroupBuilder MapScenesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/scenes").WithTags("Scenes");

        group.MapGet("/", async Task<Results<Ok<FeatureCollection<SceneSummary>>, ValidationProblem>> (
            string? status, int? district, string? activeOn, SceneService scenes, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var statuses = QueryValues.ParseNames<SceneStatus>(status, "status", errors);
            DateOnly? date = null;
            if (!string.IsNullOrWhiteSpace(activeOn))
            {
                if (QueryValues.TryParseDate(activeOn, out var parsedDate))
                    date = parsedDate;
                else
                    errors["activeOn"] = ["activeOn must be a date such as 2026-05-01."];
            }
            if (errors.Count > 0)
                return TypedResults.ValidationProblem(errors);
            return TypedResults.Ok(GeoJson.Collection(await scenes.ListAsync(statuses, district, date, ct)));
        })
        .WithSummary("The scene register as GeoJSON, filtered by status (comma list), district and activeOn (a date: active at any time that day).");

        group.MapGet("/{id:int}", async Task<Results<Ok<Feature<SceneDetail>>, NotFound>> (int id, ClaimsPrincipal principal, SceneService scenes, CancellationToken ct) =>
            await scenes.GetAsync(id, CurrentUser.From(principal), ct) is { } scene ? TypedResults.Ok(scene) : TypedResults.NotFound())
        .WithSummary("One scene with its status history, local-knowledge notes and active hours (168 values, Monday 00-01 first).");

        group.MapPost("/", async (SceneRequest request, ClaimsPrincipal principal, SceneService scenes, CancellationToken ct) =>
            (await scenes.CreateAsync(request, CurrentUser.From(principal), ct)).ToCreated(s => $"/api/scenes/{s.Id}"))
        .WithSummary("Register a scene: name, area (GeoJSON Polygon), optional initial status and activeHours set by hand.");

        group.MapPut("/{id:int}", async (int id, SceneRequest request, ClaimsPrincipal principal, SceneService scenes, CancellationToken ct) =>
            (await scenes.UpdateAsync(id, request, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("Update a scene's name, area, description and hand-set activeHours (null: derive them from observations).");

        group.MapPost("/{id:int}/status", async Task<Results<Ok<Feature<SceneDetail>>, Accepted<ProposalView>, NotFound, ValidationProblem, ProblemHttpResult>> (
            int id, StatusRequest request, [FromHeader(Name = "Idempotency-Key")] string? key, ClaimsPrincipal principal, SceneStatusChanges changes, CancellationToken ct) =>
            await changes.ChangeAsync(id, request, key, CurrentUser.From(principal), ct) switch
            {
                Outcome<StatusAnswer>.Done { Value.Proposal: { } proposal } => TypedResults.Accepted($"/api/scenes/{id}#proposal-{proposal.Id}", proposal),
                var outcome => outcome.Select(answer => answer.Scene!).ToResult().Result switch
                {
                    Ok<Feature<SceneDetail>> ok => ok,
                    NotFound notFound => notFound,
                    ValidationProblem invalid => invalid,
                    ProblemHttpResult problem => problem,
                    _ => throw new InvalidOperationException("Unknown outcome."),
                },
            })
        .WithSummary("Record a dated status change with its reason; where the other party must confirm the status (Scenes:Confirmation), 202 with the proposal instead.");

        group.MapPost("/{id:int}/proposals/{proposalId:long}/confirm", async (int id, long proposalId, ProposalDecisionRequest request, ClaimsPrincipal principal, SceneStatusChanges changes, CancellationToken ct) =>
            (await changes.DecideAsync(id, proposalId, confirm: true, request, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("Confirm a proposed status change (the confirming party, not the proposing organisation); it enters the history naming both.");

        group.MapPost("/{id:int}/proposals/{proposalId:long}/reject", async (int id, long proposalId, ProposalDecisionRequest request, ClaimsPrincipal principal, SceneStatusChanges changes, CancellationToken ct) =>
            (await changes.DecideAsync(id, proposalId, confirm: false, request, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("Reject a proposed status change, saying why in the note.");

        group.MapPost("/{id:int}/merge", async (int id, MergeRequest request, [FromHeader(Name = "Idempotency-Key")] string? key, ClaimsPrincipal principal, SceneLineageService lineage, CancellationToken ct) =>
            (await lineage.MergeAsync(id, request, key, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("Merge this scene into another ('into'): it ends Ceased with the lineage, the receiving scene's area becomes the union of both.");

        group.MapPost("/{id:int}/split", async (int id, SplitRequest request, [FromHeader(Name = "Idempotency-Key")] string? key, ClaimsPrincipal principal, SceneLineageService lineage, CancellationToken ct) =>
            (await lineage.SplitAsync(id, request, key, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("Split this scene into new scenes, one per part (GeoJSON Polygons, mostly inside it, not overlapping); it ends Ceased with the lineage.");

        group.MapGet("/terms", async Task<Results<Ok<TermFlowsResponse>, ValidationProblem>> (string? from, SceneTermFlows flows, TimeProvider time, CancellationToken ct) =>
        {
            var start = Indicators.IndicatorsApi.SeriesStart;
            if (!string.IsNullOrWhiteSpace(from) && !QueryValues.TryParseDate(from, out start))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["from must be a date such as 2018-01-01."] });
            var today = Indicators.IndicatorsApi.Today(time);
            if (start > today)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["from is after today: the time window is reversed."] });
            return TypedResults.Ok(await flows.ReadAsync(start, today, ct));
        })
        .WithSummary("New, ceased and net scenes per term of office from 'from' (default 2018-01-01), merges and splits counted apart as redrawn; the goal is zero.");

        group.MapPost("/{id:int}/notes", async (int id, NoteRequest request, ClaimsPrincipal principal, SceneService scenes, CancellationToken ct) =>
            (await scenes.AddNoteAsync(id, request, CurrentUser.From(principal), ct)).ToCreated(n => $"/api/scenes/{id}#note-{n.Id}"))
        .WithSummary("Add a local-knowledge note to a scene.");

        return api;
    }
}
