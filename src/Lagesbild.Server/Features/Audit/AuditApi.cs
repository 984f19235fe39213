using System.Globalization;
using System.Security.Claims;
using Lagesbild.Core.Time;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lagesbild.Server.Features.Audit;

public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/audit").WithTags("Audit");

        group.MapGet("/", async Task<Results<Ok<AuditPage>, NotFound, ValidationProblem, ProblemHttpResult>> (
            string? subject, string? actor, string? from, string? to, string? owner, int? page, int? pageSize,
            HttpRequest request, ClaimsPrincipal principal, AuditLog log, CancellationToken ct) =>
        {
            var outcome = await log.ListAsync(CurrentUser.From(principal), new AuditFilterText(subject, actor, from, to, owner), page, pageSize, ct);
            return outcome is Outcome<AuditPage>.Done { Value: { HasNext: true } list }
                ? TypedResults.Ok(list with { Next = QueryValues.NextPage(request, list.Page + 1, list.PageSize) })
                : outcome.ToResult();
        })
        .WithSummary("The audit log, newest first: who read or exported which record, when, from which route or page and why. " +
            "subject is an entity (Observation) or a record (Observation/42); actor a user id or part of a name; from/to dates " +
            "(Stockholm days) or instants; owner Police, SocialServices or City. The police read the entries of their records, " +
            "social services theirs, the data protection officer all. Paged; reading the log is itself audited.");

        group.MapGet("/verify", async Task<Results<Ok<ChainCheck>, NotFound, ValidationProblem, ProblemHttpResult>> (
            ClaimsPrincipal principal, AuditLog log, CancellationToken ct) =>
            (await log.VerifyAsync(CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("Walks the whole hash chain in id order from its anchor and answers whether it is unbroken, how many entries it checked " +
            "and the first entry that was changed, removed, inserted or replayed.");

        api.MapGet("/audit.csv", async Task<Results<PushStreamHttpResult, NotFound, ValidationProblem, ProblemHttpResult>> (
            string? subject, string? actor, string? from, string? to, string? owner,
            ClaimsPrincipal principal, AuditLog log, TimeProvider time, HttpContext context, CancellationToken ct) =>
        {
            var outcome = await log.ExportAsync(CurrentUser.From(principal), new AuditFilterText(subject, actor, from, to, owner), ct);
            if (outcome is not Outcome<Func<Stream, CancellationToken, Task>>.Done { Value: var write })
            {
                return outcome.ToResult() switch
                {
                    { Result: NotFound notFound } => notFound,
                    { Result: ValidationProblem invalid } => invalid,
                    { Result: ProblemHttpResult problem } => problem,
                    _ => throw new InvalidOperationException("An export that is not done is refused or invalid."),
                };
            }
            var name = $"audit-{Stockholm.ToLocal(time.GetUtcNow()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv";
            return TypedResults.Stream(stream => write(stream, context.RequestAborted), "text/csv; charset=utf-8", name);
        })
        .WithTags("Audit")
        .WithSummary("The filtered audit log as CSV (UTF-8 with BOM, all matching entries, newest first); the export is itself audited.");

        return api;
    }
}
