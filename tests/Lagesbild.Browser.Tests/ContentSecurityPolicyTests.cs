using Microsoft.Playwright;

namespace Lagesbild.Browser.Tests;

/// <summary>
/// The Content-Security-Policy is strict (scripts from the site only, the import map by a nonce): every page must
/// still work under it, so the browser is watched for anything it refused while the page loads and is used.
/// </summary>
public sealed class ContentSecurityPolicyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    /// <summary>
    /// The pages the accessibility tests do not visit, or visit before their policy is looked at; every page those
    /// tests load is also checked for anything the policy refused.
    /// </summary>
    public static TheoryData<string, string> Pages() => new()
    {
        { "", "/login" },
        { "", "/docs" },
        { "samordnare@lagesbild.example", "/" },
        { "vaktare@lagesbild.example", "/alarms" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_page_loads_with_nothing_refused_by_the_policy(string email, string path)
    {
        var (page, refused) = await OpenAsync(email);

        var response = await page.GotoAsync(path);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Equal(200, response!.Status);
        Assert.Contains("script-src 'self'", (await response.AllHeadersAsync())["content-security-policy"]);
        Assert.Empty(BrowserApp.Copy(refused));
    }

    [Fact]
    public async Task The_authenticator_apps_QR_code_is_shown_as_an_image()
    {
        var (page, refused) = await OpenAsync("samordnare@lagesbild.example");
        await page.GotoAsync("/account");
        await Assertions.Expect(page.Locator("[data-ready=true]")).ToBeAttachedAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Konfigurera appen" }).ClickAsync();
        var qr = page.GetByRole(AriaRole.Img, new() { Name = "QR-kod för att lägga till Lägesbild i autentiseringsappen" });
        await Assertions.Expect(qr).ToBeVisibleAsync();

        Assert.StartsWith("data:image/", await qr.GetAttributeAsync("src"));
        await page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await qr.ElementHandleAsync());
        Assert.Empty(BrowserApp.Copy(refused));
    }

    [Fact]
    public async Task The_caretakers_round_registers_its_service_worker_for_working_offline()
    {
        var (page, refused) = await OpenAsync("skola@lagesbild.example", new ViewportSize { Width = 390, Height = 844 });

        await page.GotoAsync("/rounds");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var scope = await page.EvaluateAsync<string>("async () => (await navigator.serviceWorker.ready).scope");
        Assert.EndsWith("/rounds", scope);
        Assert.Empty(BrowserApp.Copy(refused));
    }

    /// <summary>A page signed in as this user (or no one), and the list of what the browser refused under the policy.</summary>
    private async Task<(IPage Page, List<string> Refused)> OpenAsync(string email, ViewportSize? viewport = null)
    {
        var context = await app.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = viewport ?? new ViewportSize { Width = 1366, Height = 900 },
        });
        var page = email.Length == 0 ? await context.NewPageAsync() : await app.SignInAsync(context, email);
        return (page, BrowserApp.WatchPolicy(page));
    }
}
