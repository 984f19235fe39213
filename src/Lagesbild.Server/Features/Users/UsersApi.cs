using System.Security.Claims;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lagesbild.Server.Features.Users;

/// <summary>Users and organisations. No self-registration: an administrator creates and manages every account.</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users").AddEndpointFilter(AdminOnly.Filter("manage users and organisations"));

        users.MapGet("/", async (UserAccounts accounts, CancellationToken ct) => TypedResults.Ok(await accounts.ListAsync(ct)))
            .WithSummary("All users, with last sign-in, lockout, TOTP and identity provider (administrators only).");

        users.MapGet("/{id:int}", async Task<Results<Ok<UserDto>, NotFound>> (int id, UserAccounts accounts, CancellationToken ct) =>
            await accounts.GetAsync(id, ct) is { } user ? TypedResults.Ok(user) : TypedResults.NotFound())
            .WithSummary("One user (administrators only).");

        users.MapPost("/", async (UserRequest request, ClaimsPrincipal principal, UserAccounts accounts, CancellationToken ct) =>
            (await accounts.CreateAsync(request, CurrentUser.From(principal), ct)).ToCreated(u => $"/api/users/{u.Id}"))
            .WithSummary("Create a local account in an organisation with roles (administrators only). The e-mail is unique: the same request again answers 409.");

        users.MapPut("/{id:int}", async (int id, UserUpdate request, ClaimsPrincipal principal, UserAccounts accounts, CancellationToken ct) =>
            (await accounts.UpdateAsync(id, request, CurrentUser.From(principal), ct)).ToResult())
            .WithSummary("Change a user's {displayName, organisationId, roles}; a change of roles or organisation ends the user's sessions. The last active administrator keeps the role (409).");

        users.MapPost("/{id:int}/deactivate", async (int id, ClaimsPrincipal principal, UserAccounts accounts, CancellationToken ct) =>
            (await accounts.DeactivateAsync(id, CurrentUser.From(principal), ct)).ToResult())
            .WithSummary("Deactivate a user: they cannot sign in and their sessions and tokens end. Not yourself, not the last active administrator (409).");

        users.MapPost("/{id:int}/activate", async (int id, ClaimsPrincipal principal, UserAccounts accounts, CancellationToken ct) =>
            (await accounts.ActivateAsync(id, CurrentUser.From(principal), ct)).ToResult())
            .WithSummary("Let a deactivated user sign in again.");

        users.MapPost("/{id:int}/password", async (int id, PasswordRequest request, ClaimsPrincipal principal, UserAccounts accounts, CancellationToken ct) =>
            (await accounts.SetPasswordAsync(id, request, CurrentUser.From(principal), ct)).ToResult())
            .WithSummary("Set a new password {password} for a local account; ends the user's sessions and clears the lockout. A provider's user has no password here (409).");

        users.MapPost("/{id:int}/unlock", async (int id, ClaimsPrincipal principal, UserAccounts accounts, CancellationToken ct) =>
            (await accounts.UnlockAsync(id, CurrentUser.From(principal), ct)).ToResult())
            .WithSummary("Clear a user's failed sign-ins and lockout.");

        users.MapPost("/{id:int}/reset-totp", async (int id, ClaimsPrincipal principal, UserAccounts accounts, CancellationToken ct) =>
            (await accounts.ResetTotpAsync(id, CurrentUser.From(principal), ct)).ToResult())
            .WithSummary("Remove a user's authenticator app and recovery codes (a lost phone); they set it up again after signing in.");

        var organisations = api.MapGroup("/organisations").WithTags("Users");
        organisations.MapGet("/", async (Organisations organisations, CancellationToken ct) => TypedResults.Ok(await organisations.ListAsync(ct)))
            .WithSummary("The organisations that take part.");
        var managed = organisations.MapGroup("/").AddEndpointFilter(AdminOnly.Filter("manage users and organisations"));
        managed.MapPost("/", async (OrganisationRequest request, ClaimsPrincipal principal, Organisations organisations, CancellationToken ct) =>
            (await organisations.CreateAsync(request, CurrentUser.From(principal), ct)).ToCreated(o => $"/api/organisations/{o.Id}"))
            .WithSummary("Create an organisation (administrators only).");
        managed.MapPut("/{id:int}", async (int id, OrganisationRequest request, ClaimsPrincipal principal, Organisations organisations, CancellationToken ct) =>
            (await organisations.UpdateAsync(id, request, CurrentUser.From(principal), ct)).ToResult())
            .WithSummary("Rename an organisation or change its kind {name, kind} (administrators only).");

        return api;
    }
}
