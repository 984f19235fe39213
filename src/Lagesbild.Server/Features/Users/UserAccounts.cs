using System.Globalization;
using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Privacy;
using Lagesbild.Core.Validation;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Users;

/// <summary>
/// The account lifecycle as an administrator runs it, for the API and the admin page alike: create, change role and
/// organisation, deactivate, set a password, unlock, reset the authenticator. Every change is audited in the same
/// save, and a change of access ends the user's sessions (<see cref="User.RevokeSessions"/>).
/// </summary>
public sealed class UserAccounts(LagesbildDb db, IPasswordHasher<User> hasher, AuditTrail audit, TimeProvider time, SessionCheck sessions)
{
    /// <summary>The page and the API check alike: only administrators manage accounts.</summary>
    private static readonly Outcome<UserDto> NotAllowed = new Outcome<UserDto>.Refused("Only administrators manage users and organisations.");

    public async Task<List<UserDto>> ListAsync(CancellationToken ct) =>
        (await db.Users.AsNoTracking().Include(u => u.Organisation).OrderBy(u => u.Email).ToListAsync(ct)).Select(View).ToList();

    public async Task<UserDto?> GetAsync(int id, CancellationToken ct) =>
        await db.Users.AsNoTracking().Include(u => u.Organisation).SingleOrDefaultAsync(u => u.Id == id, ct) is { } user ? View(user) : null;

    public async Task<Outcome<UserDto>> CreateAsync(UserRequest request, CurrentUser actor, CancellationToken ct)
    {
        if (!Permissions.CanManageUsers(actor.Roles))
            return NotAllowed;
        var refusals = Check(request.DisplayName, request.Roles);
        var email = request.Email?.Trim().ToLowerInvariant() ?? "";
        if (email.Length is 0 or > 254 || !email.Contains('@', StringComparison.Ordinal) || !PlainText.IsName(email) || email.Contains(' ', StringComparison.Ordinal))
            refusals.Add("email", RefusalCodes.Invalid, "An e-mail address is required.");
        if (PasswordRefusal(request.Password, email, request.DisplayName) is { } password)
            refusals.Add(password);
        var organisation = await OrganisationAsync(request.OrganisationId, refusals, ct);
        if (refusals.Count > 0)
            return Outcome<UserDto>.Because(refusals);
        if (await db.Users.AnyAsync(u => u.Email == email, ct))
            return Outcome<UserDto>.ConflictAt(EmailTaken);
        var user = new User { Email = email, DisplayName = request.DisplayName!.Trim(), OrganisationId = organisation!.Id, Roles = request.Roles!.Distinct().Order().ToList(), CreatedAt = time.GetUtcNow() };
        user.PasswordHash = hasher.HashPassword(user, request.Password!);
        db.Users.Add(user);
        // The entry needs the id: the account and its entry are saved in one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another administrator created the same e-mail a moment before.
            return Outcome<UserDto>.ConflictAt(EmailTaken);
        }
        Audit(actor, "create-user", user, $"organisation {user.OrganisationId}; roles {Roles(user.Roles)}");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        user.Organisation = organisation;
        return View(user);
    }

    public Task<Outcome<UserDto>> UpdateAsync(int id, UserUpdate request, CurrentUser actor, CancellationToken ct) => ChangeAsync(id, actor, "update-user", async user =>
    {
        var refusals = Check(request.DisplayName, request.Roles);
        var organisation = await OrganisationAsync(request.OrganisationId, refusals, ct);
        if (refusals.Count > 0)
            return Outcome<string>.Because(refusals);
        var roles = request.Roles!.Distinct().Order().ToList();
        if (user.IsActive && user.Roles.Contains(Role.Admin) && !roles.Contains(Role.Admin) && await IsLastAdminAsync(user.Id, ct))
            return Outcome<string>.ConflictAt(LastAdministrator("roles"));
        var changes = new List<string>();
        if (!roles.SequenceEqual(user.Roles.Order()))
            changes.Add($"roles {Roles(user.Roles)} -> {Roles(roles)}");
        if (organisation!.Id != user.OrganisationId)
            changes.Add(string.Create(CultureInfo.InvariantCulture, $"organisation {user.OrganisationId} -> {organisation.Id}"));
        // Access changed: sessions and tokens issued under the old roles or organisation stop working.
        if (changes.Count > 0)
            user.RevokeSessions();
        var name = request.DisplayName!.Trim();
        if (name != user.DisplayName)
            changes.Add("display name");
        if (changes.Count == 0)
            return null;
        (user.Roles, user.OrganisationId, user.DisplayName) = (roles, organisation.Id, name);
        return string.Join("; ", changes);
    }, ct);

    public Task<Outcome<UserDto>> DeactivateAsync(int id, CurrentUser actor, CancellationToken ct) => ChangeAsync(id, actor, "deactivate-user", async user =>
    {
        if (!user.IsActive)
            return null;
        if (user.Id == actor.Id)
            return Outcome<string>.ConflictAt(new Refusal("id", RefusalCodes.OwnAccount, "You cannot deactivate your own account."));
        if (user.Roles.Contains(Role.Admin) && await IsLastAdminAsync(user.Id, ct))
            return Outcome<string>.ConflictAt(LastAdministrator("id"));
        user.IsActive = false;
        user.RevokeSessions();
        return "deactivated";
    }, ct);

    public Task<Outcome<UserDto>> ActivateAsync(int id, CurrentUser actor, CancellationToken ct) => ChangeAsync(id, actor, "activate-user", user =>
    {
        if (user.IsActive)
            return null;
        user.IsActive = true;
        return "activated";
    }, ct);

    public Task<Outcome<UserDto>> SetPasswordAsync(int id, PasswordRequest request, CurrentUser actor, CancellationToken ct) => ChangeAsync(id, actor, "set-password", user =>
    {
        if (user.ExternalProvider is { } provider)
            return Outcome<string>.ConflictAt(new Refusal("password", RefusalCodes.ExternalSignIn, $"This user signs in through {provider}; the password is kept there.", [provider]));
        if (PasswordRefusal(request.Password, user.Email, user.DisplayName) is { } refusal)
            return Outcome<string>.Field(refusal);
        user.PasswordHash = hasher.HashPassword(user, request.Password!);
        // Whoever knew the old password is signed out, and the owner of the new one is not held back by old failures.
        user.RevokeSessions();
        (user.FailedSignIns, user.LockedUntil) = (0, null);
        return "password set; sessions ended; lockout cleared";
    }, ct);

    public Task<Outcome<UserDto>> UnlockAsync(int id, CurrentUser actor, CancellationToken ct) => ChangeAsync(id, actor, "unlock-user", user =>
    {
        if (user.FailedSignIns == 0 && user.LockedUntil is null)
            return null;
        var detail = string.Create(CultureInfo.InvariantCulture, $"{user.FailedSignIns} failed sign-ins cleared");
        (user.FailedSignIns, user.LockedUntil) = (0, null);
        return detail;
    }, ct);

    public Task<Outcome<UserDto>> ResetTotpAsync(int id, CurrentUser actor, CancellationToken ct) => ChangeAsync(id, actor, "reset-totp", user =>
    {
        if (user.TotpSecret is null && user.RecoveryCodes is null)
            return null;
        (user.TotpSecret, user.RecoveryCodes, user.TotpLastStep) = (null, null, 0);
        return "authenticator and recovery codes removed";
    }, ct);

    private Task<Outcome<UserDto>> ChangeAsync(int id, CurrentUser actor, string action, Func<User, Outcome<string>?> change, CancellationToken ct) =>
        ChangeAsync(id, actor, action, user => Task.FromResult(change(user)), ct);

    /// <summary>
    /// Applies one change to a user and saves it with its audit entry, in one save. The change answers what it did
    /// (for the entry), a refusal, or null when there was nothing to do: then nothing is saved or audited.
    /// </summary>
    private async Task<Outcome<UserDto>> ChangeAsync(int id, CurrentUser actor, string action, Func<User, Task<Outcome<string>?>> change, CancellationToken ct)
    {
        if (!Permissions.CanManageUsers(actor.Roles))
            return NotAllowed;
        // One account change at a time, on every server: two administrators demoting each other at the same moment
        // must not both pass the last-administrator check.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.LockAsync(AccountChangesLock, ct);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
            return new Outcome<UserDto>.Missing();
        switch (await change(user))
        {
            case Outcome<string>.Done done:
                Audit(actor, action, user, done.Value);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                // This server sees the change at once; the others within the session check's recheck period.
                sessions.Forget(user.Id);
                break;
            case { } refusal:
                return refusal.As<UserDto>();
        }
        return (await GetAsync(id, ct))!;
    }

    private void Audit(CurrentUser actor, string action, User user, string detail) =>
        audit.Add(actor, action, nameof(User), user.Id.ToString(CultureInfo.InvariantCulture), Classification.Internal, detail: detail);

    /// <summary>The advisory lock key of account changes ("LagsUser").</summary>
    private const long AccountChangesLock = 0x4C61_6773_5573_6572;

    private async Task<bool> IsLastAdminAsync(int userId, CancellationToken ct)
    {
        // Roles are one column of names: read the active accounts' roles, few enough, rather than match text in SQL.
        var active = await db.Users.AsNoTracking().Where(u => u.IsActive && u.Id != userId).Select(u => u.Roles).ToListAsync(ct);
        return !active.Any(r => r.Contains(Role.Admin));
    }

    private async Task<Organisation?> OrganisationAsync(int? id, Refusals refusals, CancellationToken ct)
    {
        if (id is not { } known)
        {
            refusals.Add("organisationId", RefusalCodes.Required, "organisationId is required.");
            return null;
        }
        var organisation = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == known, ct);
        if (organisation is null)
            refusals.Add("organisationId", RefusalCodes.NotFound, "No organisation has this id.");
        return organisation;
    }

    private static Refusals Check(string? displayName, Role[]? roles)
    {
        var refusals = new Refusals();
        var name = displayName?.Trim() ?? "";
        if (name.Length is < 2 or > 200)
            refusals.Add("displayName", RefusalCodes.Invalid, "A name of 2 to 200 characters is required.");
        else if (!PlainText.IsName(name))
            refusals.Add("displayName", RefusalCodes.ControlCharacters, "The name contains control characters or direction marks; send plain text.");
        if (roles is not { Length: > 0 } || roles.Any(r => !Enum.IsDefined(r)))
            refusals.Add("roles", RefusalCodes.Required, "At least one known role is required.");
        return refusals;
    }

    private static Refusal? PasswordRefusal(string? password, string email, string? name) =>
        password is null ? new Refusal("password", RefusalCodes.Required, "A password is required.")
        : PasswordRules.Check(password, email, name) is { } problem ? PasswordRules.Refuse("password", problem)
        : null;

    private static readonly Refusal EmailTaken = new("email", RefusalCodes.Taken, "A user with this e-mail exists.");

    private static Refusal LastAdministrator(string field) =>
        new(field, RefusalCodes.LastAdministrator, "This is the last active administrator; make another user administrator first.");

    private static string Roles(IEnumerable<Role> roles) => string.Join(',', roles);

    private UserDto View(User u) => new(
        u.Id, u.Email, u.DisplayName, u.OrganisationId, u.Organisation?.Name, u.Roles, u.IsActive,
        u.LastSignInAt, u.LockedUntil is { } locked && locked > time.GetUtcNow() ? locked : null, u.TotpSecret is not null, u.ExternalProvider);
}
