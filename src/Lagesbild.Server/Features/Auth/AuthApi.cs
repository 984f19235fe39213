using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lagesbild.Server.Features.Auth;

public sealed record LoginRequest([Required, EmailAddress, MaxLength(254)] string Email, [Required, MaxLength(200)] string Password);

public sealed record MeResponse(int Id, string Name, int OrganisationId, IReadOnlyCollection<string> Roles);

public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Sign-in");

        group.MapPost("/login", async Task<Results<SignInHttpResult, ProblemHttpResult>> (LoginRequest request, SignIn signIn, Sessions sessions, CancellationToken ct) =>
        {
            var user = await signIn.CheckAsync(request.Email, request.Password, ct);
            if (user is null)
                return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Wrong e-mail or password.");
            await sessions.RecordSignInAsync(user.Id, ct);
            return TypedResults.SignIn(CurrentUser.Principal(user, BearerTokenDefaults.AuthenticationScheme), authenticationScheme: BearerTokenDefaults.AuthenticationScheme);
        })
        .AllowAnonymous()
        .WithSummary("Sign in with e-mail and password; answers {tokenType, accessToken, expiresIn, refreshToken} for scripts (bearer).");

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
}
