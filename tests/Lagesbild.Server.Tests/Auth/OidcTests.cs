using System.Net;
using System.Net.Http.Json;
using Lagesbild.Core.Access;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Auth.Oidc;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Auth;

/// <summary>
/// A server with two identity providers: "stockholm", the real test provider that scripts/test starts
/// (LAGESBILD_TEST_OIDC), and "nere", a provider on a port where nothing listens.
/// </summary>
public abstract class OidcFactory : LagesbildFactory
{
    public const string Variable = "LAGESBILD_TEST_OIDC";

    protected OidcFactory(TestStore store) : base(store)
    {
        // The provider's tokens and the handler's cookies carry the real time; the test clock must agree with it.
        Clock.SetUtcNow(TimeProvider.System.GetUtcNow());
    }

    public static string TestProvider() => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } url ? url
        : throw new InvalidOperationException($"{Variable} is not set: run scripts/test, which starts the test OpenID provider (tools/Lagesbild.TestIdentityProvider) on loopback, or start it with --port and set {Variable}=http://127.0.0.1:PORT.");

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("Authentication:Oidc:stockholm:Authority", TestProvider()),
        new("Authentication:Oidc:stockholm:ClientId", "lagesbild-stockholm"),
        new("Authentication:Oidc:stockholm:ClientSecret", "stockholm-test-secret"),
        new("Authentication:Oidc:stockholm:DisplayName", "Stockholms stad"),
        new("Authentication:Oidc:stockholm:RequireHttpsMetadata", "false"),
        new("Authentication:Oidc:stockholm:GroupMap:lagesbild-samordnare:Role", "Coordinator"),
        new("Authentication:Oidc:stockholm:GroupMap:lagesbild-samordnare:Organisation", "Testkommunen"),
        // Port 9 (discard) on loopback: nothing listens, the discovery document cannot be fetched.
        new("Authentication:Oidc:nere:Authority", "http://127.0.0.1:9/"),
        new("Authentication:Oidc:nere:ClientId", "lagesbild"),
        new("Authentication:Oidc:nere:DisplayName", "Nere kommun"),
        new("Authentication:Oidc:nere:RequireHttpsMetadata", "false"),
    ];

    /// <summary>A browser of the test's own: cookies kept, redirects not followed (the test follows them).</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>The user's way through the provider: the button, the provider's login form, and back to our callback (not yet called).</summary>
    public static async Task<Uri> AuthorizeAsync(HttpClient browser, string user, string returnUrl = "/")
    {
        using var challenge = await browser.GetAsync($"/login/oidc/stockholm?returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        var parameters = QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal("S256", parameters["code_challenge_method"]);
        Assert.Equal("code", parameters["response_type"]);
        Assert.False(string.IsNullOrEmpty(parameters["nonce"]));

        using var provider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var form = parameters.ToDictionary(p => p.Key, p => p.Value.ToString());
        form["username"] = user;
        using var login = await provider.PostAsync(authorize.GetLeftPart(UriPartial.Path), new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var callback = login.Headers.Location!;
        Assert.Equal(OidcSetup.CallbackPathOf("stockholm"), callback.AbsolutePath);
        return callback;
    }

    /// <summary>Signs in through the provider; answers where our callback sends the browser.</summary>
    public static async Task<Uri> SignInAsync(HttpClient browser, string user, string returnUrl = "/")
    {
        var callback = await AuthorizeAsync(browser, user, returnUrl);
        using var response = await browser.GetAsync(callback.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }
}

public sealed class OidcSqlite() : OidcFactory(new SqliteStore());

public sealed class OidcPostgres() : OidcFactory(new PostgresStore());

public abstract class OidcTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : OidcFactory
{
    [Fact]
    public async Task A_mapped_user_is_created_with_the_mapped_role_and_signed_in_with_our_own_cookie()
    {
        using var browser = app.Browser();

        var landed = await OidcFactory.SignInAsync(browser, "stina", "/scenes?week=48");

        Assert.Equal("/scenes?week=48", landed.OriginalString);
        var user = await app.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.ExternalProvider == "stockholm" && u.ExternalSubject == "sub-stina"));
        Assert.Equal(("stina@stockholm.example", "Stina Server"), (user.Email, user.DisplayName));
        Assert.Equal([Role.Coordinator], user.Roles);
        var me = await browser.GetFromJsonAsync<MeResponse>("/api/auth/me");
        // Our claims (our id, organisation and role), not the provider's.
        Assert.Equal((user.Id, user.OrganisationId, "Stina Server"), (me!.Id, me.OrganisationId, me.Name));
        Assert.Equal(["Coordinator"], me.Roles);
        Assert.NotNull(user.LastSignInAt);
        Assert.True(await app.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "sign-in" && a.UserId == user.Id && a.Detail!.Contains("stockholm"))));
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("wrong-issuer")]
    [InlineData("wrong-audience")]
    [InlineData("wrong-nonce")]
    [InlineData("bad-signature")]
    public async Task An_ID_token_with_a_flaw_is_refused_and_signs_no_one_in(string flawedUser)
    {
        using var browser = app.Browser();

        var landed = await OidcFactory.SignInAsync(browser, flawedUser);

        Assert.Equal("/login", landed.PathOf());
        Assert.Equal(ProviderButtonsQuery.Failed, QueryHelpers.ParseQuery(landed.QueryOf())["problem"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/auth/me")).StatusCode);
        Assert.False(await app.QueryAsync(db => db.Users.AnyAsync(u => u.ExternalSubject == $"sub-{flawedUser}")));
    }

    [Fact]
    public async Task A_hand_made_token_without_a_flaw_is_accepted_so_the_flawed_ones_fail_for_their_flaw_alone()
    {
        using var browser = app.Browser();

        Assert.Equal("/", (await OidcFactory.SignInAsync(browser, "honest-crafted")).OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task A_callback_whose_state_was_changed_is_refused()
    {
        using var browser = app.Browser();
        var callback = await OidcFactory.AuthorizeAsync(browser, "stina");
        var query = QueryHelpers.ParseQuery(callback.Query);
        var state = query["state"].ToString();
        var tampered = QueryHelpers.AddQueryString(callback.AbsolutePath, new Dictionary<string, string?>
        {
            ["code"] = query["code"],
            ["state"] = state[..^4] + (state.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"),
            ["iss"] = query["iss"],
        });

        using var response = await browser.GetAsync(tampered);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(ProviderButtonsQuery.Failed, QueryHelpers.ParseQuery(response.Headers.Location!.QueryOf())["problem"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task A_callback_started_in_another_browser_is_refused()
    {
        // Login CSRF: an attacker starts a sign-in as themselves and hands the victim the callback link.
        using var attacker = app.Browser();
        var callback = await OidcFactory.AuthorizeAsync(attacker, "stina");
        using var victim = app.Browser();

        using var response = await victim.GetAsync(callback.PathAndQuery);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(ProviderButtonsQuery.Failed, QueryHelpers.ParseQuery(response.Headers.Location!.QueryOf())["problem"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await victim.GetAsync("/api/auth/me")).StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("http:/evil.example")]
    public async Task A_return_url_to_another_site_lands_on_the_start_page(string returnUrl)
    {
        using var browser = app.Browser();

        var landed = await OidcFactory.SignInAsync(browser, "sven", returnUrl);

        Assert.Equal("/start", landed.OriginalString); // the user's own start page
    }

    [Fact]
    public async Task An_unmapped_user_is_refused_no_user_is_created_and_the_refusal_is_audited()
    {
        using var browser = app.Browser();

        var landed = await OidcFactory.SignInAsync(browser, "olle");

        Assert.Equal("/login/refused?provider=stockholm&reason=Unmapped", landed.OriginalString);
        Assert.False(await app.QueryAsync(db => db.Users.AnyAsync(u => u.ExternalSubject == "sub-olle" || u.Email == "olle@stockholm.example")));
        var entry = await app.QueryAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "sign-in-refused" && a.ActorName == "stockholm:sub-olle"));
        Assert.Null(entry.UserId);
        Assert.Contains("alla-anstallda", entry.Detail);
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync(landed.OriginalString));
        Assert.Contains("Stockholms stad bekräftade vem du är, men ingen av dina grupper där ger en roll i Lägesbild.", page);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task A_deactivated_user_is_refused_although_the_provider_says_yes()
    {
        var dora = await AddProviderUserAsync("dora", Role.Coordinator, active: false);
        using var browser = app.Browser();

        var landed = await OidcFactory.SignInAsync(browser, "dora");

        Assert.Equal("/login/refused?provider=stockholm&reason=Deactivated", landed.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/auth/me")).StatusCode);
        Assert.True(await app.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "sign-in-refused" && a.UserId == dora.Id)));
    }

    [Fact]
    public async Task Role_and_organisation_follow_the_providers_groups_and_the_change_ends_older_sessions()
    {
        var rolf = await AddProviderUserAsync("rolf", Role.Analyst, active: true);
        using var browser = app.Browser();

        await OidcFactory.SignInAsync(browser, "rolf");

        var after = await app.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == rolf.Id));
        Assert.Equal([Role.Coordinator], after.Roles);
        Assert.Equal(await app.QueryAsync(db => db.Organisations.Where(o => o.Name == "Testkommunen").Select(o => o.Id).SingleAsync()), after.OrganisationId);
        Assert.NotEqual(rolf.SecurityStamp, after.SecurityStamp);
        Assert.Equal(["Coordinator"], (await browser.GetFromJsonAsync<MeResponse>("/api/auth/me"))!.Roles);
    }

    [Fact]
    public async Task A_local_account_with_the_same_e_mail_is_not_taken_over()
    {
        var local = await app.QueryAsync(async db =>
        {
            var user = new User { Email = "samma@test.example", DisplayName = "Lokalt konto", OrganisationId = await db.Organisations.Select(o => o.Id).FirstAsync(), Roles = [Role.Analyst], PasswordHash = "x" };
            db.Users.Add(user);
            await db.SaveChangesAsync();
            return user;
        });
        using var browser = app.Browser();

        var landed = await OidcFactory.SignInAsync(browser, "lokal");

        Assert.Equal("/login/refused?provider=stockholm&reason=EmailTaken", landed.OriginalString);
        var stored = await app.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == "samma@test.example"));
        Assert.Equal((local.Id, (string?)null), (stored.Id, stored.ExternalProvider));
    }

    [Fact]
    public async Task A_provider_that_does_not_answer_sends_the_user_back_to_the_sign_in_page_with_a_clear_message()
    {
        using var browser = app.Browser();

        using var response = await browser.GetAsync("/login/oidc/nere?returnUrl=%2Fscenes");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var login = response.Headers.Location!.OriginalString;
        Assert.Equal("/login?returnUrl=%2Fscenes&provider=nere&problem=unavailable", login);
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync(login));
        Assert.Contains("Inloggningen hos Nere kommun svarar inte. Försök igen om en stund, eller logga in med ditt lokala konto.", page);
        Assert.Contains("Logga in med Stockholms stad", page);
    }

    [Fact]
    public async Task An_unknown_provider_is_not_found()
    {
        using var browser = app.Browser();
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/login/oidc/okand")).StatusCode);
    }

    [Fact]
    public async Task The_sign_in_pages_policy_lets_its_forms_go_on_to_the_configured_providers_and_nowhere_else()
    {
        using var browser = app.Browser();

        using var page = await browser.GetAsync("/login");

        var formAction = string.Join("", page.Headers.GetValues("Content-Security-Policy")).Split(';')
            .Select(d => d.Trim()).Single(d => d.StartsWith("form-action", StringComparison.Ordinal));
        var provider = new Uri(OidcFactory.TestProvider()).GetLeftPart(UriPartial.Authority);
        string[] expected = ["form-action", "'self'", "http://127.0.0.1:9", provider];
        Assert.Equal(expected.Order(StringComparer.Ordinal), formAction.Split(' ').Order(StringComparer.Ordinal));
    }

    private Task<User> AddProviderUserAsync(string name, Role role, bool active) => app.QueryAsync(async db =>
    {
        var elsewhere = new Organisation { Name = $"Annan organisation {name}", Kind = OrganisationKind.Other };
        db.Organisations.Add(elsewhere);
        await db.SaveChangesAsync();
        var user = new User
        {
            Email = $"{name}@stockholm.example",
            DisplayName = name,
            OrganisationId = elsewhere.Id,
            Roles = [role],
            IsActive = active,
            ExternalProvider = "stockholm",
            ExternalSubject = $"sub-{name}",
        };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    });
}

public sealed class OidcTestsOnSqlite(OidcSqlite app) : OidcTests<OidcSqlite>(app);

public sealed class OidcTestsOnPostgres(OidcPostgres app) : OidcTests<OidcPostgres>(app);

internal static class RelativeUris
{
    /// <summary>The path of a Location that may be relative ("/login?x=1").</summary>
    public static string PathOf(this Uri uri) => uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0];

    public static string QueryOf(this Uri uri) => uri.IsAbsoluteUri ? uri.Query : uri.OriginalString.Contains('?', StringComparison.Ordinal) ? uri.OriginalString[uri.OriginalString.IndexOf('?', StringComparison.Ordinal)..] : "";
}

public sealed class OidcOptionsValidationTests
{
    [Fact]
    public void A_wrong_provider_is_refused_at_start_naming_each_key_to_fix()
    {
        var options = new OidcOptions();
        options.Providers["Stockholm"] = new OidcProviderOptions
        {
            Authority = "http://sso.example/realms/stad",
            DisplayName = "",
            GroupMap = { ["samordnare"] = new GroupMapOptions { Role = "Samordnare", Organisation = "" } },
        };

        var result = new OidcOptionsValidation().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("Authentication:Oidc:Stockholm: a provider's name is lower-case", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Authentication:Oidc:Stockholm:Authority is http: set Authentication:Oidc:Stockholm:RequireHttpsMetadata to false", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Authentication:Oidc:Stockholm:ClientId is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Authentication:Oidc:Stockholm:DisplayName is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Authentication:Oidc:Stockholm:GroupMap:samordnare:Role is \"Samordnare\"; it must be one of Coordinator, Police", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Authentication:Oidc:Stockholm:GroupMap:samordnare:Organisation is required", StringComparison.Ordinal));
    }

    [Fact]
    public void A_complete_provider_passes()
    {
        var options = new OidcOptions();
        options.Providers["stockholm"] = new OidcProviderOptions
        {
            Authority = "https://login.microsoftonline.com/tenant/v2.0",
            ClientId = "app",
            DisplayName = "Stockholms stad",
            GroupMap = { ["6f1c0e52-0000-4000-8000-000000000001"] = new GroupMapOptions { Role = "Coordinator", Organisation = "Stockholms stad" } },
        };

        Assert.True(new OidcOptionsValidation().Validate(null, options).Succeeded);
    }
}
