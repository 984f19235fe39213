using System.Text.Json;
using Microsoft.Playwright;

namespace Lagesbild.Browser.Tests;

/// <summary>
/// Every page against the automated WCAG 2.1 A and AA rules of axe-core, in Swedish and in English, on a
/// desktop and a phone screen. Automated rules catch part of WCAG, not all of it; they keep what they catch
/// from coming back.
/// </summary>
public sealed class AccessibilityTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly string Axe = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Axe", "axe.min.js"));

    public static TheoryData<string, string, int> Pages() => new()
    {
        { "/", "sv-SE", 1366 },
        { "/scenes", "sv-SE", 1366 },
        { "/scenes/1", "sv-SE", 1366 },
        { "/dashboard", "sv-SE", 1366 },
        { "/", "sv-SE", 390 },
        { "/scenes/1", "sv-SE", 390 },
        { "/", "en", 1366 },
        { "/dashboard", "en", 390 },
        { "/rounds", "sv-SE", 390 },
        { "/rounds/1", "sv-SE", 390 },
        { "/rounds/1", "en", 1366 },
        { "/sites", "sv-SE", 1366 },
        { "/sites/1", "sv-SE", 1366 },
        { "/sites/1", "en", 390 },
        { "/exposure", "sv-SE", 1366 },
        { "/analysis", "sv-SE", 1366 },
        { "/analysis", "en", 390 },
        { "/notifications", "sv-SE", 390 },
        { "/alarms", "sv-SE", 390 },
        { "/alarms", "en", 1366 },
        { "/measures", "sv-SE", 1366 },
        { "/measures/1", "sv-SE", 1366 },
        { "/measures/1", "en", 390 },
        { "/reports", "sv-SE", 390 },
        { "/districts/1", "sv-SE", 1366 },
        { "/dashboard", "sv-SE", 390 },
        { "/api/reports/weekly", "sv-SE", 390 },
        { "/api/reports/weekly", "en", 1366 },
        { "/triage", "sv-SE", 1366 },
        { "/triage", "en", 390 },
        { "/privacy/record", "sv-SE", 1366 },
        { "/privacy/record", "en", 390 },
        { "/account", "sv-SE", 390 },
        { "/account", "en", 1366 },
    };

    /// <summary>The police's own pages: their audit log and their queue of forwarded reports.</summary>
    public static TheoryData<string, string, int> PolicePages() => new()
    {
        { "/audit", "sv-SE", 1366 },
        { "/audit", "en", 390 },
        { "/police-queue", "sv-SE", 390 },
        { "/police-queue", "en", 1366 },
    };

    [Theory]
    [MemberData(nameof(PolicePages))]
    public async Task Police_page_has_no_WCAG_A_or_AA_violations(string path, string culture, int width)
    {
        var page = await app.SignedInPageAsync("polis@lagesbild.example", new ViewportSize { Width = width, Height = 900 });
        var refused = BrowserApp.WatchPolicy(page);
        await page.GotoAsync($"/culture?culture={culture}&redirectUri={Uri.EscapeDataString(path)}");
        await Assertions.Expect(page.Locator("[data-ready=true]")).ToBeAttachedAsync(new() { Timeout = 30_000 });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Empty(await ViolationsAsync(page, refused));
    }

    /// <summary>The administrator's pages.</summary>
    public static TheoryData<string, string, int> AdminPages() => new()
    {
        { "/admin/users", "sv-SE", 1366 },
        { "/admin/users", "en", 390 },
        { "/admin/organisations", "sv-SE", 390 },
        { "/admin/sensors", "sv-SE", 1366 },
        { "/admin/open311-keys", "en", 1366 },
        { "/admin/guard-shifts", "sv-SE", 390 },
        { "/admin/personal-tokens", "sv-SE", 390 },
    };

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Admin_page_has_no_WCAG_A_or_AA_violations(string path, string culture, int width)
    {
        var page = await app.SignedInPageAsync("admin@lagesbild.example", new ViewportSize { Width = width, Height = 900 });
        var refused = BrowserApp.WatchPolicy(page);
        await page.GotoAsync($"/culture?culture={culture}&redirectUri={Uri.EscapeDataString(path)}");
        await Assertions.Expect(page.Locator(".admin-page[data-ready=true]")).ToBeAttachedAsync(new() { Timeout = 30_000 });
        // The forms are folded away: open them so that their fields are checked too.
        foreach (var summary in await page.Locator("details.manage-box > summary").AllAsync())
            await summary.ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Empty(await ViolationsAsync(page, refused));
    }

    /// <summary>The residents' pages, with no sign-in.</summary>
    public static TheoryData<string, string, int> PublicPages() => new()
    {
        { "/public", "sv-SE", 390 },
        { "/public", "en", 1366 },
        { "/public/report/syringes", "sv-SE", 390 },
        { "/public/report/unsafe-place", "en", 390 },
        { "/public/reports?ref=1", "sv-SE", 390 },
        { "/public/reports?ref=999999", "en", 390 },
    };

    [Theory]
    [MemberData(nameof(PublicPages))]
    public async Task Public_page_has_no_WCAG_A_or_AA_violations(string path, string culture, int width)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl, Locale = "sv-SE", ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        var page = await context.NewPageAsync();
        var refused = BrowserApp.WatchPolicy(page);
        await page.GotoAsync($"/culture?culture={culture}&redirectUri={Uri.EscapeDataString(path)}");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Empty(await ViolationsAsync(page, refused));

        if (path.StartsWith("/public/report/", StringComparison.Ordinal))
        {
            // The refused form, with its list of what to correct, must pass as well.
            await page.Locator("button[type=submit]").ClickAsync();
            await Assertions.Expect(page.Locator("#errors")).ToBeVisibleAsync();
            Assert.Empty(await ViolationsAsync(page, refused));
        }
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_has_no_WCAG_A_or_AA_violations(string path, string culture, int width)
    {
        if (path == "/rounds")
        {
            // On a weekend or holiday the demo plans no round: plan one, so that the list is checked with a round in it.
            await app.TodaysRoundAsync("skola@lagesbild.example");
        }
        var page = await app.SignedInPageAsync("samordnare@lagesbild.example", new ViewportSize { Width = width, Height = 900 });
        var refused = BrowserApp.WatchPolicy(page);
        await page.GotoAsync($"/culture?culture={culture}&redirectUri={Uri.EscapeDataString(path)}");
        if (path == "/")
            await Assertions.Expect(page.Locator("#lagesbild-map[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        if (path.StartsWith("/scenes/", StringComparison.Ordinal))
            await Assertions.Expect(page.Locator("#scene-map[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        if (path.StartsWith("/sites/", StringComparison.Ordinal))
            await Assertions.Expect(page.Locator("#site-map-1[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        if (path.StartsWith("/measures/", StringComparison.Ordinal))
            await Assertions.Expect(page.Locator("#effect-map[data-ready=true]")).ToBeAttachedAsync(new() { Timeout = 20_000 });
        if (path == "/analysis")
            await Assertions.Expect(page.GetByTestId("hotspot-summary")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        if (path == "/triage")
            await Assertions.Expect(page.Locator(".triage-page[data-ready=true]")).ToBeAttachedAsync(new() { Timeout = 20_000 });
        if (path == "/alarms")
            await Assertions.Expect(page.Locator("#alarms-app[data-live=true]")).ToBeAttachedAsync(new() { Timeout = 20_000 });
        if (path.StartsWith("/rounds", StringComparison.Ordinal))
            await Assertions.Expect(page.Locator("#rounds-view a").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Empty(await ViolationsAsync(page, refused));
    }

    [Fact]
    public async Task Sign_in_page_has_no_WCAG_A_or_AA_violations()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl, Locale = "sv-SE" });
        var page = await context.NewPageAsync();
        var refused = BrowserApp.WatchPolicy(page);
        await page.GotoAsync("/login");

        Assert.Empty(await ViolationsAsync(page, refused));
    }

    [Fact]
    public async Task The_add_observation_dialog_has_no_WCAG_A_or_AA_violations()
    {
        var page = await app.SignedInPageAsync("polis@lagesbild.example");
        var refused = BrowserApp.WatchPolicy(page);
        await Assertions.Expect(page.Locator("#lagesbild-map[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Ny iakttagelse vid kartans mitt" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();

        Assert.Empty(await ViolationsAsync(page, refused));
    }

    /// <summary>
    /// The violations as "rule: help (first element)", so that a failure says what to fix, and what the
    /// Content-Security-Policy refused on the way (every page is loaded under the real policy).
    /// </summary>
    private static async Task<List<string>> ViolationsAsync(IPage page, List<string> refused)
    {
        // Through the DevTools protocol, as a tester's console would: the page's own policy refuses an inline script tag.
        var devTools = await page.Context.NewCDPSessionAsync(page);
        await devTools.SendAsync("Runtime.evaluate", new Dictionary<string, object> { ["expression"] = Axe });
        await devTools.DetachAsync();
        var json = await page.EvaluateAsync<string>(
            "async () => JSON.stringify((await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations)");
        using var violations = JsonDocument.Parse(json);
        return violations.RootElement.EnumerateArray()
            .Select(v => $"{v.GetProperty("id").GetString()}: {v.GetProperty("help").GetString()} ({v.GetProperty("nodes")[0].GetProperty("target")[0]})")
            .Concat(BrowserApp.Copy(refused).Select(r => $"content-security-policy: {r}"))
            .ToList();
    }
}
