using System.Globalization;
using System.Security.Claims;
using Lagesbild.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Auth;

/// <summary>Starts a signed-in session in the browser, for a local account and for one from an identity provider alike.</summary>
public sealed class Sessions(LagesbildDb db, TimeProvider time)
{
    /// <summary>Records the sign-in and issues the cookie. The user must be active; callers have checked how they proved who they are.</summary>
    public async Task SignInCookieAsync(HttpContext context, User user, CancellationToken cancellationToken)
    {
        await RecordSignInAsync(user.Id, cancellationToken);
        var principal = CurrentUser.Principal(user, CookieAuthenticationDefaults.AuthenticationScheme);
        // The absolute lifetime counts from here, however often the sliding cookie is renewed.
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(SessionCheck.SignedInClaim,
            time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
    }

    /// <summary>Last sign-in for the administrator's list; a successful sign-in also ends a run of wrong passwords.</summary>
    public Task RecordSignInAsync(int userId, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.LastSignInAt, time.GetUtcNow())
            .SetProperty(u => u.FailedSignIns, 0)
            .SetProperty(u => u.LockedUntil, (DateTimeOffset?)null), cancellationToken);
}
