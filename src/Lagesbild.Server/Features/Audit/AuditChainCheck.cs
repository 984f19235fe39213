using Lagesbild.Data;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Audit;

/// <summary>What walking the chain found: valid, or the first entry that does not follow (and why).</summary>
/// <param name="Code">Why the chain broke, for pages to say in their language: "content" (the entry was changed or forged) or "link" (it does not follow the entry before it: one was removed, inserted or replayed).</param>
public sealed record ChainCheck(bool Valid, long Checked, long? FirstBrokenId, string? Reason, string? Code);

/// <summary>
/// Walks the whole audit log in id order, in batches (the log may hold millions of entries), from the chain's anchor:
/// the hash of the newest entry that retention culled, or the genesis hash. Each entry must name the hash before it
/// and hash to its own.
/// </summary>
public static class AuditChainCheck
{
    private const int BatchSize = 2_000;

    public static async Task<ChainCheck> RunAsync(LagesbildDb db, CancellationToken ct)
    {
        var expected = await db.Settings.AsNoTracking().Where(s => s.Key == AuditChain.AnchorSetting).Select(s => s.Value).FirstOrDefaultAsync(ct)
            ?? AuditChain.Genesis;
        long checkedCount = 0, after = long.MinValue;
        while (true)
        {
            var batch = await db.AuditEntries.AsNoTracking().Where(a => a.Id > after).OrderBy(a => a.Id).Take(BatchSize).ToListAsync(ct);
            foreach (var entry in batch)
            {
                if (entry.PreviousHash != expected)
                {
                    return new ChainCheck(false, checkedCount, entry.Id,
                        $"Entry {entry.Id} does not follow the entry before it: an entry was removed, inserted or replayed there.", "link");
                }
                if (entry.Hash != AuditChain.HashOf(entry))
                    return new ChainCheck(false, checkedCount, entry.Id, $"Entry {entry.Id} does not match its hash: it was changed or forged.", "content");
                expected = entry.Hash;
                checkedCount++;
            }
            if (batch.Count < BatchSize)
                return new ChainCheck(true, checkedCount, null, null, null);
            after = batch[^1].Id;
        }
    }
}
