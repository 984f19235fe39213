using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lagesbild.Server.Features.Auth;

public sealed record PasswordChange([property: Required, MaxLength(200)] string? CurrentPassword, [property: Required, MaxLength(200)] string? NewPassword);

public sealed record AuthenticatorOn([property: Required, MaxLength(2000)] string? SetupToken, [property: Required, MaxLength(40)] string? Code);

public sealed record CodeRequest([property: Required, MaxLength(40)] string? Code);

public sealed record PersonalTokenRequest([property: Required, StringLength(200, MinimumLength = 2)] string? Name, [property: Range(1, 366)] int? ExpiresInDays);

/// <summary>The signed-in user's own account, and the administrators' view of everyone's personal tokens.</summary>
public static class AccountApi
{
    public static RouteGroupBuilder MapAccountApi(this RouteGroupBuilder api)
    {
        var account = api.MapGroup("/account").WithTags("Account");
        account.MapGet("/", async Task<Results<Ok<AccountView>, NotFound>> (ClaimsPrincipal principal, Accounts accounts, CancellationToken ct) =>
            await accounts.ViewAsync(CurrentUser.From(principal).Id, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound())
            .WithSummary("Your account: organisation, roles, identity provider, whether the authenticator app is on, recovery codes left, last sign-in.");
        account.MapPost("/password", async (PasswordChange request, ClaimsPrincipal principal, Accounts accounts, CancellationToken ct) =>
            (await accounts.ChangePasswordAsync(CurrentUser.From(principal), request.CurrentPassword!, request.NewPassword!, ct)).ToResult())
            .WithSummary("Change your password (local accounts). Every session and token of yours ends, this one too: sign in again.");
        account.MapPost("/authenticator/setup", async (ClaimsPrincipal principal, Accounts accounts, CancellationToken ct) =>
            (await accounts.StartAuthenticatorAsync(CurrentUser.From(principal), ct)).ToResult())
            .WithSummary("Start setting up an authenticator app: {key, uri, qrCode, setupToken}; nothing is stored until a code confirms it.");
        account.MapPost("/authenticator", async (AuthenticatorOn request, ClaimsPrincipal principal, Accounts accounts, CancellationToken ct) =>
            (await accounts.TurnOnAuthenticatorAsync(CurrentUser.From(principal), request.SetupToken!, request.Code!, ct)).ToResult())
            .WithSummary("Turn the authenticator app on with the setup token and a code from the app; answers ten recovery codes, shown this once.");
        account.MapPost("/authenticator/off", async (CodeRequest request, ClaimsPrincipal principal, Accounts accounts, CancellationToken ct) =>
            (await accounts.TurnOffAuthenticatorAsync(CurrentUser.From(principal), request.Code!, ct)).ToResult())
            .WithSummary("Turn the authenticator app off, with a current code or a recovery code.");
        account.MapPost("/recovery-codes", async (CodeRequest request, ClaimsPrincipal principal, Accounts accounts, CancellationToken ct) =>
            (await accounts.NewRecoveryCodesAsync(CurrentUser.From(principal), request.Code!, ct)).ToResult())
            .WithSummary("New recovery codes in place of the old, with a current code.");

        account.MapGet("/tokens", async (ClaimsPrincipal principal, PersonalTokens tokens, CancellationToken ct) =>
            TypedResults.Ok(await tokens.OfAsync(CurrentUser.From(principal).Id, ct)))
            .WithSummary("Your personal API tokens (never the tokens themselves).");
        account.MapPost("/tokens", async (PersonalTokenRequest request, ClaimsPrincipal principal, PersonalTokens tokens, CancellationToken ct) =>
        {
            var token = await tokens.CreateAsync(CurrentUser.From(principal), request.Name!, request.ExpiresInDays, ct);
            return TypedResults.Created($"/api/account/tokens/{token.Id}", token);
        })
        .WithSummary("Make a personal API token for scripts: send it as 'Authorization: Bearer <token>'. Shown this once; stored as a hash.");
        account.MapDelete("/tokens/{id:int}", (int id, ClaimsPrincipal principal, PersonalTokens tokens, CancellationToken ct) =>
            RevokeAsync(id, CurrentUser.From(principal), ownOnly: true, tokens, ct))
            .WithSummary("Revoke one of your personal tokens; it stops working at once.");

        var all = api.MapGroup("/personal-tokens").WithTags("Account").AddEndpointFilter(AdminOnly.Filter("see and revoke everyone's personal tokens"));
        all.MapGet("/", async (PersonalTokens tokens, CancellationToken ct) => TypedResults.Ok(await tokens.OfAsync(null, ct)))
            .WithSummary("Every user's personal tokens (administrators only).");
        all.MapDelete("/{id:int}", (int id, ClaimsPrincipal principal, PersonalTokens tokens, CancellationToken ct) =>
            RevokeAsync(id, CurrentUser.From(principal), ownOnly: false, tokens, ct))
            .WithSummary("Revoke anyone's personal token (administrators only).");
        return api;
    }

    private static async Task<Results<NoContent, NotFound>> RevokeAsync(int id, CurrentUser user, bool ownOnly, PersonalTokens tokens, CancellationToken ct) =>
        await tokens.RevokeAsync(id, user, ownOnly, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
}
