using System.Globalization;
using System.Text.RegularExpressions;
using Lagesbild.Core.Access;
using Lagesbild.Data;
using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Audit;

/// <summary>The audit log's filters as a client writes them in the query (subject, actor, from, to, owner).</summary>
public sealed record AuditFilterText(string? Subject = null, string? Actor = null, string? From = null, string? To = null, string? Owner = null);

/// <summary>
/// The audit log's filters, read: a subject is an entity ("Observation") or one record ("Observation/42"); an actor
/// is a user id or a part of a name; from and to are dates (Stockholm days, to including its day) or instants.
/// </summary>
public sealed partial record AuditQuery(string? Entity, string? EntityId, int? ActorId, string? ActorName, DateTimeOffset? From, DateTimeOffset? To, DataOwner? Owner)
{
    public static bool TryParse(AuditFilterText text, out AuditQuery query, out Dictionary<string, string[]> errors)
    {
        errors = [];
        string? entity = null, entityId = null;
        if (!string.IsNullOrWhiteSpace(text.Subject))
        {
            var parts = text.Subject.Trim().Split('/', 2);
            if (EntityName().IsMatch(parts[0]) && (parts.Length == 1 || parts[1] is { Length: > 0 and <= 64 }))
                (entity, entityId) = (parts[0], parts.Length == 2 ? parts[1] : null);
            else
                errors["subject"] = ["subject must be an entity (Observation) or an entity and its id (Observation/42)."];
        }
        int? actorId = null;
        string? actorName = null;
        if (!string.IsNullOrWhiteSpace(text.Actor))
        {
            var actor = text.Actor.Trim();
            if (actor.Length > 200)
                errors["actor"] = ["actor must be a user id or a part of a name of at most 200 characters."];
            else if (actor.All(char.IsAsciiDigit))
                actorId = int.TryParse(actor, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1;
            else
                actorName = actor;
        }
        var (from, to) = QueryValues.ParseWindow(text.From, text.To, errors);
        DataOwner? owner = null;
        if (!string.IsNullOrWhiteSpace(text.Owner))
        {
            if (QueryValues.TryParseName<DataOwner>(text.Owner.Trim(), out var parsed))
                owner = parsed;
            else
                errors["owner"] = [$"'{text.Owner}' is not known. Known: {string.Join(", ", Enum.GetNames<DataOwner>())}."];
        }
        query = new AuditQuery(entity, entityId, actorId, actorName, from, to, owner);
        return errors.Count == 0;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex EntityName();

    /// <summary>The entries of the owners a reader may see that match the filters.</summary>
    // ToLower() here is the database's lower(), not .NET's: the analyzer's culture rule does not apply (CA1304).
#pragma warning disable CA1304, CA1311
    public IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> entries, IReadOnlySet<DataOwner> readable)
    {
        var owners = (Owner is { } owner ? [owner] : readable.ToArray()).Select(o => o.ToString()).ToList();
        // The data protection officer reads every entry, also of an owner this version does not know.
        if (Owner is not null || readable.Count < Enum.GetValues<DataOwner>().Length)
            entries = entries.Where(a => owners.Contains(a.Owner));
        if (Entity is { } entity)
        {
            var lower = entity.ToLowerInvariant();
            entries = entries.Where(a => a.Entity.ToLower() == lower);
        }
        if (EntityId is { } entityId)
            entries = entries.Where(a => a.EntityId == entityId);
        if (ActorId is { } actorId)
            entries = entries.Where(a => a.UserId == actorId);
        if (ActorName is { } name)
        {
            var lower = name.ToLowerInvariant();
            entries = entries.Where(a => a.ActorName != null && a.ActorName.ToLower().Contains(lower));
        }
        if (From is { } from)
            entries = entries.Where(a => a.At >= from);
        if (To is { } to)
            entries = entries.Where(a => a.At < to);
        return entries;
    }
#pragma warning restore CA1304, CA1311
}
