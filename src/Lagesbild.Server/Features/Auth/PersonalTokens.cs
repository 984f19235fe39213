using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Lagesbild.Core.Observations;
using Lagesbild.Data;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Auth;

/// <summary>A personal token as listed: never the token itself, which is shown once, when it is made.</summary>
public sealed record PersonalTokenView(int Id, string User, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

public sealed record NewPersonalToken(int Id, string Name, string Token, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

/// <summary>
/// Personal API tokens: how a user who signs in through an identity provider (and so has no password here) runs a
/// script. Made on the account page, shown once, stored as a hash, revocable by the user and by an administrator,
/// and good only while the user is active.
/// </summary>
public sealed class PersonalTokens(LagesbildDb db, TimeProvider time, AuditTrail audit)
{
    public const string Prefix = "lgb_";

    public async Task<NewPersonalToken> CreateAsync(CurrentUser user, string name, int? days, CancellationToken ct)
    {
        var userId = user.Id;
        var token = SecretTokens.New(Prefix);
        var now = time.GetUtcNow();
        var entry = new PersonalToken
        {
            UserId = userId,
            Name = name.Trim(),
            Prefix = token[..10],
            Hash = SecretTokens.Hash(token),
            CreatedAt = now,
            ExpiresAt = days is { } d ? now.AddDays(d) : null,
        };
        // The token and its audit entry in one transaction: the entry names the token's id.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.PersonalTokens.Add(entry);
        await db.SaveChangesAsync(ct);
        audit.Add(user, "create-personal-token", nameof(PersonalToken), Id(entry.Id), Classification.Internal, detail: entry.Prefix);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new NewPersonalToken(entry.Id, entry.Name, token, entry.Prefix, entry.CreatedAt, entry.ExpiresAt);
    }

    public Task<List<PersonalTokenView>> OfAsync(int? userId, CancellationToken ct) =>
        db.PersonalTokens.AsNoTracking()
            .Where(t => userId == null || t.UserId == userId)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { t, u.Email })
            .OrderByDescending(x => x.t.Id)
            .Select(x => new PersonalTokenView(x.t.Id, x.Email, x.t.Name, x.t.Prefix, x.t.CreatedAt, x.t.ExpiresAt, x.t.LastUsedAt, x.t.RevokedAt))
            .ToListAsync(ct);

    /// <summary>Revokes a live token of the user's own (or anyone's, for an administrator's page); false when there is none.</summary>
    public async Task<bool> RevokeAsync(int id, CurrentUser user, bool ownOnly, CancellationToken ct)
    {
        var token = await db.PersonalTokens.SingleOrDefaultAsync(t => t.Id == id && (!ownOnly || t.UserId == user.Id) && t.RevokedAt == null, ct);
        if (token is null)
            return false;
        token.RevokedAt = time.GetUtcNow();
        audit.Add(user, "revoke-personal-token", nameof(PersonalToken), Id(id), Classification.Internal, detail: token.Prefix);
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The active user whose live token this is, or null.</summary>
    public async Task<User?> UserOfAsync(string token, CancellationToken ct)
    {
        if (token.Length > 200)
            return null;
        var hash = SecretTokens.Hash(token);
        var now = time.GetUtcNow();
        var found = await db.PersonalTokens.AsNoTracking()
            .Where(t => t.Hash == hash && t.RevokedAt == null)
            .Join(db.Users.Where(u => u.IsActive), t => t.UserId, u => u.Id, (t, u) => new { Token = t, User = u })
            .SingleOrDefaultAsync(ct);
        if (found is null || found.Token.ExpiresAt <= now)
            return null;
        // Last use to the minute is enough for "is this token still used?", and spares a write per request.
        if (found.Token.LastUsedAt is not { } used || now - used > TimeSpan.FromMinutes(1))
            await db.PersonalTokens.Where(t => t.Id == found.Token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct);
        return found.User;
    }
}

/// <summary>Signs in a request that carries a personal token as its bearer token, looked up on every request.</summary>
public sealed class PersonalTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PersonalToken";

    /// <summary>Whether the request's bearer token (or a hub's access_token) is a personal token.</summary>
    public static bool Carries(HttpRequest request) => TokenOf(request) is not null;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (TokenOf(Request) is not { } token)
            return AuthenticateResult.NoResult();
        var user = await Context.RequestServices.GetRequiredService<PersonalTokens>().UserOfAsync(token, Context.RequestAborted);
        return user is null
            ? AuthenticateResult.Fail("The token is unknown, revoked or expired, or its user is deactivated.")
            : AuthenticateResult.Success(new AuthenticationTicket(CurrentUser.Principal(user, SchemeName), SchemeName));
    }

    private static string? TokenOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : AuthSetup.HubToken(request) ?? BasicPassword(request, header);
        return token is not null && token.StartsWith(PersonalTokens.Prefix, StringComparison.Ordinal) ? token : null;
    }

    /// <summary>
    /// On the OGC API only, the password of Basic (the user name is not asked): GIS clients such as QGIS and ArcGIS Pro
    /// offer Basic where they offer no bearer token. Only a personal token is taken, never an account's password.
    /// </summary>
    private static string? BasicPassword(HttpRequest request, string header)
    {
        if (!request.Path.StartsWithSegments("/ogc") || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) || header.Length > 400)
            return null;
        var bytes = new byte[header.Length];
        if (!Convert.TryFromBase64String(header[6..].Trim(), bytes, out var length))
            return null;
        var pair = System.Text.Encoding.UTF8.GetString(bytes, 0, length);
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : pair[(colon + 1)..];
    }
}
