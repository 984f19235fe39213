using System.Text;
using Lagesbild.Core.Observations;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Observations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using nietras.SeparatedValues;

namespace Lagesbild.Server.Features.Imports;

/// <summary>Who an import writes as: the user who started it (whose roles decide the tiers it may write), or the operator at the command line.</summary>
public sealed record ImportActor(CurrentUser User, IReadOnlySet<Classification> Tiers)
{
    public static ImportActor Operator { get; } = new(new CurrentUser(0, 0, "lagesbild import (command line)", []), Enum.GetValues<Classification>().ToHashSet());
}

/// <summary>
/// The one import of observations, for the API's background job and the command line alike. It reads the job's CSV
/// as a stream, judges each row by the single-observation API's rules, derives what the writer derives (projection,
/// cell, district, hour masks) and writes batches by the provider's bulk path. Each batch commits with the job's
/// counts and the line it reached, in one transaction, so that a run stopped anywhere resumes after its last
/// committed line and writes nothing twice; the (source, source id) key makes a second run of a file store nothing
/// new. The picture index follows the table by itself (<see cref="Picture.PictureIndexCache"/>): a batch is a tail
/// it folds into a full load, not a row at a time.
/// </summary>
public sealed class ObservationImport(LagesbildDb db, ObservationWriter writer, AuditTrail audit, TimeProvider time, IOptions<ImportOptions> options)
{
    private static readonly IObservationBulk Sqlite = new SqliteObservationBulk();
    private static readonly IObservationBulk Postgres = new PostgresObservationBulk();

    private sealed class Batch(int capacity)
    {
        public List<Observation> Rows { get; } = new(capacity);
        public List<ImportRefusal> Refusals { get; } = [];
        public long Read { get; set; }
        public long Refused { get; set; }
        public long LineReached { get; set; }

        public void Clear()
        {
            Rows.Clear();
            Refusals.Clear();
            (Read, Refused) = (0, 0);
        }
    }

    /// <summary>
    /// Runs the job from where it was left until the end of its file, a cancel, or a fault that stops it; answers the
    /// job as it then stands. <paramref name="progress"/> hears the job after each committed batch.
    /// </summary>
    public async Task<ImportJob> RunAsync(long jobId, ImportActor actor, Action<ImportJob>? progress, CancellationToken ct)
    {
        var started = time.GetUtcNow();
        var claimed = await db.ImportJobs.Where(j => j.Id == jobId && (j.State == ImportState.Queued || j.State == ImportState.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, ImportState.Running).SetProperty(j => j.StartedAt, j => j.StartedAt ?? started), ct);
        var job = await db.ImportJobs.AsNoTracking().SingleAsync(j => j.Id == jobId, ct);
        if (claimed == 0)
            return job;
        var settings = options.Value;
        var batch = new Batch(settings.BatchRows) { LineReached = job.LineReached };
        Utf8Only? file = null;
        try
        {
            file = new Utf8Only(new FileStream(job.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));
            using var text = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
            SepReader reader;
            try
            {
                reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).From(text);
            }
            catch (ArgumentException e)
            {
                // Sep refuses a header that names a column twice.
                return await EndAsync(job, batch, file, ImportState.Failed, $"Line 1: the header names a column twice ({e.Message}).", actor, progress, ct) ?? job;
            }
            using var _ = reader;
            // Sep reads ahead: a fault already found lies in the header only when there is no header.
            if (reader.Header.IsEmpty && file.Fault is { } inHeader)
                throw inHeader;
            var (columns, headerProblem) = reader.Header.IsEmpty
                ? (null, "The file is empty: it needs a header line and rows.")
                : ImportColumns.Of(reader.Header.ColNames);
            if (columns is null)
                return await EndAsync(job, batch, file, ImportState.Failed, headerProblem, actor, progress, ct) ?? job;
            var now = time.GetUtcNow();
            var refusals = new List<RowRefusal>();
            foreach (var row in reader)
            {
                var line = row.LineNumberFrom;
                // Rows up to the committed line were stored, skipped or refused by an earlier run.
                if (line <= job.LineReached)
                    continue;
                refusals.Clear();
                var (request, sourceId) = columns.Read(row, writer, now, actor.Tiers, refusals);
                batch.Read++;
                batch.LineReached = line;
                if (request is null)
                    Refuse(job, batch, line, refusals, settings);
                else
                    batch.Rows.Add(Observation(request, sourceId, job, now));
                if (job.RowsRead + batch.Read == settings.EarlyStopRows && job.Refused + batch.Refused == settings.EarlyStopRows)
                {
                    return await EndAsync(job, batch, file, ImportState.Failed,
                        $"The first {settings.EarlyStopRows:N0} rows were all refused, so the import stopped: is it the right file, with the documented columns? See the refusals.",
                        actor, progress, ct) ?? job;
                }
                if (batch.Read >= settings.BatchRows)
                {
                    if (!await CommitAsync(job, batch, file, null, null, actor, ct))
                        return await ReloadAsync(jobId, ct);
                    progress?.Invoke(job);
                    now = time.GetUtcNow();
                }
            }
            if (file.Fault is { } fault)
                throw fault;
            var allRefused = job.RowsRead + batch.Read > 0 && job.Refused + batch.Refused == job.RowsRead + batch.Read;
            return await EndAsync(job, batch, file, allRefused ? ImportState.Failed : ImportState.Completed,
                allRefused ? "No row of the file could be stored: every row was refused. See the refusals." : null, actor, progress, ct) ?? job;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            // The rows read before the fault are kept; the fault stops the import with its reason.
            return await EndAsync(job, batch, file, ImportState.Failed, e.Message, actor, progress, ct) ?? job;
        }
        finally
        {
            file?.Dispose();
        }
    }

    private Observation Observation(ObservationRequest request, string sourceId, ImportJob job, DateTimeOffset now)
    {
        var observation = writer.Build(request, ObservationSource.Import, now);
        observation.OrganisationId = job.OrganisationId;
        observation.CreatedById = job.CreatedById;
        observation.ImportSource = job.Source;
        observation.SourceId = sourceId;
        return observation;
    }

    private static void Refuse(ImportJob job, Batch batch, long line, List<RowRefusal> refusals, ImportOptions settings)
    {
        batch.Refused++;
        // Past the limit rows are still counted as refused, but their reasons are not kept.
        if (job.Refused + batch.Refused > settings.MaxKeptRefusals)
            return;
        foreach (var refusal in refusals)
        {
            batch.Refusals.Add(new ImportRefusal
            {
                ImportJobId = job.Id,
                Line = line,
                Column = refusal.Column,
                Reason = refusal.Reason.Length > 400 ? refusal.Reason[..400] : refusal.Reason,
            });
        }
    }

    /// <summary>Commits what is pending and ends the job in <paramref name="state"/>; null when the job was cancelled meanwhile.</summary>
    private async Task<ImportJob?> EndAsync(ImportJob job, Batch batch, Utf8Only? file, ImportState state, string? error, ImportActor actor, Action<ImportJob>? progress, CancellationToken ct)
    {
        if (!await CommitAsync(job, batch, file, state, error, actor, ct))
            return await ReloadAsync(job.Id, ct);
        progress?.Invoke(job);
        return job;
    }

    private Task<ImportJob> ReloadAsync(long id, CancellationToken ct) => db.ImportJobs.AsNoTracking().SingleAsync(j => j.Id == id, ct);

    /// <summary>
    /// Writes the batch, its refusals, its audit entries and the job's new counts in one transaction; false (nothing
    /// written) when the job is no longer running, because it was cancelled.
    /// </summary>
    private async Task<bool> CommitAsync(ImportJob job, Batch batch, Utf8Only? file, ImportState? end, string? error, ImportActor actor, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var stored = batch.Rows.Count == 0 ? 0
            : await (db.IsPostgres ? Postgres : Sqlite).WriteAsync(db.Database.GetDbConnection(), transaction.GetDbTransaction(), job.Source, batch.Rows, ct);
        db.ImportRefusals.AddRange(batch.Refusals);
        foreach (var tier in batch.Rows.GroupBy(o => o.Classification).Where(t => t.Key is Classification.Restricted or Classification.Confidential))
        {
            audit.Add(actor.User, "import", nameof(Data.Observation), null, tier.Key, tier.Count(),
                $"{tier.Count()} {tier.Key} rows of import {job.Id} from {job.Source} (lines to {batch.LineReached}); those already stored were skipped");
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        var (read, refused, skipped, line) = (batch.Read, batch.Refused, (long)batch.Rows.Count - stored, batch.LineReached);
        var bytes = file?.BytesRead ?? job.BytesRead;
        var state = end ?? ImportState.Running;
        var finished = end is null ? (DateTimeOffset?)null : now;
        var updated = await db.ImportJobs.Where(j => j.Id == job.Id && j.State == ImportState.Running).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.RowsRead, j => j.RowsRead + read)
            .SetProperty(j => j.Stored, j => j.Stored + stored)
            .SetProperty(j => j.Skipped, j => j.Skipped + skipped)
            .SetProperty(j => j.Refused, j => j.Refused + refused)
            .SetProperty(j => j.LineReached, line)
            .SetProperty(j => j.BytesRead, j => bytes > j.BytesRead ? bytes : j.BytesRead)
            .SetProperty(j => j.State, state)
            .SetProperty(j => j.FinishedAt, finished)
            .SetProperty(j => j.LastError, error), ct);
        if (updated == 0)
        {
            await transaction.RollbackAsync(ct);
            return false;
        }
        await transaction.CommitAsync(ct);
        job.RowsRead += read;
        job.Stored += stored;
        job.Skipped += skipped;
        job.Refused += refused;
        job.LineReached = line;
        job.BytesRead = Math.Max(job.BytesRead, bytes);
        job.State = state;
        job.FinishedAt = finished;
        job.LastError = error;
        batch.Clear();
        return true;
    }
}

public sealed class ImportOptions
{
    public const string Section = "Import";

    /// <summary>Rows per batch: one transaction, one commit with the job's progress.</summary>
    public int BatchRows { get; set; } = 50_000;

    /// <summary>An import whose first rows, this many, are all refused stops: it is likely the wrong file.</summary>
    public int EarlyStopRows { get; set; } = 1_000;

    /// <summary>Reasons kept per import; past them refused rows are counted only.</summary>
    public int MaxKeptRefusals { get; set; } = 100_000;
}
