using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lagesbild.Server.Features.Auth;

public sealed record LoginRequest([Required, EmailAddress, MaxLength(254)] string Email, [Required, MaxLength(200)] string Password, [MaxLength(40)] string? Code = null);

public sealed record MeResponse(int Id, string Name, int OrganisationId, IReadOnlyCollection<string> Roles);

public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Sign-in");

        group.MapPost("/login", async Task<Results<SignInHttpResult, ProblemHttpResult>> (
            LoginRequest request, HttpContext http, SignIn signIn, Sessions sessions, CancellationToken ct) =>
        {
            var address = http.Connection.RemoteIpAddress;
            var outcome = await signIn.CheckAsync(request.Email, request.Password, address, ct);
            if (outcome is SignInOutcome.NeedsCode needs)
            {
                if (request.Code is not { Length: > 0 } code)
                    return Refused(StatusCodes.Status401Unauthorized, "code", "This account signs in with a code from its authenticator app, or a recovery code.");
                outcome = await signIn.CheckCodeAsync(needs.User.Id, code, address, ct);
            }
            switch (outcome)
            {
                case SignInOutcome.Success success:
                    await sessions.RecordSignInAsync(success.User.Id, ct);
                    return TypedResults.SignIn(CurrentUser.Principal(success.User, BearerTokenDefaults.AuthenticationScheme), authenticationScheme: BearerTokenDefaults.AuthenticationScheme);
                case SignInOutcome.LockedOut locked:
                    http.Response.Headers.RetryAfter = locked.Seconds.ToString(CultureInfo.InvariantCulture);
                    return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many wrong attempts.",
                        detail: $"Sign-in is held back; try again in {locked.Seconds} seconds.");
                default:
                    return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: request.Code is null ? "Wrong e-mail or password." : "Wrong e-mail, password or code.");
            }
        })
        .AllowAnonymous()
        .WithSummary("Sign in a local account with e-mail, password and, when the account has an authenticator app, its code; answers {tokenType, accessToken, expiresIn, refreshToken} for scripts (bearer). Ten wrong attempts in a row lock the account for a while (429 with Retry-After).");

        group.MapGet("/me", (ClaimsPrincipal principal) =>
        {
            var user = CurrentUser.From(principal);
            return TypedResults.Ok(new MeResponse(user.Id, user.Name, user.OrganisationId, user.Roles.Select(r => r.ToString()).ToArray()));
        })
        .RequireAuthorization()
        .WithSummary("The signed-in user.");

        // The web UI's sign-out: a form post, so that a link cannot sign anyone out.
        app.MapPost("/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.LocalRedirect("/login");
        }).RequireAuthorization().ExcludeFromDescription();

        return app;
    }

    private static ProblemHttpResult Refused(int status, string field, string message) =>
        TypedResults.Problem(statusCode: status, title: message, extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });
}
