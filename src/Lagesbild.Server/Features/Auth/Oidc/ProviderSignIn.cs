using System.Globalization;
using System.Security.Claims;
using Lagesbild.Core.Access;
using Lagesbild.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Auth.Oidc;

/// <summary>Why a provider's user was not let in; the refusal page explains each.</summary>
public enum Refusal
{
    /// <summary>None of the user's groups is mapped to a role.</summary>
    Unmapped,
    /// <summary>The groups map to more than one organisation.</summary>
    SeveralOrganisations,
    /// <summary>A mapping names an organisation that does not exist.</summary>
    UnknownOrganisation,
    /// <summary>An administrator deactivated the user.</summary>
    Deactivated,
    /// <summary>A local account (or another provider's user) already has the e-mail.</summary>
    EmailTaken,
}

/// <summary>
/// Finishes a sign-in with an identity provider once the OpenID Connect handler has validated all of its answer
/// (state, correlation, the ID token's signature, issuer, audience, lifetime and nonce, PKCE): finds the
/// user by (provider, subject), creates them on first sign-in when their groups give a role, makes role and
/// organisation follow the groups, and starts our own session.
/// </summary>
public sealed class ProviderSignIn(LagesbildDb db, Sessions sessions, AuditTrail audit, IOptions<OidcOptions> options, TimeProvider time, ILogger<ProviderSignIn> logger)
{
    public async Task CompleteAsync(TicketReceivedContext context, string provider)
    {
        var ct = context.HttpContext.RequestAborted;
        var principal = context.Principal ?? throw new InvalidOperationException("The handler validated no principal.");
        var (user, refusal) = await ResolveAsync(provider, principal, ct);
        context.HandleResponse();
        if (user is not null)
        {
            await sessions.SignInCookieAsync(context.HttpContext, user, ct);
            context.Response.Redirect(ReturnUrls.Local(context.ReturnUri));
        }
        else
        {
            context.Response.Redirect($"/login/refused?provider={Uri.EscapeDataString(provider)}&reason={refusal}");
        }
    }

    /// <summary>The user to sign in, created or brought up to date; or why not (audited).</summary>
    private async Task<(User? User, Refusal Refusal)> ResolveAsync(string provider, ClaimsPrincipal principal, CancellationToken ct)
    {
        var p = options.Value.Providers[provider];
        // Entra ID's "oid" is the same for the user in every application; "sub" is the standard's subject.
        var subject = principal.FindFirstValue("oid") ?? principal.FindFirstValue("sub") ?? throw new InvalidOperationException("The ID token has no subject.");
        var groups = principal.FindAll(p.RoleClaim).Select(c => c.Value).ToList();
        var user = await db.Users.SingleOrDefaultAsync(u => u.ExternalProvider == provider && u.ExternalSubject == subject, ct);
        var who = new Who(provider, subject, groups, user);

        if (user is { IsActive: false })
            return await RefuseAsync(who, Refusal.Deactivated, ct);
        if (await GrantsAsync(p, groups, ct) is not { } grants)
            return await RefuseAsync(who, Refusal.UnknownOrganisation, ct);
        var access = ProviderGroups.Decide(groups, grants);
        if (access is not GroupAccess.Granted granted)
        {
            // The provider's groups are the source of truth: a user who left every mapped group is out, also in open sessions.
            user?.RevokeSessions();
            return await RefuseAsync(who, access is GroupAccess.SeveralOrganisations ? Refusal.SeveralOrganisations : Refusal.Unmapped, ct);
        }

        var email = EmailOf(principal, provider, subject);
        var name = principal.FindFirstValue("name") is { Length: > 0 } n ? n[..Math.Min(n.Length, 200)] : email;
        if (user is null)
        {
            // Never merged silently with a local account: whoever controls the provider's e-mail claim would take it over.
            if (await db.Users.AnyAsync(u => u.Email == email, ct))
                return await RefuseAsync(who, Refusal.EmailTaken, ct);
            user = new User
            {
                Email = email,
                DisplayName = name,
                OrganisationId = granted.OrganisationId,
                Roles = [.. granted.Roles],
                ExternalProvider = provider,
                ExternalSubject = subject,
                CreatedAt = time.GetUtcNow(),
            };
            db.Users.Add(user);
        }
        else
        {
            if (user.OrganisationId != granted.OrganisationId || !user.Roles.Order().SequenceEqual(granted.Roles))
            {
                // A changed role or organisation ends the sessions issued under the old one.
                user.OrganisationId = granted.OrganisationId;
                user.Roles = [.. granted.Roles];
                user.RevokeSessions();
            }
            user.DisplayName = name;
            if (user.Email != email && !await db.Users.AnyAsync(u => u.Email == email, ct))
                user.Email = email;
        }
        await db.SaveChangesAsync(ct);
        audit.Add(AuditActor(user), "sign-in", nameof(User), user.Id.ToString(CultureInfo.InvariantCulture), DataOwner.City,
            detail: $"via identity provider {provider}; roles {string.Join(", ", user.Roles)}; organisation {user.OrganisationId}");
        await audit.SaveAsync(ct);
        return (user, default);
    }

    private sealed record Who(string Provider, string Subject, IReadOnlyList<string> Groups, User? User);

    private async Task<(User?, Refusal)> RefuseAsync(Who who, Refusal refusal, CancellationToken ct)
    {
        logger.LogInformation("Sign-in with the identity provider {Provider} refused: {Refusal}.", who.Provider, refusal);
        var actor = who.User is { } user ? AuditActor(user) : new CurrentUser(0, 0, $"{who.Provider}:{who.Subject}", []);
        audit.Add(actor, "sign-in-refused", nameof(User), who.User?.Id.ToString(CultureInfo.InvariantCulture), DataOwner.City,
            detail: $"via identity provider {who.Provider}, subject {who.Subject}: {refusal}; groups {string.Join(", ", who.Groups)}");
        // Saves a revoked security stamp with the entry.
        await audit.SaveAsync(ct);
        return (null, refusal);
    }

    private static CurrentUser AuditActor(User user) => new(user.Id, user.OrganisationId, user.DisplayName, user.Roles);

    /// <summary>The grants of the user's mapped groups, organisations resolved by name or id; null when one does not exist.</summary>
    private async Task<Dictionary<string, GroupGrant>?> GrantsAsync(OidcProviderOptions provider, IReadOnlyList<string> groups, CancellationToken ct)
    {
        var grants = new Dictionary<string, GroupGrant>(StringComparer.OrdinalIgnoreCase);
        var mapped = new Dictionary<string, GroupMapOptions>(provider.GroupMap, StringComparer.OrdinalIgnoreCase);
        foreach (var group in groups)
        {
            if (!mapped.TryGetValue(group, out var map))
                continue;
            var byId = int.TryParse(map.Organisation, CultureInfo.InvariantCulture, out var id) ? id : (int?)null;
            var organisation = await db.Organisations.Where(o => o.Name == map.Organisation || o.Id == byId).Select(o => (int?)o.Id).FirstOrDefaultAsync(ct);
            if (organisation is null)
            {
                logger.LogError("The group map of an identity provider names the organisation {Organisation}, which does not exist.", map.Organisation);
                return null;
            }
            grants[group] = new GroupGrant(Enum.Parse<Role>(map.Role), organisation.Value);
        }
        return grants;
    }

    /// <summary>The "email" claim; else a UPN-like preferred_username (Entra ID); else a unique address that cannot receive mail.</summary>
    private static string EmailOf(ClaimsPrincipal principal, string provider, string subject)
    {
        var email = principal.FindFirstValue("email") is { Length: > 0 } e ? e
            : principal.FindFirstValue("preferred_username") is { } upn && upn.Contains('@', StringComparison.Ordinal) ? upn
            : $"{subject}@{provider}.invalid";
        email = email.Trim().ToLowerInvariant();
        return email.Length <= 254 ? email : $"{subject}@{provider}.invalid"[..Math.Min(254, subject.Length + provider.Length + 9)];
    }
}
