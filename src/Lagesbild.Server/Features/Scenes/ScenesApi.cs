using System.Globalization;
using System.Security.Claims;
using Lagesbild.Core.Scenes;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

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

        group.MapPost("/{id:int}/status", async (int id, StatusRequest request, ClaimsPrincipal principal, SceneService scenes, CancellationToken ct) =>
            (await scenes.ChangeStatusAsync(id, request, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("Record a dated status change with its reason.");

        group.MapPost("/{id:int}/notes", async (int id, NoteRequest request, ClaimsPrincipal principal, SceneService scenes, CancellationToken ct) =>
            (await scenes.AddNoteAsync(id, request, CurrentUser.From(principal), ct)).ToCreated(n => $"/api/scenes/{id}#note-{n.Id}"))
        .WithSummary("Add a local-knowledge note to a scene.");

        return api;
    }
}
