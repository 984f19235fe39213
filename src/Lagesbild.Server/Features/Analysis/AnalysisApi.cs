using System.Security.Claims;
using Lagesbild.Core.Access;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Observations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lagesbild.Server.Features.Analysis;

public static class AnalysisApi
{
    public static RouteGroupBuilder MapAnalysisApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/analysis").WithTags("Analysis");

        group.MapGet("/hotspots", async Task<Results<Ok<HotSpotLayer>, NotFound, ValidationProblem, ProblemHttpResult>> (
            string? method, string? band, string? bandwidth, string? weeks,
            int? district, string? bbox, string? from, string? to, string? hours, string? categories,
            ClaimsPrincipal principal, HotSpotService hotSpots, CancellationToken ct) =>
        {
            var user = CurrentUser.From(principal);
            if (!Permissions.CanAnalyse(user.Roles))
                return Forbidden();
            ObservationFilter.TryParse(bbox, district, from, to, hours, categories, out var filter, out var errors);
            if (!HotSpotQuery.TryParse(method, band, bandwidth, weeks, filter, out var query, errors))
                return TypedResults.ValidationProblem(errors);
            return (await hotSpots.ComputeAsync(query, user, ct)).ToResult();
        })
        .WithSummary("Hot spots for an area (district or bbox, default the city) and a window (from/to, default the last 28 days; hours; " +
            "categories, default Dealing, Use, Syringes and Paraphernalia) on 250 m cells: method=gistar (Getis-Ord Gi*, distance band " +
            "'band' metres, default 500, Benjamini-Hochberg bins ±1/2/3 for 90/95/99 %), kde (quartic kernel, 'bandwidth' metres, " +
            "default 500, per km²) or emerging (Gi* per week over 'weeks' weeks, default 8, ending at 'to', with a Mann-Kendall trend).");

        group.MapGet("/candidates", async Task<Results<Ok<CandidateCollection>, NotFound, ValidationProblem, ProblemHttpResult>> (
            string? method, string? weeks, string? eps, string? epsSeconds, string? minPoints,
            int? district, string? bbox, string? from, string? to, string? hours, string? categories,
            ClaimsPrincipal principal, CandidateService candidates, CancellationToken ct) =>
        {
            var user = CurrentUser.From(principal);
            if (!Permissions.CanAnalyse(user.Roles))
                return Forbidden();
            ObservationFilter.TryParse(bbox, district, null, to, hours, categories, out var filter, out var errors);
            if (!string.IsNullOrWhiteSpace(from))
                errors["from"] = ["The candidate window is the last 'weeks' weeks up to 'to'; from is not used here."];
            if (!CandidateQuery.TryParse(method, weeks, eps, epsSeconds, minPoints, filter, out var query, errors))
                return TypedResults.ValidationProblem(errors);
            return (await candidates.FindAsync(query, user, ct)).ToResult();
        })
        .WithSummary("Candidate scenes: DBSCAN (or method=st-dbscan with epsSeconds) over the observations of the last 'weeks' weeks " +
            "(default 8) up to 'to', eps metres (default 100), minPoints (default 8); each cluster as its hull with its hour-of-week " +
            "profile and strength, matched against the register, and the active scenes with no evidence in the window.");
        return api;
    }

    private static ProblemHttpResult Forbidden() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed.",
            detail: "Hot spots and candidate scenes are for analysts, coordinators, the police and social services.");
}
