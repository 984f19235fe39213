using System.Globalization;
using Lagesbild.Data;

namespace Lagesbild.Server.Features.Auth;

/// <summary>Audit entries for reads and writes of restricted data.</summary>
public static class Audit
{
    public static AuditEntry Entry(DateTimeOffset at, CurrentUser user, string action, Observation observation) => new()
    {
        At = at,
        UserId = user.Id,
        Action = action,
        Entity = nameof(Observation),
        EntityId = observation.Id == 0 ? null : observation.Id.ToString(CultureInfo.InvariantCulture),
        Detail = $"{observation.Classification} {observation.Category}",
    };

    public static AuditEntry Read(DateTimeOffset at, CurrentUser user, string what, int count) => new()
    {
        At = at,
        UserId = user.Id,
        Action = "read",
        Entity = what,
        Detail = string.Create(CultureInfo.InvariantCulture, $"{count} restricted observations"),
    };
}
