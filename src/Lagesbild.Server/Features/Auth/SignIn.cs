using System.Net;
using Lagesbild.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Auth;

/// <summary>What a sign-in attempt came to.</summary>
public abstract record SignInOutcome
{
    public sealed record Success(User User) : SignInOutcome;

    /// <summary>The password was right and the account has an authenticator app: a code must follow.</summary>
    public sealed record NeedsCode(User User) : SignInOutcome;

    public sealed record Failed : SignInOutcome;

    /// <summary>Too many wrong attempts, for the account or from the address; even the right password waits.</summary>
    public sealed record LockedOut(TimeSpan RetryAfter) : SignInOutcome
    {
        public int Seconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));
    }
}

/// <summary>
/// Checks a local account's e-mail and password, and then its authenticator code, with a lockout per account (in
/// the database, so that every server counts the same) and a limit per network address (against one address trying
/// many accounts).
/// </summary>
public sealed class SignIn(LagesbildDb db, IPasswordHasher<User> hasher, Authenticator authenticator, AddressThrottle addresses, TimeProvider time, IOptions<LockoutOptions> options)
{
    public async Task<SignInOutcome> CheckAsync(string email, string password, IPAddress? address, CancellationToken cancellationToken)
    {
        if (addresses.HeldBack(address) is { } wait)
            return new SignInOutcome.LockedOut(wait);
        var normalized = email.Trim().ToLowerInvariant();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == normalized && u.IsActive && u.PasswordHash != "", cancellationToken);
        if (user is null)
        {
            // Spend the same time as a real check, so that timing does not tell which e-mails exist.
            hasher.VerifyHashedPassword(new User { Email = "", DisplayName = "" }, DummyHash, password);
            addresses.Failed(address);
            return new SignInOutcome.Failed();
        }
        if (LockedFor(user) is { } locked)
            return new SignInOutcome.LockedOut(locked);
        if (hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed)
            return await FailedAsync(user, address, cancellationToken);
        return user.TotpSecret is null ? new SignInOutcome.Success(user) : new SignInOutcome.NeedsCode(user);
    }

    /// <summary>The second step: a code from the authenticator app, or one of the recovery codes.</summary>
    public async Task<SignInOutcome> CheckCodeAsync(int userId, string code, IPAddress? address, CancellationToken cancellationToken)
    {
        if (addresses.HeldBack(address) is { } wait)
            return new SignInOutcome.LockedOut(wait);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId && u.IsActive, cancellationToken);
        if (user?.TotpSecret is null)
            return new SignInOutcome.Failed();
        if (LockedFor(user) is { } locked)
            return new SignInOutcome.LockedOut(locked);
        if (!authenticator.Accepts(user, code))
            return await FailedAsync(user, address, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new SignInOutcome.Success(user);
    }

    private TimeSpan? LockedFor(User user) =>
        user.LockedUntil is { } until && until > time.GetUtcNow() ? until - time.GetUtcNow() : null;

    private async Task<SignInOutcome> FailedAsync(User user, IPAddress? address, CancellationToken cancellationToken)
    {
        addresses.Failed(address);
        var limit = options.Value.MaxFailures;
        var until = time.GetUtcNow() + options.Value.Duration;
        // One statement, so that attempts at the same time on several servers all count.
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.FailedSignIns, u => u.FailedSignIns + 1 >= limit ? 0 : u.FailedSignIns + 1)
            .SetProperty(u => u.LockedUntil, u => u.FailedSignIns + 1 >= limit ? until : u.LockedUntil), cancellationToken);
        return new SignInOutcome.Failed();
    }

    private static readonly string DummyHash = new PasswordHasher<User>().HashPassword(new User { Email = "", DisplayName = "" }, "not a password");
}
