using System.Globalization;
using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Privacy;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Imports;

/// <summary>An import as its user follows it: counts, the share of the file read and an estimate of the time left.</summary>
public sealed record ImportView(
    long Id, string Source, string FileName, ImportState State, long SizeBytes, long BytesRead, double Percent,
    long RowsRead, long Stored, long Skipped, long Refused, long LineReached, double? SecondsLeft,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? LastError)
{
    public static ImportView Of(ImportJob job, DateTimeOffset now)
    {
        var percent = job.State == ImportState.Completed || job.SizeBytes == 0 ? 100 : Math.Min(100, Math.Round(100.0 * job.BytesRead / job.SizeBytes, 1));
        double? left = null;
        if (job is { State: ImportState.Running, StartedAt: { } started, BytesRead: > 0 } && now > started)
            left = Math.Round((now - started).TotalSeconds * (job.SizeBytes - job.BytesRead) / job.BytesRead);
        return new(job.Id, job.Source, job.FileName, job.State, job.SizeBytes, job.BytesRead, percent, job.RowsRead, job.Stored, job.Skipped,
            job.Refused, job.LineReached, left, job.CreatedAt, job.StartedAt, job.FinishedAt, job.LastError);
    }
}

/// <summary>
/// Starts, follows, cancels and resumes a user's imports. An upload is written to the data folder as it arrives (never
/// held in memory), then queued for the <see cref="ImportRunner"/>. A user sees their own imports only.
/// </summary>
public sealed class ImportJobs(LagesbildDb db, TimeProvider time, IOptions<DataOptions> data, ImportRunner runner, AuditTrail audit)
{
    public const long MaxBytes = 2L * 1024 * 1024 * 1024;
    public const int MaxSourceLength = 100;

    /// <summary>Where uploads wait to be imported, under the data folder.</summary>
    public static string Folder(string dataDirectory) => Path.Combine(dataDirectory, "imports");

    public async Task<Outcome<Written<ImportJob>>> StartAsync(
        Stream body, string? fileName, string? source, CurrentUser user, string? idempotencyKey, CancellationToken ct)
    {
        if (!Permissions.CanImportObservations(user.Roles))
            return new Outcome<Written<ImportJob>>.Refused("Observations are imported by coordinators, analysts and the police.");
        if (string.IsNullOrWhiteSpace(source) || source.Length > MaxSourceLength || !PlainText.IsClean(source))
            return Outcome<Written<ImportJob>>.Field("source", $"source names the system the rows come from: 1 to {MaxSourceLength} characters of plain text.");
        var name = Path.GetFileName(fileName) is { Length: > 0 and <= 200 } given && PlainText.IsClean(given) ? given : "upload.csv";
        var write = new KeyedWrite<ImportJob, Written<ImportJob>>(db, idempotencyKey)
        {
            FindEarlier = key => db.ImportJobs.AsNoTracking().SingleOrDefaultAsync(j => j.CreatedById == user.Id && j.IdempotencyKey == key, ct),
            IsSameRequest = earlier => earlier.Source == source && earlier.FileName == name,
            Replay = earlier => Task.FromResult<Outcome<Written<ImportJob>>>(new Written<ImportJob>(earlier, Replayed: true)),
            ReusedReason = "This Idempotency-Key was already used for another import.",
        };
        return await write.RunAsync(async () =>
        {
            var folder = Folder(data.Value.Directory);
            OwnerOnly.CreateFolder(folder);
            var path = Path.Combine(folder, $"{Guid.NewGuid():N}.csv");
            var size = await SaveAsync(body, path, ct);
            if (size is null)
            {
                File.Delete(path);
                return Outcome<Written<ImportJob>>.Field("body", $"The file is over {MaxBytes / (1024 * 1024 * 1024)} GB.");
            }
            var job = new ImportJob
            {
                CreatedById = user.Id,
                CreatedByName = user.Name,
                OrganisationId = user.OrganisationId,
                Source = source,
                FileName = name,
                Path = path,
                SizeBytes = size.Value,
                State = ImportState.Queued,
                CreatedAt = time.GetUtcNow(),
                IdempotencyKey = write.Key,
            };
            db.ImportJobs.Add(job);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                File.Delete(path);
                throw;
            }
            AuditAction(user, "import", job, $"{name}, {size} bytes, source {source}");
            await audit.SaveAsync(ct);
            runner.Enqueue(job.Id);
            return new Written<ImportJob>(job, Replayed: false);
        });
    }

    /// <summary>Copies the body to the file; null (and stops reading) when it is longer than <see cref="MaxBytes"/>.</summary>
    private static async Task<long?> SaveAsync(Stream body, string path, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        long size = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            size += read;
            if (size > MaxBytes)
                return null;
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        return size;
    }

    /// <summary>The user's own import, or null: another's import does not exist for them.</summary>
    public Task<ImportJob?> FindAsync(long id, CurrentUser user, CancellationToken ct) =>
        db.ImportJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id && j.CreatedById == user.Id, ct);

    public Task<List<ImportJob>> ListAsync(CurrentUser user, CancellationToken ct) =>
        db.ImportJobs.AsNoTracking().Where(j => j.CreatedById == user.Id).OrderByDescending(j => j.Id).Take(100).ToListAsync(ct);

    /// <summary>The columns of the refusals' CSV, and one refusal as its row.</summary>
    public static readonly string[] RefusalColumns = ["line", "column", "reason"];

    public static IReadOnlyList<string> RefusalRow(ImportRefusal refusal) =>
        [refusal.Line.ToString(CultureInfo.InvariantCulture), refusal.Column, refusal.Reason];

    /// <summary>The refusals in line order, for the CSV the user downloads.</summary>
    public IAsyncEnumerable<ImportRefusal> RefusalsAsync(long id) =>
        db.ImportRefusals.AsNoTracking().Where(r => r.ImportJobId == id).OrderBy(r => r.Line).ThenBy(r => r.Id).AsAsyncEnumerable();

    /// <summary>Stops a queued or running import after the batch it is in; what was committed stays, and it can be resumed.</summary>
    public async Task<Outcome<ImportJob>> CancelAsync(long id, CurrentUser user, CancellationToken ct)
    {
        if (await FindAsync(id, user, ct) is null)
            return new Outcome<ImportJob>.Missing();
        var now = time.GetUtcNow();
        var cancelled = await db.ImportJobs.Where(j => j.Id == id && (j.State == ImportState.Queued || j.State == ImportState.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, ImportState.Cancelled).SetProperty(j => j.FinishedAt, now), ct);
        var job = (await FindAsync(id, user, ct))!;
        if (cancelled == 0)
            return new Outcome<ImportJob>.Conflict($"The import is {job.State}: only a queued or running import can be cancelled.", "state");
        runner.Cancel(id);
        AuditAction(user, "cancel", job, null);
        await audit.SaveAsync(ct);
        return job;
    }

    /// <summary>Queues a cancelled or failed import again: it goes on after its last committed line.</summary>
    public async Task<Outcome<ImportJob>> ResumeAsync(long id, CurrentUser user, CancellationToken ct)
    {
        if (await FindAsync(id, user, ct) is not { } found)
            return new Outcome<ImportJob>.Missing();
        if (!File.Exists(found.Path))
            return new Outcome<ImportJob>.Conflict("The uploaded file is no longer on this server: upload it again (rows already stored are skipped).", "state");
        var resumed = await db.ImportJobs.Where(j => j.Id == id && (j.State == ImportState.Cancelled || j.State == ImportState.Failed))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, ImportState.Queued).SetProperty(j => j.FinishedAt, (DateTimeOffset?)null).SetProperty(j => j.LastError, (string?)null), ct);
        var job = (await FindAsync(id, user, ct))!;
        if (resumed == 0)
            return new Outcome<ImportJob>.Conflict($"The import is {job.State}: only a cancelled or failed import can be resumed.", "state");
        runner.Enqueue(id);
        AuditAction(user, "resume", job, null);
        await audit.SaveAsync(ct);
        return job;
    }

    /// <summary>An entry for an action on an import (its rows may be of any tier the user writes: audited as the user's Internal work).</summary>
    public void AuditAction(CurrentUser user, string action, ImportJob job, string? detail) =>
        audit.Add(user, action, nameof(ImportJob), job.Id.ToString(CultureInfo.InvariantCulture), Classification.Internal, detail: detail);

    public ImportView View(ImportJob job) => ImportView.Of(job, time.GetUtcNow());
}
