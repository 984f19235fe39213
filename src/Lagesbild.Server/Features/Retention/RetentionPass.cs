using System.Security.Cryptography;
using Lagesbild.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Retention;

/// <summary>
/// One pass of retention (gallring) over every type of data. Each type is claimed in its RetentionRun row by a
/// conditional update, so only one server culls a type at a time and a dead server's claim runs out. The culling
/// goes in batches, each in its own transaction together with the run's counts, so a stopped pass keeps what it
/// committed and the next one resumes; every row is changed by a conditional update, so nothing is culled twice.
/// </summary>
public sealed partial class RetentionPass(LagesbildDb db, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionPass> log)
{
    /// <summary>This process among the servers that share the database.</summary>
    public static readonly string ServerId = Shorten($"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}");

    private static string Shorten(string id) => id.Length > 200 ? id[^200..] : id;

    private RetentionOptions Options => options.Value;

    /// <summary>Culls every type this server could claim; answers how many rows of each it culled (absent: claimed by another).</summary>
    public async Task<IReadOnlyDictionary<string, int>> RunAsync(CancellationToken ct)
    {
        var culled = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var type in RetentionPolicy.Types)
        {
            if (await CullAsync(type, ct) is { } count)
                culled[type] = count;
        }
        return culled;
    }

    /// <summary>Culls one type if this server can claim it; null when another server holds the claim.</summary>
    public async Task<int?> CullAsync(string type, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO \"RetentionRuns\" (\"DataType\", \"LastCulled\", \"TotalCulled\") VALUES ({type}, 0, 0) ON CONFLICT (\"DataType\") DO NOTHING", ct);
        var now = time.GetUtcNow();
        var claimed = await db.RetentionRuns
            .Where(r => r.DataType == type && (r.ClaimedUntil == null || r.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClaimedUntil, now.AddMinutes(Options.ClaimMinutes)).SetProperty(r => r.ClaimedBy, ServerId).SetProperty(r => r.LastCulled, 0), ct);
        if (claimed == 0)
            return null;
        var cutoff = RetentionPolicy.Cutoff(type, Options, now);
        var total = 0;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var (selected, culled) = await BatchAsync(type, cutoff, now, ct);
            var stillMine = await db.RetentionRuns
                .Where(r => r.DataType == type && r.ClaimedBy == ServerId)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.LastCulled, r => r.LastCulled + culled)
                    .SetProperty(r => r.TotalCulled, r => r.TotalCulled + culled)
                    .SetProperty(r => r.ClaimedUntil, time.GetUtcNow().AddMinutes(Options.ClaimMinutes)), ct);
            if (stillMine == 0)
            {
                // The claim ran out and another server took it: it culls from here, and this batch never happened.
                await transaction.RollbackAsync(ct);
                LogClaimLost(log, type);
                return total;
            }
            await transaction.CommitAsync(ct);
            total += culled;
            if (selected < Options.BatchSize)
                break;
        }
        await db.RetentionRuns
            .Where(r => r.DataType == type && r.ClaimedBy == ServerId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastRunAt, time.GetUtcNow()).SetProperty(r => r.ClaimedUntil, (DateTimeOffset?)null).SetProperty(r => r.ClaimedBy, (string?)null), ct);
        if (total > 0)
            LogCulled(log, total, type);
        return total;
    }

    /// <summary>Culls one batch inside the caller's transaction: how many rows it looked at and how many it culled.</summary>
    private Task<(int Selected, int Culled)> BatchAsync(string type, DateTimeOffset cutoff, DateTimeOffset now, CancellationToken ct) => type switch
    {
        RetentionPolicy.ResidentReports => ResidentReportsAsync(cutoff, now, ct),
        RetentionPolicy.Findings => FindingsAsync(cutoff, ct),
        RetentionPolicy.SensorEvents => SensorEventsAsync(cutoff, ct),
        RetentionPolicy.CameraStills => CameraStillsAsync(now, ct),
        RetentionPolicy.Notifications => NotificationsAsync(cutoff, ct),
        RetentionPolicy.ObservationText => ObservationTextsAsync(cutoff, now, ct),
        RetentionPolicy.Audit => AuditAsync(cutoff, ct),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a retained type of data."),
    };

    /// <summary>A token nobody holds: the resident's link stops answering once their words are gone.</summary>
    private static string CulledToken() => $"culled-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention culled {Count} rows of {Type}.")]
    private static partial void LogCulled(ILogger log, int count, string type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention of {Type} stopped: this server's claim ran out and another server took it.")]
    private static partial void LogClaimLost(ILogger log, string type);
}
