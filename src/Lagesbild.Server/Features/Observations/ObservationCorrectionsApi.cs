using System.Security.Claims;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lagesbild.Server.Features.Observations;

/// <summary>Corrections, withdrawals and the history of an observation.</summary>
public static class ObservationCorrectionsApi
{
    public static RouteGroupBuilder MapObservationCorrections(this RouteGroupBuilder group)
    {
        group.MapPut("/{id:long}", async Task<Results<Ok<Feature<ObservationProperties>>, NotFound, ValidationProblem, ProblemHttpResult>> (
            long id, CorrectionRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
            ClaimsPrincipal principal, ObservationCorrections corrections, DistrictCatalog districts, CancellationToken ct) =>
            (await corrections.CorrectAsync(id, request, CurrentUser.From(principal), idempotencyKey, ct))
                .Select(o => ObservationsApi.ToFeature(o, districts, ObservationsApi.Writer(principal))).ToResult())
            .WithSummary("Correct an observation: the same body as POST plus \"reason\". Only the recording organisation or the data protection officer; the version before stays in the history. Send an Idempotency-Key: a retry answers the first correction.");

        group.MapDelete("/{id:long}", async Task<Results<Ok<ObservationHistory>, NotFound, ValidationProblem, ProblemHttpResult>> (
            long id, [FromBody] WithdrawalRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
            ClaimsPrincipal principal, ObservationCorrections corrections, CancellationToken ct) =>
        {
            var user = CurrentUser.From(principal);
            var withdrawn = await corrections.WithdrawAsync(id, request, user, idempotencyKey, ct);
            return withdrawn is Outcome<Data.Observation>.Done
                ? (await corrections.HistoryAsync(id, user, ct)).ToResult()
                : withdrawn.As<ObservationHistory>().ToResult();
        })
        .WithSummary("Withdraw a wrong observation with a body {\"reason\"}: nothing counts or lists it any more; it answers the history. Only the recording organisation or the data protection officer. Send an Idempotency-Key.");

        group.MapGet("/{id:long}/history", async (long id, ClaimsPrincipal principal, ObservationCorrections corrections, CancellationToken ct) =>
            (await corrections.HistoryAsync(id, CurrentUser.From(principal), ct)).ToResult())
            .WithSummary("Every version of an observation, oldest first: recorded, each correction and the withdrawal, with who, organisation, when, why and the values. A withdrawn observation's history is for its organisation and the data protection officer.");
        return group;
    }
}
