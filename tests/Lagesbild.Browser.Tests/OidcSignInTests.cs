using System.Text.Json;
using Lagesbild.Core.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Lagesbild.Browser.Tests;

/// <summary>
/// The demo with three identity providers: "stockholm" and "polisen", two clients of the real test provider that
/// scripts/test starts (LAGESBILD_TEST_OIDC) with group maps of their own, and "nere", where nothing listens.
/// </summary>
public sealed class OidcBrowserApp : BrowserApp
{
    public const string Variable = "LAGESBILD_TEST_OIDC";

    public static string TestProvider() => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } url ? url
        : throw new InvalidOperationException($"{Variable} is not set: run scripts/test, which starts the test OpenID provider (tools/Lagesbild.TestIdentityProvider) on loopback.");

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        .. Provider("stockholm", "Stockholms stad", TestProvider(), "lagesbild-stockholm", "stockholm-test-secret"),
        new("Authentication:Oidc:stockholm:GroupMap:lagesbild-samordnare:Role", "Coordinator"),
        new("Authentication:Oidc:stockholm:GroupMap:lagesbild-samordnare:Organisation", "Stockholms stad (demo)"),
        .. Provider("polisen", "Polisen", TestProvider(), "lagesbild-polisen", "polisen-test-secret"),
        new("Authentication:Oidc:polisen:GroupMap:lpo-jarva:Role", "Police"),
        new("Authentication:Oidc:polisen:GroupMap:lpo-jarva:Organisation", "Polisen, lokalpolisområde (demo)"),
        // Port 9 (discard) on loopback: nothing listens.
        .. Provider("nere", "Nere kommun", "http://127.0.0.1:9/", "lagesbild", "secret"),
    ];

    private static IEnumerable<KeyValuePair<string, string>> Provider(string name, string displayName, string authority, string clientId, string secret) =>
    [
        new($"Authentication:Oidc:{name}:Authority", authority),
        new($"Authentication:Oidc:{name}:ClientId", clientId),
        new($"Authentication:Oidc:{name}:ClientSecret", secret),
        new($"Authentication:Oidc:{name}:DisplayName", displayName),
        new($"Authentication:Oidc:{name}:RequireHttpsMetadata", "false"),
    ];
}

public sealed class OidcSignInTests(OidcBrowserApp app) : IClassFixture<OidcBrowserApp>
{
    [Fact]
    public async Task A_coordinator_signs_in_with_Stockholms_stad_and_lands_signed_in_as_coordinator()
    {
        var page = await SignInWithProviderAsync("Logga in med Stockholms stad", "sara", "/scenes");

        await page.WaitForURLAsync(app.BaseUrl.TrimEnd('/') + "/scenes", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.Locator(".user-name")).ToHaveTextAsync("Sara Stadssamordnare");
        var me = await MeAsync(page);
        Assert.Equal(["Coordinator"], me.Roles);
        var organisation = await app.QueryAsync(db => db.Organisations.Where(o => o.Name == "Stockholms stad (demo)").Select(o => o.Id).SingleAsync());
        Assert.Equal(organisation, me.OrganisationId);
        var user = await app.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.ExternalProvider == "stockholm" && u.ExternalSubject == "sub-sara"));
        Assert.Equal(user.Id, me.Id);
        Assert.Equal([Role.Coordinator], user.Roles);
    }

    [Fact]
    public async Task A_police_officer_signs_in_with_the_second_provider_and_gets_the_police_role()
    {
        var page = await SignInWithProviderAsync("Logga in med Polisen", "pia");

        await page.WaitForURLAsync(app.BaseUrl.TrimEnd('/') + "/", new() { WaitUntil = WaitUntilState.Commit });
        var me = await MeAsync(page);
        Assert.Equal(["Police"], me.Roles);
        Assert.Equal("Pia Polis", me.Name);
        var police = await app.QueryAsync(db => db.Organisations.Where(o => o.Name == "Polisen, lokalpolisområde (demo)").Select(o => o.Id).SingleAsync());
        Assert.Equal(police, me.OrganisationId);
        Assert.True(await app.QueryAsync(db => db.Users.AnyAsync(u => u.ExternalProvider == "polisen" && u.ExternalSubject == "sub-pia")));
    }

    [Fact]
    public async Task An_unmapped_user_is_refused_with_a_page_that_names_the_provider_and_no_user_is_created()
    {
        var page = await SignInWithProviderAsync("Logga in med Stockholms stad", "olle");

        await page.WaitForURLAsync("**/login/refused?*");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Inloggningen nekades" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Stockholms stad bekräftade vem du är, men ingen av dina grupper där ger en roll i Lägesbild. En administratör måste koppla din grupp");
        await Accessibility.Axe.AssertNoneAsync(page);
        Assert.False(await app.QueryAsync(db => db.Users.AnyAsync(u => u.ExternalSubject == "sub-olle" || u.Email == "olle@stockholm.example")));
        var me = await page.GotoAsync("/api/auth/me");
        Assert.Equal(401, me!.Status);
    }

    [Fact]
    public async Task A_provider_user_signs_out_and_is_signed_out()
    {
        var page = await SignInWithProviderAsync("Logga in med Stockholms stad", "sven");
        await page.WaitForURLAsync(app.BaseUrl.TrimEnd('/') + "/", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.Locator(".user-name")).ToHaveTextAsync("Sven Samordnare");

        await page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).ClickAsync();

        await page.WaitForURLAsync("**/login");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Logga in med Stockholms stad" })).ToBeVisibleAsync();
        var me = await page.GotoAsync("/api/auth/me");
        Assert.Equal(401, me!.Status);
    }

    [Fact]
    public async Task A_provider_that_does_not_answer_gets_a_clear_message_and_local_sign_in_still_works()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/login");

        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in med Nere kommun" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(
            "Inloggningen hos Nere kommun svarar inte. Försök igen om en stund, eller logga in med ditt lokala konto.");
        await page.GetByLabel("E-post").FillAsync("samordnare@lagesbild.example");
        await page.GetByLabel("Lösenord").FillAsync("Lagesbild-demo-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(app.BaseUrl.TrimEnd('/') + "/", new() { WaitUntil = WaitUntilState.Commit });
        Assert.Equal(["Coordinator"], (await MeAsync(page)).Roles);
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await app.NewContextAsync(new BrowserNewContextOptions());
        return await context.NewPageAsync();
    }

    /// <summary>Presses the provider's button on our sign-in page and types the user name on the provider's page.</summary>
    private async Task<IPage> SignInWithProviderAsync(string button, string user, string? returnUrl = null)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(returnUrl is null ? "/login" : $"/login?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
        await page.GetByLabel("Användarnamn").FillAsync(user);
        await page.GetByRole(AriaRole.Button, new() { Name = "Fortsätt" }).ClickAsync();
        return page;
    }

    /// <summary>/api/auth/me as the page's own session sees it.</summary>
    private static async Task<Me> MeAsync(IPage page)
    {
        var response = await page.APIRequest.GetAsync("/api/auth/me");
        Assert.Equal(200, response.Status);
        return JsonSerializer.Deserialize<Me>(await response.TextAsync(), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    private sealed record Me(int Id, string Name, int OrganisationId, string[] Roles);
}
