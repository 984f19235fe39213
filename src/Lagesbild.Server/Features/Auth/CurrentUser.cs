using System.Globalization;
using System.Security.Claims;
using Lagesbild.Core.Access;

namespace Lagesbild.Server.Features.Auth;

/// <summary>The signed-in user as the server sees them: read from the claims it issued itself.</summary>
public sealed record CurrentUser(int Id, int OrganisationId, string Name, IReadOnlyCollection<Role> Roles)
{
    public const string OrganisationClaim = "org";

    /// <summary>The user's security stamp when the session or token was issued.</summary>
    public const string StampClaim = "stamp";

    public static CurrentUser From(ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The user is not signed in.");
        var roles = principal.FindAll(ClaimTypes.Role).Select(c => Enum.Parse<Role>(c.Value)).ToArray();
        return new CurrentUser(
            int.Parse(id, CultureInfo.InvariantCulture),
            int.Parse(principal.FindFirstValue(OrganisationClaim) ?? "0", CultureInfo.InvariantCulture),
            principal.Identity?.Name ?? "",
            roles);
    }

    public static ClaimsPrincipal Principal(Data.User user, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.DisplayName),
            new(ClaimTypes.Email, user.Email),
            new(OrganisationClaim, user.OrganisationId.ToString(CultureInfo.InvariantCulture)),
            new(StampClaim, user.SecurityStamp),
        };
        claims.AddRange(user.Roles.Select(r => new Claim(ClaimTypes.Role, r.ToString())));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
