using Microsoft.Playwright;

namespace Lagesbild.Browser.Tests.Accessibility;

/// <summary>
/// Every page against axe's WCAG 2.1 A and AA rules in the four ways people see it: in Swedish and in English, at a
/// desktop's width (1366 px) and at a phone's (390 px), under the real Content-Security-Policy. The pages are split over a few
/// classes so that the suite checks two at a time.
/// </summary>
public abstract class AccessibilityTests(BrowserApp app)
{
    protected BrowserApp App { get; } = app;

    /// <summary>
    /// This user's page at this path, checked in every view; null for a resident with no sign-in. Each language is
    /// loaded once on a desktop and then narrowed to a phone's width, as a window is: the layout follows by CSS.
    /// </summary>
    protected async Task CheckAsync(string? email, string path)
    {
        var context = email is null ? await App.NewContextAsync(new BrowserNewContextOptions()) : await App.SignedInContextAsync(email);
        var page = await context.NewPageAsync();
        var refused = BrowserApp.WatchPolicy(page);
        var found = new List<string>();
        async Task CheckViewAsync(string view) => found.AddRange((await Axe.ViolationsAsync(page)).Select(v => $"{view}: {v}"));
        foreach (var culture in new[] { "sv-SE", "en" })
        {
            await page.SetViewportSizeAsync(1366, 900);
            await page.GotoAsync($"/culture?culture={culture}&redirectUri={Uri.EscapeDataString(path)}");
            await ReadyAsync(page, path);
            await CheckViewAsync($"{culture}, 1366 px");
            if (path.StartsWith("/public/report/", StringComparison.Ordinal))
            {
                // The refused form, with its list of what to correct, must pass as well.
                await page.Locator("button[type=submit]").ClickAsync();
                await Assertions.Expect(page.Locator("#errors")).ToBeVisibleAsync();
                await CheckViewAsync($"{culture}, 1366 px, refused form");
            }
            // axe reads the layout afresh, so the narrower one is what it checks.
            await page.SetViewportSizeAsync(390, 844);
            await CheckViewAsync($"{culture}, 390 px");
        }
        found.AddRange(BrowserApp.Copy(refused).Select(r => $"content-security-policy: {r}"));

        Axe.AssertNone(found);
    }

    /// <summary>The page as its user sees it once it has loaded: its map drawn, its list fetched, its forms open.</summary>
    private static async Task ReadyAsync(IPage page, string path)
    {
        var marker = path switch
        {
            "/" => "#lagesbild-map[data-ready=true]",
            "/analysis" => "[data-testid=hotspot-summary]",
            "/alarms" => "#alarms-app[data-live=true]",
            "/alarms/statistics" => "#stats-chart[data-ready=true]",
            "/dashboard" => "#active-scenes-chart[data-ready=true]",
            "/sites" => ".sites-page[data-ready=true]",
            "/triage" or "/police-queue" => ".triage-page[data-ready=true]",
            "/account" => ".account-page[data-ready=true]",
            "/audit" => ".audit-page[data-ready=true]",
            _ when path.StartsWith("/rounds", StringComparison.Ordinal) => "#rounds-view a",
            _ when path.StartsWith("/scenes/", StringComparison.Ordinal) => "#scene-map[data-ready=true]",
            _ when path.StartsWith("/sites/", StringComparison.Ordinal) => "#site-map-1[data-ready=true]",
            _ when path.StartsWith("/measures/", StringComparison.Ordinal) => "#effect-map[data-ready=true]",
            _ when path.StartsWith("/admin/", StringComparison.Ordinal) => ".admin-page[data-ready=true]",
            _ => null,
        };
        if (marker is not null)
            await Assertions.Expect(page.Locator(marker).First).ToBeAttachedAsync();
        // The administrator's forms are folded away: open them so that their fields are checked too.
        foreach (var summary in await page.Locator("details.manage-box > summary").AllAsync())
            await summary.ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }
}

/// <summary>The coordinator's picture: the map, scenes, districts, analysis, schools and alarms.</summary>
public sealed class PictureAccessibilityTests(BrowserApp fixture) : AccessibilityTests(fixture), IClassFixture<BrowserApp>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/scenes")]
    [InlineData("/scenes/1")]
    [InlineData("/districts/1")]
    [InlineData("/analysis")]
    [InlineData("/exposure")]
    [InlineData("/sites")]
    [InlineData("/sites/1")]
    [InlineData("/alarms")]
    [InlineData("/notifications")]
    public Task The_coordinators_page_passes_in_both_languages_on_a_desktop_and_a_phone(string path) =>
        CheckAsync("samordnare@lagesbild.example", path);

    [Fact]
    public async Task The_add_observation_dialog_has_no_violations()
    {
        var page = await App.SignedInPageAsync("polis@lagesbild.example");
        var refused = BrowserApp.WatchPolicy(page);
        await BrowserApp.MapReadyAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ny iakttagelse vid kartans mitt" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();

        await Axe.AssertNoneAsync(page);
        Assert.Empty(BrowserApp.Copy(refused));
    }
}

/// <summary>The coordinator's follow-up: outcomes, measures, reports, residents' reports, rounds, her account.</summary>
public sealed class FollowUpAccessibilityTests(BrowserApp fixture) : AccessibilityTests(fixture), IClassFixture<BrowserApp>
{
    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/measures")]
    [InlineData("/measures/1")]
    [InlineData("/reports")]
    [InlineData("/api/reports/weekly")]
    [InlineData("/triage")]
    [InlineData("/privacy/record")]
    [InlineData("/account")]
    [InlineData("/rounds")]
    [InlineData("/rounds/1")]
    public async Task The_coordinators_page_passes_in_both_languages_on_a_desktop_and_a_phone(string path)
    {
        // On a weekend or holiday the demo plans no round: plan one, so that the list is checked with a round in it.
        await App.TodaysRoundAsync("skola@lagesbild.example");
        await CheckAsync("samordnare@lagesbild.example", path);
    }
}

/// <summary>The other roles' own pages: the caretaker's round, the guard's console, the police's, the administrator's.</summary>
public sealed class RoleAccessibilityTests(BrowserApp fixture) : AccessibilityTests(fixture), IClassFixture<BrowserApp>
{
    [Theory]
    [InlineData("polis@lagesbild.example", "/audit")]
    [InlineData("polis@lagesbild.example", "/police-queue")]
    [InlineData("vaktare@lagesbild.example", "/alarms")]
    [InlineData("samordnare@lagesbild.example", "/alarms/statistics")]
    [InlineData("larmcentral@lagesbild.example", "/alarms/statistics")]
    [InlineData("rektor@lagesbild.example", "/sites")]
    [InlineData("samordnare@lagesbild.example", "/cameras")]
    [InlineData("rektor@lagesbild.example", "/cameras")]
    [InlineData("admin@lagesbild.example", "/admin/users")]
    [InlineData("admin@lagesbild.example", "/admin/organisations")]
    [InlineData("admin@lagesbild.example", "/admin/sensors")]
    [InlineData("admin@lagesbild.example", "/admin/alarm-panels")]
    [InlineData("admin@lagesbild.example", "/admin/open311-keys")]
    [InlineData("admin@lagesbild.example", "/admin/guard-shifts")]
    [InlineData("admin@lagesbild.example", "/admin/personal-tokens")]
    public Task The_roles_page_passes_in_both_languages_on_a_desktop_and_a_phone(string email, string path) =>
        CheckAsync(email, path);

    [Fact]
    public async Task The_caretakers_round_passes_in_both_languages_on_a_desktop_and_a_phone()
    {
        var (roundId, _, _) = await App.TodaysRoundAsync("skola@lagesbild.example");
        await CheckAsync("skola@lagesbild.example", $"/rounds/{roundId}");
    }
}

/// <summary>What anyone may open: the residents' pages, the sign-in and the API reference.</summary>
public sealed class PublicAccessibilityTests(BrowserApp fixture) : AccessibilityTests(fixture), IClassFixture<BrowserApp>
{
    [Theory]
    [InlineData("/public")]
    [InlineData("/public/report/syringes")]
    [InlineData("/public/report/unsafe-place")]
    [InlineData("/public/reports?ref=1")]
    [InlineData("/public/reports?ref=999999")]
    [InlineData("/public/reports/1")]
    [InlineData("/login")]
    [InlineData("/docs")]
    public Task The_page_passes_in_both_languages_on_a_desktop_and_a_phone(string path) =>
        CheckAsync(null, path);
}
