using System.Security.Claims;
using System.Text;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Lagesbild.Server.Features.Imports;

public static class ImportsApi
{
    public static RouteGroupBuilder MapImportsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/observations/import", async Task<Results<Accepted<ImportView>, NotFound, ValidationProblem, ProblemHttpResult>> (
            string? source, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
            HttpRequest request, HttpResponse response, ClaimsPrincipal principal, ImportJobs jobs, CancellationToken ct) =>
        {
            var user = CurrentUser.From(principal);
            var (body, fileName) = await BodyAsync(request, ct);
            if (body is null)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["A multipart upload needs a part named file with the CSV."] });
            var outcome = await jobs.StartAsync(body, fileName, source, user, idempotencyKey, ct);
            if (outcome is Outcome<Written<ImportJob>>.Done { Value: var written })
            {
                if (written.Replayed)
                    response.Headers["Idempotent-Replayed"] = "true";
                return TypedResults.Accepted($"/api/imports/{written.Value.Id}", jobs.View(written.Value));
            }
            return outcome.Select(w => jobs.View(w.Value)).ToResult().Result switch
            {
                NotFound notFound => notFound,
                ValidationProblem invalid => invalid,
                ProblemHttpResult problem => problem,
                _ => throw new InvalidOperationException("Unknown outcome."),
            };
        })
        .WithTags("Imports")
        .WithMetadata(new RequestSizeLimitAttribute(ImportJobs.MaxBytes))
        .WithSummary("Import observations from a CSV (UTF-8; header source_id,category,lat,lon,occurred_from,occurred_to,count,classification,text; see docs/api.md), " +
            "sent as the body (text/csv) or as the part 'file' of a multipart form, at most 2 GB. Answers 202 with the import job at once; it runs in the background. " +
            "Rows whose (source, source_id) is stored already are skipped. Coordinators, analysts and the police. Send an Idempotency-Key: a retry answers the first job.");

        var group = api.MapGroup("/imports").WithTags("Imports");

        group.MapGet("/", async (ClaimsPrincipal principal, ImportJobs jobs, CancellationToken ct) =>
        {
            var user = CurrentUser.From(principal);
            var list = await jobs.ListAsync(user, ct);
            return TypedResults.Ok(list.Select(jobs.View).ToList());
        })
        .WithSummary("The user's own imports, newest first (at most 100).");

        group.MapGet("/{id:long}", async Task<Results<Ok<ImportView>, NotFound>> (long id, ClaimsPrincipal principal, ImportJobs jobs, AuditTrail audit, CancellationToken ct) =>
        {
            var user = CurrentUser.From(principal);
            if (await jobs.FindAsync(id, user, ct) is not { } job)
                return TypedResults.NotFound();
            jobs.AuditAction(user, "read", job, null);
            await audit.SaveAsync(ct);
            return TypedResults.Ok(jobs.View(job));
        })
        .WithSummary("An import's progress: rows read, stored, skipped (already stored) and refused, the share of the file read, and the seconds left (an estimate).");

        group.MapGet("/{id:long}/refusals", async Task<Results<FileContentHttpResult, NotFound>> (long id, ClaimsPrincipal principal, ImportJobs jobs, AuditTrail audit, CancellationToken ct) =>
        {
            var user = CurrentUser.From(principal);
            if (await jobs.FindAsync(id, user, ct) is not { } job)
                return TypedResults.NotFound();
            var rows = new List<IReadOnlyList<string>>();
            await foreach (var refusal in jobs.RefusalsAsync(id).WithCancellation(ct))
                rows.Add(ImportJobs.RefusalRow(refusal));
            jobs.AuditAction(user, "read", job, $"refusals, {rows.Count} rows");
            await audit.SaveAsync(ct);
            return TypedResults.File(Encoding.UTF8.GetBytes(CsvTable.Write(ImportJobs.RefusalColumns, rows)), "text/csv; charset=utf-8",
                $"import-{id}-refusals.csv");
        })
        .WithSummary("The refused rows of an import as CSV: line, column, reason (the first 100,000 reasons are kept).");

        group.MapPost("/{id:long}/cancel", async (long id, ClaimsPrincipal principal, ImportJobs jobs, CancellationToken ct) =>
            (await jobs.CancelAsync(id, CurrentUser.From(principal), ct)).Select(jobs.View).ToResult())
        .WithSummary("Cancel a queued or running import: the batch in progress is not written; what was committed stays. 409 when it has ended.");

        group.MapPost("/{id:long}/resume", async (long id, ClaimsPrincipal principal, ImportJobs jobs, CancellationToken ct) =>
            (await jobs.ResumeAsync(id, CurrentUser.From(principal), ct)).Select(jobs.View).ToResult())
        .WithSummary("Resume a cancelled or failed import after its last committed line. An import left running by a stopped server is taken up by itself at the next start.");

        return api;
    }

    /// <summary>The file: the part named 'file' of a multipart form, or else the body itself; read as a stream either way.</summary>
    private static async Task<(Stream? Body, string? FileName)> BodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return (request.Body, null);
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
            return (null, null);
        var reader = new MultipartReader(boundary, request.Body);
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                && HeaderUtilities.RemoveQuotes(disposition.Name).Value == "file")
                return (section.Body, HeaderUtilities.RemoveQuotes(disposition.FileName).Value);
        }
        return (null, null);
    }
}
