using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using Lagesbild.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Auth;

/// <summary>
/// Whether a session or token is still good: its user is active, its security stamp is the user's current one, and a
/// browser session is within its absolute lifetime. One rule for the cookie, bearer tokens, Blazor circuits and
/// SignalR connections. What was read of a user is trusted for <see cref="SessionOptions.Recheck"/>, so that a
/// busy page does not ask the database on every request; a change made on this server is seen at once.
/// </summary>
public sealed class SessionCheck(IServiceScopeFactory scopes, TimeProvider time, IOptions<SessionOptions> options)
{
    /// <summary>When the browser session started (Unix seconds), on the cookie's principal only.</summary>
    public const string SignedInClaim = "signed_in";

    private readonly ConcurrentDictionary<int, (string? Stamp, DateTimeOffset ReadAt)> _stamps = new();

    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { } idText || !int.TryParse(idText, CultureInfo.InvariantCulture, out var userId))
            return principal.Identity?.IsAuthenticated != true;
        if (principal.FindFirstValue(SignedInClaim) is { } signedIn
            && long.TryParse(signedIn, CultureInfo.InvariantCulture, out var seconds)
            && time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) > options.Value.AbsoluteLifetime)
            return false;
        var stamp = principal.FindFirstValue(CurrentUser.StampClaim);
        return stamp is not null && stamp == await CurrentStampAsync(userId, cancellationToken);
    }

    /// <summary>Forgets what was read of a user, after a change on this server (deactivation, new role).</summary>
    public void Forget(int userId) => _stamps.TryRemove(userId, out _);

    private async Task<string?> CurrentStampAsync(int userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_stamps.TryGetValue(userId, out var known) && now - known.ReadAt < options.Value.Recheck)
            return known.Stamp;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LagesbildDb>();
        var stamp = await db.Users.AsNoTracking().Where(u => u.Id == userId && u.IsActive).Select(u => u.SecurityStamp).SingleOrDefaultAsync(cancellationToken);
        _stamps[userId] = (stamp, now);
        return stamp;
    }
}

/// <summary>Turns a request whose session or token is no longer good into an anonymous one, and ends such a cookie.</summary>
public sealed class SessionGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, SessionCheck check)
    {
        if (context.User.Identity?.IsAuthenticated == true && !await check.IsCurrentAsync(context.User, context.RequestAborted))
        {
            if (context.User.Identity.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme)
                await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            context.User = new ClaimsPrincipal(new ClaimsIdentity());
        }
        await next(context);
    }
}

/// <summary>An open page (a Blazor circuit) asks the same question every half minute and signs out when the answer is no.</summary>
public sealed class CircuitSessionCheck(ILoggerFactory loggers, SessionCheck check, IOptions<SessionOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => options.Value.Recheck;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        check.IsCurrentAsync(authenticationState.User, cancellationToken);
}
