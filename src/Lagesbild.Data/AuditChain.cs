using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Lagesbild.Data;

/// <summary>
/// The audit log's hash chain. Each entry's hash is SHA-256 over the previous entry's hash and the entry's own
/// fields, so that removing, changing or inserting an entry anywhere is found by walking the chain.
/// </summary>
public static class AuditChain
{
    /// <summary>The hash the first entry follows (or, after retention culled the oldest entries, the last culled one's).</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The setting that holds the hash of the newest culled entry: the chain's anchor after culling.</summary>
    public const string AnchorSetting = "audit.anchor";

    public static string HashOf(AuditEntry entry)
    {
        var text = string.Join('\u001f',
            entry.PreviousHash,
            entry.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            entry.UserId?.ToString(CultureInfo.InvariantCulture) ?? "",
            entry.ActorName ?? "",
            entry.OrganisationId?.ToString(CultureInfo.InvariantCulture) ?? "",
            entry.Action,
            entry.Entity,
            entry.EntityId ?? "",
            entry.Owner,
            entry.Count.ToString(CultureInfo.InvariantCulture),
            entry.Route ?? "",
            entry.Purpose ?? "",
            entry.Detail ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Links entries in the order given after the hash of the entry before them.</summary>
    public static void Link(string previousHash, IEnumerable<AuditEntry> entries)
    {
        foreach (var entry in entries)
        {
            entry.PreviousHash = previousHash;
            entry.Hash = HashOf(entry);
            previousHash = entry.Hash;
        }
    }
}

/// <summary>
/// Chains every audit entry that a save adds. The save runs in a transaction that first takes the chain's lock (an
/// advisory lock on PostgreSQL; SQLite's write lock, which its immediate transactions take at BEGIN), then reads the
/// newest hash, so two servers writing at once still make one chain. Entries reach the log only through this.
/// </summary>
public sealed class AuditChainInterceptor : SaveChangesInterceptor
{
    public static readonly AuditChainInterceptor Instance = new();

    /// <summary>The advisory lock key of the chain on PostgreSQL (any constant that nothing else uses).</summary>
    private const long LockKey = 0x4C61_6773_4175_6469;

    /// <summary>The transactions this interceptor began, by context, to commit when the save has gone through.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, IDbContextTransaction> Owned = new();

    /// <summary>The entries a save adds and the head they follow, by context, to put in id order once the ids are known.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, Pending> Adding = new();

    private sealed record Pending(string Head, List<AuditEntry> Entries);

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not LagesbildDb db)
            return result;
        var added = db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (added.Count == 0)
            return result;
        if (db.Database.CurrentTransaction is null)
            Owned.AddOrUpdate(db, await db.Database.BeginTransactionAsync(cancellationToken));
        // Before reading the head: no other save may link to the same head.
        await db.LockAsync(LockKey, cancellationToken);
        var head = await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Id).Select(a => a.Hash).FirstOrDefaultAsync(cancellationToken)
            ?? await db.Settings.AsNoTracking().Where(s => s.Key == AuditChain.AnchorSetting).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken)
            ?? AuditChain.Genesis;
        AuditChain.Link(head, added);
        if (added.Count > 1)
            Adding.AddOrUpdate(db, new Pending(head, added));
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        // EF does not promise to insert in the order entities were added: the chain follows the ids, so several
        // entries of one save are linked again in id order (still under the lock, in the same transaction).
        if (eventData.Context is LagesbildDb saved && Adding.TryGetValue(saved, out var pending))
        {
            Adding.Remove(saved);
            var linked = pending.Entries.Select(e => (e.Id, e.Hash)).ToList();
            var ordered = pending.Entries.OrderBy(e => e.Id).ToList();
            AuditChain.Link(pending.Head, ordered);
            foreach (var entry in ordered.Where(e => linked.Single(l => l.Id == e.Id).Hash != e.Hash))
            {
                await saved.AuditEntries.Where(a => a.Id == entry.Id)
                    .ExecuteUpdateAsync(u => u.SetProperty(a => a.PreviousHash, entry.PreviousHash).SetProperty(a => a.Hash, entry.Hash), cancellationToken);
                saved.Entry(entry).State = EntityState.Unchanged;
            }
        }
        if (eventData.Context is { } db && Owned.TryGetValue(db, out var transaction))
        {
            Owned.Remove(db);
            await transaction.CommitAsync(cancellationToken);
            await transaction.DisposeAsync();
        }
        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } failed)
            Adding.Remove(failed);
        if (eventData.Context is { } db && Owned.TryGetValue(db, out var transaction))
        {
            Owned.Remove(db);
            await transaction.DisposeAsync();
        }
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        eventData.Context is LagesbildDb db && db.ChangeTracker.Entries<AuditEntry>().Any(e => e.State == EntityState.Added)
            ? throw new InvalidOperationException("Audit entries are saved with SaveChangesAsync, which chains them.")
            : result;
}
