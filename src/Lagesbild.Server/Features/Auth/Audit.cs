using System.Globalization;
using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;
using Lagesbild.Data;
using Lagesbild.Server.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Auth;

/// <summary>
/// The audit entries of one request or page operation: who read or changed which record, from which route or page,
/// for what purpose. Entries are added to the request's own context, so they are saved (and chained) with the
/// request's other changes or by <see cref="SaveAsync"/> before the answer leaves.
/// </summary>
public sealed class AuditTrail(LagesbildDb db, TimeProvider time, IHttpContextAccessor http, IOptions<AuditOptions> options, AuditWriter writer)
{
    /// <summary>The header in which a client may say why it reads ("utredning 2026-118").</summary>
    public const string PurposeHeader = "Audit-Purpose";

    /// <summary>The page a Blazor operation runs for ("/scenes/4"); null for an HTTP request, whose route is used.</summary>
    public string? Page { get; set; }

    public string Where => Page is { } page ? $"page {page}"
        : http.HttpContext is { } context ? $"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}"
        : "background";

    private string? Purpose => http.HttpContext?.Request.Headers[PurposeHeader].FirstOrDefault() is { Length: > 0 } purpose ? purpose[..Math.Min(purpose.Length, 400)] : null;

    /// <summary>Adds an entry for one record (or an aggregate of <paramref name="count"/> records) of a tier.</summary>
    public void Add(CurrentUser user, string action, string entity, string? entityId, Classification tier, int count = 1, string? detail = null) =>
        Add(user, action, entity, entityId, DataOwners.Of(tier), count, detail);

    public void Add(CurrentUser user, string action, string entity, string? entityId, DataOwner owner, int count = 1, string? detail = null)
    {
        // Off only while the benchmark measures what the log costs (AuditOptions).
        if (!options.Value.Enabled)
            return;
        var where = Where;
        db.AuditEntries.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            // Id 0: someone who is not a user, such as a provider's user refused at sign-in.
            UserId = user.Id == 0 ? null : user.Id,
            ActorName = user.Name,
            OrganisationId = user.OrganisationId == 0 ? null : user.OrganisationId,
            Action = action,
            Entity = entity,
            EntityId = entityId,
            Owner = owner.ToString(),
            Count = count,
            Route = where.Length > 400 ? where[..400] : where,
            Purpose = Purpose,
            Detail = detail is { Length: > 2000 } ? detail[..2000] : detail,
            PreviousHash = AuditChain.Genesis,
            Hash = AuditChain.Genesis,
        });
    }

    public void Add(CurrentUser user, string action, Observation observation) =>
        Add(user, action, nameof(Observation), observation.Id == 0 ? null : observation.Id.ToString(CultureInfo.InvariantCulture),
            observation.Classification, detail: observation.Classification.ToString());

    /// <summary>
    /// Adds the entries of an aggregate that used these records' tiers: one per owner of Restricted or Confidential
    /// records, naming how many it used. Answers whether any was added.
    /// </summary>
    public bool AddAggregate(CurrentUser user, string what, IEnumerable<Classification> used)
    {
        var owned = used.Where(t => t is Classification.Restricted or Classification.Confidential).GroupBy(t => t).ToList();
        foreach (var tier in owned)
            Add(user, "aggregate", what, null, tier.Key, tier.Count(), $"{tier.Count()} {tier.Key} observations used");
        return owned.Count > 0;
    }

    /// <summary>
    /// Saves the entries added so far, chained, before the answer leaves. A read's entries (nothing else to save, no
    /// transaction open) go to the group commit; entries that come with a change are saved with it, in its transaction.
    /// </summary>
    public async Task SaveAsync(CancellationToken ct)
    {
        var added = db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).ToList();
        var onlyEntries = db.Database.CurrentTransaction is null
            && db.ChangeTracker.Entries().All(e => e.Entity is AuditEntry || e.State is EntityState.Unchanged or EntityState.Detached);
        if (added.Count == 0 || !onlyEntries)
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        foreach (var entry in added)
            entry.State = EntityState.Detached;
        await writer.StoreAsync([.. added.Select(e => e.Entity)], ct);
    }
}

public static class AggregateAudit
{
    /// <summary>
    /// Audits an aggregate (the picture, hot spots, candidates, an effect, a report, a profile) that used Restricted
    /// or Confidential records: one entry per owner, naming how many of the owner's records it used. The query is
    /// only asked of users who may count such records at all.
    /// </summary>
    public static async Task AggregateAsync(this AuditTrail audit, CurrentUser user, string what, IQueryable<Observation> used, CancellationToken ct)
    {
        var owned = OwnedTiers(user);
        if (owned.Length == 0)
            return;
        var counts = await used.Where(o => owned.Contains(o.Classification))
            .GroupBy(o => o.Classification).Select(g => new { Tier = g.Key, Count = g.Count() }).ToListAsync(ct);
        await audit.AggregateAsync(user, what, counts.ToDictionary(c => c.Tier, c => c.Count), ct);
    }

    /// <summary>The same, for an aggregate whose counts by classification are already known (the picture's in-memory index).</summary>
    public static async Task AggregateAsync(this AuditTrail audit, CurrentUser user, string what, IReadOnlyDictionary<Classification, int> used, CancellationToken ct)
    {
        var counts = OwnedTiers(user).Select(t => (Tier: t, Count: used.GetValueOrDefault(t))).Where(c => c.Count > 0).ToList();
        foreach (var (tier, count) in counts)
            audit.Add(user, "aggregate", what, null, tier, count, $"{count} {tier} observations used");
        if (counts.Count > 0)
            await audit.SaveAsync(ct);
    }

    private static Classification[] OwnedTiers(CurrentUser user) =>
        Permissions.VisibleClassifications(user.Roles).Where(t => t is Classification.Restricted or Classification.Confidential).ToArray();
}
