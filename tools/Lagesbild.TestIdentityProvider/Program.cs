using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Lagesbild.TestIdentityProvider;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

// An OpenID provider for the tests, on OpenIddict's server: authorization code with PKCE, discovery, JWKS and ID
// tokens with the client's nonce, on a loopback port. Users sign in by typing their name (users.json).
// Usage: Lagesbild.TestIdentityProvider --port 5999 [--users users.json]
var port = Argument("--port") is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : throw new ArgumentException("--port PORT is required.");
var accounts = Accounts.Load(Argument("--users") ?? Path.Combine(AppContext.BaseDirectory, "users.json"));
var issuer = new Uri($"http://127.0.0.1:{port}/");
var signingKey = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "lagesbild-test-provider" };
var flawed = new FlawedTokens(new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256), issuer, TimeProvider.System);

var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls(issuer.AbsoluteUri);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
// Keys in memory: a test run's provider leaves nothing behind.
builder.Services.AddSingleton<IDataProtectionProvider, EphemeralDataProtectionProvider>();
builder.Services.AddOpenIddict().AddServer(options =>
{
    options.SetIssuer(issuer);
    options.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
    options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
    options.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email);
    options.AddSigningKey(signingKey);
    options.AddEphemeralEncryptionKey();
    // No database: the clients are the file's, checked by the two handlers below; codes are self-contained.
    options.EnableDegradedMode();
    options.UseAspNetCore()
        .EnableAuthorizationEndpointPassthrough()
        .EnableTokenEndpointPassthrough()
        .DisableTransportSecurityRequirement();
    options.AddEventHandler<ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
    {
        if (accounts.ClientOf(context.ClientId) is not { } client)
            context.Reject(Errors.InvalidClient, "Unknown client_id.");
        else if (!client.Accepts(context.RedirectUri))
            context.Reject(Errors.InvalidRequest, $"redirect_uri must be http://<loopback>:<any port>{client.RedirectPath}.");
        return default;
    }));
    options.AddEventHandler<ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
    {
        var client = accounts.ClientOf(context.ClientId);
        if (client is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(client.ClientSecret), Encoding.UTF8.GetBytes(context.ClientSecret ?? "")))
            context.Reject(Errors.InvalidClient, "Unknown client or wrong client_secret.");
        return default;
    }));
});

var app = builder.Build();

app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], async (HttpContext http) =>
{
    var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
    var name = http.Request.HasFormContentType ? http.Request.Form["username"].ToString() : null;
    if (accounts.UserOf(name) is not { } user)
        return Results.Content(LoginPage(request, name), "text/html; charset=utf-8");

    var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
    identity.AddClaim(new Claim(Claims.Subject, user.Subject));
    identity.AddClaim(new Claim(Claims.Name, user.DisplayName));
    identity.AddClaim(new Claim(Claims.Email, user.Email));
    foreach (var group in user.Groups)
        identity.AddClaim(new Claim("groups", group));
    // Kept in the authorization code only (no destination), for the token endpoint's hand-made tokens.
    if (user.Flaw is not null)
    {
        identity.AddClaim(new Claim("test_user", user.Name));
        identity.AddClaim(new Claim("test_nonce", request.Nonce ?? ""));
    }
    identity.SetScopes(request.GetScopes());
    identity.SetDestinations(claim => claim.Type is "test_user" or "test_nonce" ? [] : [Destinations.IdentityToken, Destinations.AccessToken]);
    return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
});

app.MapPost("/connect/token", async (HttpContext http) =>
{
    var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
    if (!request.IsAuthorizationCodeGrantType())
        return Results.BadRequest();
    // OpenIddict has checked the code, the client, the redirect_uri and the PKCE verifier.
    var principal = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal
        ?? throw new InvalidOperationException("The authorization code holds no user.");
    if (accounts.UserOf(principal.GetClaim("test_user")) is { Flaw: not null } flawedUser)
        return Results.Json(flawed.TokenResponse(flawedUser, request.ClientId!, principal.GetClaim("test_nonce")));
    return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
});

app.Run();

string? Argument(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

static string LoginPage(OpenIddictRequest request, string? tried)
{
    var hidden = new StringBuilder();
    foreach (var (key, value) in request.GetParameters())
        hidden.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(key)}\" value=\"{WebUtility.HtmlEncode(value.ToString())}\">");
    var error = tried is { Length: > 0 } ? $"<p role=\"alert\">Okänd användare: {WebUtility.HtmlEncode(tried)}</p>" : "";
    return $"""
        <!doctype html>
        <html lang="sv"><head><meta charset="utf-8"><title>Testleverantör – logga in</title></head>
        <body><main><h1>Testleverantör</h1>{error}
        <form method="post" action="/connect/authorize">{hidden}
        <label for="username">Användarnamn</label> <input id="username" name="username" autocomplete="off" required>
        <button type="submit">Fortsätt</button></form></main></body></html>
        """;
}
