using System.ComponentModel.DataAnnotations;
using Lagesbild.Core.Access;

namespace Lagesbild.Server.Features.Users;

public sealed record UserRequest(
    [property: Required, EmailAddress, MaxLength(254)] string? Email,
    [property: Required, StringLength(200, MinimumLength = 2)] string? DisplayName,
    [property: Required, StringLength(200, MinimumLength = 12)] string? Password,
    [property: Required] int? OrganisationId,
    [property: Required, MinLength(1)] Role[]? Roles);

/// <summary>What an administrator changes on an account; the e-mail is the sign-in name and stays.</summary>
public sealed record UserUpdate(
    [property: Required, StringLength(200, MinimumLength = 2)] string? DisplayName,
    [property: Required] int? OrganisationId,
    [property: Required, MinLength(1)] Role[]? Roles);

/// <summary>A new password an administrator sets for a local account.</summary>
public sealed record PasswordRequest([property: Required, StringLength(200, MinimumLength = 12)] string? Password);

/// <summary>An account as the administrator sees it: never the password, the TOTP secret or the recovery codes.</summary>
public sealed record UserDto(
    int Id,
    string Email,
    string DisplayName,
    int OrganisationId,
    string? Organisation,
    IReadOnlyList<Role> Roles,
    bool IsActive,
    DateTimeOffset? LastSignInAt,
    DateTimeOffset? LockedUntil,
    bool TotpEnabled,
    string? ExternalProvider);

public sealed record OrganisationRequest([property: Required, StringLength(200, MinimumLength = 2)] string? Name, [property: Required] OrganisationKind? Kind);

public sealed record OrganisationDto(int Id, string Name, OrganisationKind Kind);
