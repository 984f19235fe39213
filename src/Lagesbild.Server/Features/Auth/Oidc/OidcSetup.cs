using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Lagesbild.Server.Features.Auth.Oidc;

/// <summary>
/// Sign-in with the organisations' identity providers over OpenID Connect: one scheme per configured provider,
/// authorization code with PKCE. The provider only proves who the user is; the session is our own cookie, issued by
/// <see cref="Sessions"/> with our claims, as for a local account.
/// </summary>
public static class OidcSetup
{
    public static string SchemeOf(string provider) => $"oidc-{provider}";

    public static string CallbackPathOf(string provider) => $"/signin-oidc-{provider}";

    public static IServiceCollection AddOidcProviders(this IServiceCollection services)
    {
        // The providers are read when options are first needed, not while services are added, as the database is:
        // tests and hosts may set configuration after Program has added the services.
        services.AddOptions<OidcOptions>()
            .Configure<IConfiguration>((options, configuration) => configuration.GetSection(OidcOptions.Section).Bind(options.Providers))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<OidcOptions>, OidcOptionsValidation>();
        services.AddOptions<AuthenticationOptions>().Configure<IOptions<OidcOptions>>((authentication, oidc) =>
        {
            foreach (var (name, provider) in oidc.Value.Providers)
                authentication.AddScheme<OpenIdConnectHandler>(SchemeOf(name), provider.DisplayName);
        });
        // What AddOpenIdConnect would add for a scheme known while services are added.
        services.AddSingleton<IConfigureOptions<OpenIdConnectOptions>, ProviderSchemeOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OpenIdConnectOptions>, OpenIdConnectPostConfigureOptions>());
        services.AddScoped<ProviderSignIn>();
        return services;
    }

    public static IEndpointRouteBuilder MapOidcSignIn(this IEndpointRouteBuilder app)
    {
        // The provider buttons' target: a GET, so that the sign-in page stays a plain form without script.
        app.MapGet("/login/oidc/{name}", async Task<IResult> (string name, string? returnUrl, HttpContext context, IOptions<OidcOptions> options, ILogger<ProviderSignIn> logger) =>
        {
            if (!options.Value.Providers.ContainsKey(name))
                return TypedResults.NotFound();
            var target = ReturnUrls.Local(returnUrl);
            try
            {
                await context.ChallengeAsync(SchemeOf(name), new AuthenticationProperties { RedirectUri = target });
                return TypedResults.Empty;
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException && !context.Response.HasStarted)
            {
                // The discovery document could not be fetched: the provider is down or unreachable. Local accounts still work.
                logger.LogWarning(e, "The identity provider {Provider} did not answer the sign-in.", name);
                return TypedResults.LocalRedirect(ProviderButtonsQuery.Login(target, name, ProviderButtonsQuery.Unavailable));
            }
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>The OpenID Connect options of one provider's scheme, from its configuration.</summary>
    private sealed class ProviderSchemeOptions(IOptions<OidcOptions> oidc, TimeProvider time) : IConfigureNamedOptions<OpenIdConnectOptions>
    {
        public void Configure(OpenIdConnectOptions options) => Configure(Options.DefaultName, options);

        public void Configure(string? name, OpenIdConnectOptions options)
        {
            var (providerName, p) = oidc.Value.Providers.FirstOrDefault(p => SchemeOf(p.Key) == name);
            if (p is null)
                return;
            options.Authority = p.Authority;
            options.ClientId = p.ClientId;
            options.ClientSecret = string.IsNullOrEmpty(p.ClientSecret) ? null : p.ClientSecret;
            options.RequireHttpsMetadata = p.RequireHttpsMetadata;
            options.ResponseType = OpenIdConnectResponseType.Code;
            // The code comes back in the query of a top-level GET: the correlation and nonce cookies can then be
            // SameSite=Lax, and Secure as our own cookie is (over https), which also works on plain http loopback
            // (SameSite=None needs Secure, and a Secure cookie is not sent over http).
            options.ResponseMode = OpenIdConnectResponseMode.Query;
            options.CorrelationCookie.SameSite = SameSiteMode.Lax;
            options.NonceCookie.SameSite = SameSiteMode.Lax;
            options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.UsePkce = true;
            options.SaveTokens = false;
            options.GetClaimsFromUserInfoEndpoint = false;
            options.MapInboundClaims = false;
            options.DisableTelemetry = true;
            options.Scope.Clear();
            options.Scope.Add("openid");
            options.Scope.Add("profile");
            options.Scope.Add("email");
            options.CallbackPath = CallbackPathOf(providerName);
            options.SignedOutCallbackPath = $"/signout-callback-oidc-{providerName}";
            options.RemoteSignOutPath = $"/signout-oidc-{providerName}";
            options.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            options.TimeProvider = time;
            options.TokenValidationParameters.NameClaimType = "name";
            options.TokenValidationParameters.RoleClaimType = p.RoleClaim;
            options.Events = new OpenIdConnectEvents
            {
                // Not OnTokenValidated: the handler validates the nonce and at_hash of the token endpoint's answer
                // only after that event, and a sign-in there would skip those checks. The ticket comes after all of them.
                OnTicketReceived = context => context.HttpContext.RequestServices.GetRequiredService<ProviderSignIn>().CompleteAsync(context, providerName),
                OnRemoteFailure = context =>
                {
                    // A state or correlation mismatch, a token that fails validation, or the provider's own error.
                    context.HttpContext.RequestServices.GetRequiredService<ILogger<ProviderSignIn>>()
                        .LogWarning(context.Failure, "Sign-in with the identity provider {Provider} failed.", providerName);
                    context.HandleResponse();
                    context.Response.Redirect(ProviderButtonsQuery.Login(ReturnUrls.Local(context.Properties?.RedirectUri), providerName, ProviderButtonsQuery.Failed));
                    return Task.CompletedTask;
                },
            };
        }
    }
}

/// <summary>How the sign-in page is told that a provider's sign-in did not work (read by the provider buttons).</summary>
public static class ProviderButtonsQuery
{
    public const string Unavailable = "unavailable";
    public const string Failed = "failed";

    public static string Login(string returnUrl, string provider, string problem) =>
        $"/login?returnUrl={Uri.EscapeDataString(returnUrl)}&provider={Uri.EscapeDataString(provider)}&problem={problem}";
}
