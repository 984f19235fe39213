using System.Globalization;
using System.Text;
using Lagesbild.Core.Access;
using Lagesbild.Core.Time;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Audit;

/// <summary>One entry as a reader sees it; <see cref="At"/> carries Stockholm's offset.</summary>
public sealed record AuditEntryView(
    long Id, DateTimeOffset At, string? ActorName, int? ActorId, int? OrganisationId, string? Organisation,
    string Action, string Entity, string? EntityId, string Owner, int Count, string? Route, string? Purpose, string? Detail);

public sealed record AuditPage(int NumberMatched, int NumberReturned, int Page, int PageSize, IReadOnlyList<AuditEntryView> Entries)
{
    public bool HasNext => (long)Page * PageSize < NumberMatched;

    /// <summary>The link to the next page, set by the API (a page has no URL of its own to give).</summary>
    public string? Next { get; init; }
}

/// <summary>
/// The audit log as its readers see it: the police the reads of their records, social services theirs, the data
/// protection officer all (<see cref="AuditReaders"/>). Every read, check and export of the log is itself an entry.
/// </summary>
public sealed class AuditLog(LagesbildDb db, AuditTrail audit)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    private const string NotAllowed = "The audit log is read by the police (of their records), social services (of theirs) and the data protection officer.";

    public async Task<Outcome<AuditPage>> ListAsync(CurrentUser user, AuditFilterText filters, int? page, int? pageSize, CancellationToken ct)
    {
        if (Read(user, filters, out var query) is { } refusal)
            return refusal.As<AuditPage>();
        var size = pageSize ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
            return Outcome<AuditPage>.Field("pageSize", $"pageSize must be between 1 and {MaxPageSize}.");
        if (page is < 1)
            return Outcome<AuditPage>.Field("page", "page starts at 1.");
        var number = page ?? 1;
        var entries = query.Apply(db.AuditEntries.AsNoTracking(), AuditReaders.OwnersFor(user.Roles));
        var matched = await entries.CountAsync(ct);
        // In long: a far page must not overflow into a negative offset.
        var skip = (long)(number - 1) * size;
        var rows = skip >= matched ? [] : await entries.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Skip((int)skip).Take(size).ToListAsync(ct);
        var organisations = await OrganisationNamesAsync(rows.Select(r => r.OrganisationId), ct);
        audit.Add(user, "read-audit", "AuditEntry", null, DataOwner.City, rows.Count, Describe(filters, $"page {number}"));
        await audit.SaveAsync(ct);
        return new AuditPage(matched, rows.Count, number, size, [.. rows.Select(r => View(r, organisations))]);
    }

    public async Task<Outcome<ChainCheck>> VerifyAsync(CurrentUser user, CancellationToken ct)
    {
        if (!AuditReaders.CanRead(user.Roles))
            return new Outcome<ChainCheck>.Refused(NotAllowed);
        var check = await AuditChainCheck.RunAsync(db, ct);
        audit.Add(user, "read-audit", "AuditEntry", null, DataOwner.City, (int)Math.Min(check.Checked, int.MaxValue),
            check.Valid ? $"verify: valid, {check.Checked} checked" : $"verify: broken at {check.FirstBrokenId}");
        await audit.SaveAsync(ct);
        return check;
    }

    /// <summary>
    /// Checks the request and records the export before the first byte: the answer then writes every matching entry,
    /// newest first, as CSV (streamed, so that a large log is never held in memory).
    /// </summary>
    public async Task<Outcome<Func<Stream, CancellationToken, Task>>> ExportAsync(CurrentUser user, AuditFilterText filters, CancellationToken ct)
    {
        if (Read(user, filters, out var query) is { } refusal)
            return refusal.As<Func<Stream, CancellationToken, Task>>();
        var entries = query.Apply(db.AuditEntries.AsNoTracking(), AuditReaders.OwnersFor(user.Roles)).OrderByDescending(a => a.At).ThenByDescending(a => a.Id);
        var matched = await entries.CountAsync(ct);
        audit.Add(user, "export-audit", "AuditEntry", null, DataOwner.City, matched, Describe(filters, "csv"));
        await audit.SaveAsync(ct);
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return new Outcome<Func<Stream, CancellationToken, Task>>.Done((stream, token) => WriteCsvAsync(entries, organisations, stream, token));
    }

    private static Outcome<AuditQuery>? Read(CurrentUser user, AuditFilterText filters, out AuditQuery query)
    {
        query = default!;
        if (!AuditReaders.CanRead(user.Roles))
            return new Outcome<AuditQuery>.Refused(NotAllowed);
        if (!AuditQuery.TryParse(filters, out query, out var errors))
            return new Outcome<AuditQuery>.Invalid(errors);
        if (query.Owner is { } owner && !AuditReaders.OwnersFor(user.Roles).Contains(owner))
            return new Outcome<AuditQuery>.Refused($"You read the audit of {string.Join(" and ", AuditReaders.OwnersFor(user.Roles))} records, not of {owner}.");
        return null;
    }

    private static string Describe(AuditFilterText f, string what)
    {
        var parts = new[] { ("subject", f.Subject), ("actor", f.Actor), ("from", f.From), ("to", f.To), ("owner", f.Owner) }
            .Where(p => !string.IsNullOrWhiteSpace(p.Item2)).Select(p => $"{p.Item1}={p.Item2}");
        return string.Join(" ", parts.Prepend(what));
    }

    private async Task<Dictionary<int, string>> OrganisationNamesAsync(IEnumerable<int?> ids, CancellationToken ct)
    {
        var wanted = ids.OfType<int>().Distinct().ToList();
        return wanted.Count == 0 ? [] : await db.Organisations.AsNoTracking().Where(o => wanted.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
    }

    private static AuditEntryView View(AuditEntry e, IReadOnlyDictionary<int, string> organisations) => new(
        e.Id, TimeZoneInfo.ConvertTime(e.At, Stockholm.Zone), e.ActorName, e.UserId, e.OrganisationId,
        e.OrganisationId is { } org && organisations.TryGetValue(org, out var name) ? name : null,
        e.Action, e.Entity, e.EntityId, e.Owner, e.Count, e.Route, e.Purpose, e.Detail);

    private const int RowsPerChunk = 1000;

    private static async Task WriteCsvAsync(IQueryable<AuditEntry> entries, IReadOnlyDictionary<int, string> organisations, Stream stream, CancellationToken ct)
    {
        // A UTF-8 byte order mark, so that Excel opens Swedish letters right.
        await stream.WriteAsync(Encoding.UTF8.GetPreamble(), ct);
        var chunk = new List<AuditEntryView>(RowsPerChunk);
        var first = true;
        await foreach (var entry in entries.AsAsyncEnumerable().WithCancellation(ct))
        {
            chunk.Add(View(entry, organisations));
            if (chunk.Count == RowsPerChunk)
            {
                await WriteChunkAsync(chunk, first, stream, ct);
                first = false;
                chunk.Clear();
            }
        }
        if (chunk.Count > 0 || first)
            await WriteChunkAsync(chunk, first, stream, ct);
    }

    private static async Task WriteChunkAsync(List<AuditEntryView> rows, bool header, Stream stream, CancellationToken ct) =>
        await stream.WriteAsync(Encoding.UTF8.GetBytes(Csv(rows, header)), ct);

    /// <summary>Rows through the project's CSV writer, a chunk at a time in memory; the header only with the first chunk.</summary>
    private static string Csv(List<AuditEntryView> rows, bool header) =>
        CsvTable.Write(Columns, rows.Select(e => new[]
        {
            e.Id.ToString(CultureInfo.InvariantCulture),
            e.At.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            e.ActorId?.ToString(CultureInfo.InvariantCulture) ?? "",
            e.ActorName ?? "",
            e.OrganisationId?.ToString(CultureInfo.InvariantCulture) ?? "",
            e.Organisation ?? "",
            e.Action,
            e.Entity,
            e.EntityId ?? "",
            e.Owner,
            e.Count.ToString(CultureInfo.InvariantCulture),
            e.Route ?? "",
            e.Purpose ?? "",
            e.Detail ?? "",
        }), header);

    public static readonly string[] Columns =
        ["id", "at", "actor_id", "actor", "organisation_id", "organisation", "action", "entity", "entity_id", "owner", "count", "route", "purpose", "detail"];
}
