using System.Globalization;
using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;
using Lagesbild.Data;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Auth;

public sealed record AccountView(int Id, string Email, string DisplayName, string? Organisation, IReadOnlyList<Role> Roles, string? Provider,
    bool AuthenticatorOn, int RecoveryCodesLeft, DateTimeOffset? LastSignInAt);

/// <summary>An authenticator being set up: the key to type in or the QR code to scan, and a token that carries the key back.</summary>
public sealed record AuthenticatorSetup(string Key, string Uri, string QrCode, string SetupToken);

public sealed record RecoveryCodes(IReadOnlyList<string> Codes);

/// <summary>What a signed-in user does to her own account: password, authenticator app and recovery codes.</summary>
public sealed class Accounts(LagesbildDb db, IPasswordHasher<User> hasher, Authenticator authenticator, IDataProtectionProvider protection, AuditTrail audit, SessionCheck sessions)
{
    private readonly ITimeLimitedDataProtector _setups = protection.CreateProtector("Lagesbild.AuthenticatorSetup").ToTimeLimitedDataProtector();

    public async Task<AccountView?> ViewAsync(int userId, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId).Include(u => u.Organisation).ToListAsync(ct) is [var user]
            ? new AccountView(user.Id, user.Email, user.DisplayName, user.Organisation?.Name, user.Roles, user.ExternalProvider,
                user.TotpSecret is not null, Authenticator.RecoveryCodesLeft(user), user.LastSignInAt)
            : null;

    /// <summary>A new password for a local account; every session and token of the user ends, this one too.</summary>
    public async Task<Outcome<bool>> ChangePasswordAsync(CurrentUser who, string current, string next, CancellationToken ct)
    {
        var user = await db.Users.SingleAsync(u => u.Id == who.Id, ct);
        if (user.ExternalProvider is not null || user.PasswordHash.Length == 0)
            return new Outcome<bool>.Refused("This account signs in through its organisation's identity provider and has no password here.");
        if (hasher.VerifyHashedPassword(user, user.PasswordHash, current) == PasswordVerificationResult.Failed)
            return Outcome<bool>.Field("currentPassword", "The current password is wrong.");
        if (PasswordRules.Check(next, user.Email, user.DisplayName) is { } problem)
            return Outcome<bool>.Field(PasswordRules.Refuse("newPassword", problem));
        user.PasswordHash = hasher.HashPassword(user, next);
        user.RevokeSessions();
        audit.Add(who, "change-password", nameof(User), Id(user), Classification.Internal);
        await db.SaveChangesAsync(ct);
        sessions.Forget(user.Id);
        return true;
    }

    /// <summary>A new key for the app, not yet stored: it is stored when the user proves the app has it.</summary>
    public async Task<Outcome<AuthenticatorSetup>> StartAuthenticatorAsync(CurrentUser who, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == who.Id, ct);
        if (user.TotpSecret is not null)
            return new Outcome<AuthenticatorSetup>.Conflict("The authenticator app is already on; turn it off first to set up another.");
        var key = Authenticator.NewKey();
        var uri = Authenticator.SetupUri(user.Email, key);
        return new AuthenticatorSetup(key, uri, Authenticator.QrCode(uri), _setups.Protect($"{user.Id}:{key}", TimeSpan.FromMinutes(15)));
    }

    /// <summary>Stores the key once a code from the app fits it; answers the recovery codes, shown this once.</summary>
    public async Task<Outcome<RecoveryCodes>> TurnOnAuthenticatorAsync(CurrentUser who, string setupToken, string code, CancellationToken ct)
    {
        string key;
        try
        {
            var parts = _setups.Unprotect(setupToken).Split(':');
            if (parts[0] != Id(who.Id))
                return Outcome<RecoveryCodes>.Field("setupToken", "The setup belongs to another account.");
            key = parts[1];
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return Outcome<RecoveryCodes>.Field("setupToken", "The setup has expired; start again.");
        }
        if (!authenticator.Fits(key, code))
            return Outcome<RecoveryCodes>.Field("code", "The code does not fit; check the phone's clock and try the next code.");
        var user = await db.Users.SingleAsync(u => u.Id == who.Id, ct);
        if (user.TotpSecret is not null)
            return new Outcome<RecoveryCodes>.Conflict("The authenticator app is already on.");
        var (codes, stored) = Authenticator.NewRecoveryCodes();
        user.TotpSecret = authenticator.Protect(key);
        user.TotpLastStep = 0;
        user.RecoveryCodes = stored;
        audit.Add(who, "turn-on-authenticator", nameof(User), Id(user), Classification.Internal);
        await db.SaveChangesAsync(ct);
        return new RecoveryCodes(codes);
    }

    /// <summary>Turns the app off, on a current code (or a recovery code), so that a session left open cannot.</summary>
    public Task<Outcome<bool>> TurnOffAuthenticatorAsync(CurrentUser who, string code, CancellationToken ct) =>
        WithCodeAsync(who, code, "turn-off-authenticator", user =>
        {
            user.TotpSecret = null;
            user.RecoveryCodes = null;
            user.TotpLastStep = 0;
            return true;
        }, ct);

    /// <summary>New recovery codes in place of the old ones, on a current code.</summary>
    public Task<Outcome<RecoveryCodes>> NewRecoveryCodesAsync(CurrentUser who, string code, CancellationToken ct) =>
        WithCodeAsync(who, code, "new-recovery-codes", user =>
        {
            var (codes, stored) = Authenticator.NewRecoveryCodes();
            user.RecoveryCodes = stored;
            return new RecoveryCodes(codes);
        }, ct);

    private async Task<Outcome<T>> WithCodeAsync<T>(CurrentUser who, string code, string action, Func<User, T> change, CancellationToken ct)
    {
        var user = await db.Users.SingleAsync(u => u.Id == who.Id, ct);
        if (user.TotpSecret is null)
            return new Outcome<T>.Conflict("The authenticator app is not on.");
        if (!authenticator.Accepts(user, code))
            return Outcome<T>.Field("code", "The code does not fit.");
        var value = change(user);
        audit.Add(who, action, nameof(User), Id(user), Classification.Internal);
        await db.SaveChangesAsync(ct);
        return value;
    }

    private static string Id(User user) => Id(user.Id);

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
