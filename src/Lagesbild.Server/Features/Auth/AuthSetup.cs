using Lagesbild.Data;
using Lagesbild.Server.Features.Auth.Oidc;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Auth;

public static class AuthSetup
{
    /// <summary>Picks bearer for scripts that send a token, the cookie for the web UI.</summary>
    public const string Scheme = "CookieOrBearer";

    public static IServiceCollection AddLagesbildAuth(this IServiceCollection services)
    {
        // Keys under the data folder (one node) or in the database (every node), so that sign-ins and tokens survive a restart.
        services.AddDataProtection().SetApplicationName("Lagesbild");
        services.AddOptions<KeyStoreOptions>().BindConfiguration(KeyStoreOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<DataOptions>, IOptions<KeyStoreOptions>, IServiceProvider>((keys, data, store, provider) =>
            keys.XmlRepository = store.Value.Keys == KeyStore.Database
                ? new EntityFrameworkCoreXmlRepository<LagesbildDb>(provider, provider.GetRequiredService<ILoggerFactory>())
                : OwnerOnlyKeys.In(data.Value.Directory));
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, Scheme, o => o.ForwardDefaultSelector = context =>
                PersonalTokenHandler.Carries(context.Request) ? PersonalTokenHandler.SchemeName
                : context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || HubToken(context.Request) is not null
                    ? BearerTokenDefaults.AuthenticationScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, PersonalTokenHandler>(PersonalTokenHandler.SchemeName, null)
            .AddBearerToken(o =>
            {
                o.BearerTokenExpiration = TimeSpan.FromHours(8);
                // A WebSocket cannot carry an Authorization header: SignalR clients send the token in the query.
                o.Events = new BearerTokenEvents { OnMessageReceived = context => { context.Token ??= HubToken(context.Request); return Task.CompletedTask; } };
            })
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.SlidingExpiration = true;
                o.Cookie.Name = "lagesbild";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                // An API caller gets a status code, never a redirect to the sign-in page.
                o.Events.OnRedirectToLogin = context => ApiStatusOrRedirect(context.HttpContext, context.RedirectUri, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => ApiStatusOrRedirect(context.HttpContext, context.RedirectUri, StatusCodes.Status403Forbidden);
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<SessionOptions>>((cookie, session) => cookie.ExpireTimeSpan = session.Value.IdleTimeout);
        services.AddOptions<SessionOptions>().BindConfiguration(SessionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LockoutOptions>().BindConfiguration(LockoutOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SessionCheck>();
        services.AddSingleton<HubSessions>();
        services.AddHostedService<HubSessionSweep>();
        services.AddScoped<AuthenticationStateProvider, CircuitSessionCheck>();
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddScoped<SignIn>();
        services.AddSingleton<AddressThrottle>();
        services.AddSingleton<Authenticator>();
        services.AddSingleton<SecondStep>();
        services.AddScoped<PersonalTokens>();
        services.AddScoped<Accounts>();
        services.AddScoped<Sessions>();
        services.AddHttpContextAccessor();
        services.AddScoped<AuditTrail>();
        services.AddScoped<Readers>();
        services.AddOidcProviders();
        return services;
    }

    /// <summary>Sign-in and sign-out, the start page of each role, the organisations' providers and one's own account.</summary>
    public static IEndpointRouteBuilder MapLagesbildAuth(this IEndpointRouteBuilder app)
    {
        app.MapAuthApi();
        app.MapStartPage();
        app.MapOidcSignIn();
        app.MapApi().MapAccountApi();
        return app;
    }

    /// <summary>The bearer token a SignalR client sends as access_token in the query, on the hubs' paths only.</summary>
    public static string? HubToken(HttpRequest request) =>
        request.Path.StartsWithSegments("/hubs") && request.Query["access_token"].FirstOrDefault() is { Length: > 0 } token ? token : null;

    private static Task ApiStatusOrRedirect(HttpContext context, string redirectUri, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs") || context.Request.Path.StartsWithSegments("/ogc"))
            context.Response.StatusCode = status;
        else
            context.Response.Redirect(redirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>Where the keys that protect sign-ins, tokens and stored secrets (sensor, panel and camera keys) are kept.</summary>
public enum KeyStore
{
    /// <summary>Files under the data folder: one node.</summary>
    Folder,

    /// <summary>A table of the database: every node on that database shares them.</summary>
    Database,
}

public sealed class KeyStoreOptions
{
    public const string Section = "DataProtection";

    public KeyStore Keys { get; set; } = KeyStore.Folder;
}

/// <summary>The sign-in keys in a folder and files only the service's user can read (see <see cref="OwnerOnly"/>).</summary>
public sealed class OwnerOnlyKeys : FileSystemXmlRepository
{
    private OwnerOnlyKeys(DirectoryInfo folder)
        : base(folder, NullLoggerFactory.Instance)
    {
    }

    /// <summary>The keys folder under the data folder, both created for the owner only (PostgreSQL leaves the data folder to the keys).</summary>
    public static OwnerOnlyKeys In(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "keys");
        OwnerOnly.CreateFolder(dataDirectory);
        OwnerOnly.CreateFolder(path);
        return new OwnerOnlyKeys(new DirectoryInfo(path));
    }

    public override void StoreElement(System.Xml.Linq.XElement element, string friendlyName)
    {
        base.StoreElement(element, friendlyName);
        foreach (var key in Directory.EnumerateFiles("*.xml"))
            OwnerOnly.Restrict(key.FullName);
    }
}
