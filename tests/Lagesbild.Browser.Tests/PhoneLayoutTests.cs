using Lagesbild.Core.Rounds;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Rounds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lagesbild.Browser.Tests;

/// <summary>
/// On a 390 × 844 phone: the header is one bar with a menu button, each role lands on its own work, and what it
/// came to do is on the first screen without scrolling.
/// </summary>
public sealed class PhoneLayoutTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const int Width = 390;
    private const int Height = 844;
    private const double MaxHeader = 64;

    private async Task<IPage> PhoneAsync(string email)
    {
        var context = await app.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = Width, Height = Height },
            IsMobile = true,
            HasTouch = true,
        });
        return await app.SignInAsync(context, email);
    }

    /// <summary>The header is one bar, with the product's name and the menu button, and no taller than <see cref="MaxHeader"/>.</summary>
    private static async Task HeaderIsOneBarAsync(IPage page)
    {
        // Measured in the page in one step: the header is rendered again when the page's live connection starts.
        var height = await (await page.WaitForFunctionAsync("() => document.querySelector('.mud-appbar')?.getBoundingClientRect().height || null")).JsonValueAsync<double>();
        Assert.True(height <= MaxHeader, $"the header is {height} px tall on {page.Url}");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Lägesbild", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Meny" })).ToBeVisibleAsync();
    }

    /// <summary>The element lies wholly on the first screen, without scrolling.</summary>
    private static async Task OnFirstScreenAsync(ILocator element)
    {
        await Assertions.Expect(element).ToBeVisibleAsync();
        Assert.Equal(0, await element.Page.EvaluateAsync<double>("() => window.scrollY"));
        await Assertions.Expect(element).ToBeInViewportAsync(new() { Ratio = 1 });
    }

    [Fact]
    public async Task The_caretaker_starts_on_todays_round_with_its_checklist_in_view()
    {
        await app.TodaysRoundAsync("skola@lagesbild.example");
        // With one round left today she goes straight to it; with several, to today's list of them. Other classes share
        // the demo and add or complete rounds meanwhile, so the page she lands on says which of the two it is.
        var page = await PhoneAsync("skola@lagesbild.example");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/rounds(/\d+)?$"));
        if (System.Text.RegularExpressions.Regex.IsMatch(page.Url, @"/rounds/\d+$"))
            await OnFirstScreenAsync(page.GetByLabel("OK", new() { Exact = true }).First);
        else
            await OnFirstScreenAsync(page.GetByRole(AriaRole.Link).Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("Rinkeby 1$") }).First);
        await HeaderIsOneBarAsync(page);
    }

    [Fact]
    public async Task The_principal_starts_on_her_sites()
    {
        var page = await PhoneAsync("rektor@lagesbild.example");
        await page.WaitForURLAsync("**/sites");
        await Assertions.Expect(page.Locator(".sites-page[data-ready=true]")).ToBeAttachedAsync();
        await HeaderIsOneBarAsync(page);
        await OnFirstScreenAsync(page.GetByRole(AriaRole.Link, new() { Name = "Förskola Rinkeby 1" }).First);
        // Her school's sites (a school sees its own, not the whole city's).
        var organisation = await app.QueryAsync(db => db.Users.Where(u => u.Email == "rektor@lagesbild.example").Select(u => u.OrganisationId).SingleAsync());
        var own = await app.QueryAsync(db => db.Sites.CountAsync(s => s.OrganisationId == organisation));
        await Assertions.Expect(page.Locator("table.data-table tbody tr")).ToHaveCountAsync(own);
    }

    [Fact]
    public async Task The_coordinator_starts_on_the_picture_with_the_map_in_view()
    {
        var page = await PhoneAsync("samordnare@lagesbild.example");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await HeaderIsOneBarAsync(page);
        await OnFirstScreenAsync(page.Locator("#lagesbild-map[data-ready=true]"));
        // The legend starts folded on a phone, so that it does not cover the map, and explains every symbol when opened.
        var legend = page.Locator(".map-legend details");
        await Assertions.Expect(legend).Not.ToHaveAttributeAsync("open", "");
        await legend.Locator("summary").TapAsync();
        await Assertions.Expect(legend).ToHaveAttributeAsync("open", "");
        foreach (var symbol in new[] { "Aktiv", "Iakttagelse", "Flera iakttagelser (antal)", "Täthet, låg till hög", "Skolor och förskolor", "Åtgärder", "Stadsdel" })
            await Assertions.Expect(legend).ToContainTextAsync(symbol);
    }

    [Fact]
    public async Task The_analyst_starts_on_the_analysis_and_the_site_root_leads_each_role_to_its_start()
    {
        var page = await PhoneAsync("analytiker@lagesbild.example");
        await page.WaitForURLAsync("**/analysis");
        await HeaderIsOneBarAsync(page);
        // The product's name and the site's root lead back to her start; the map is still one menu choice away.
        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/analysis");
        await page.GetByRole(AriaRole.Button, new() { Name = "Meny" }).ClickAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" }).GetByRole(AriaRole.Link, new() { Name = "Karta", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/map");
        await BrowserApp.MapReadyAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Lägesbild", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/analysis");
    }

    [Fact]
    public async Task The_menu_folds_out_from_one_button_and_away_with_escape_or_a_choice()
    {
        var page = await PhoneAsync("polis@lagesbild.example");
        await BrowserApp.MapReadyAsync(page);
        var menu = page.GetByRole(AriaRole.Button, new() { Name = "Meny" });
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" });
        await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(nav).ToBeHiddenAsync();

        // By keyboard: open, the links in reach, Escape folds it away and gives the focus back to the button.
        await menu.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Polisens kö" })).ToBeVisibleAsync();
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Mitt konto (Per Polis)" })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(nav).ToBeHiddenAsync();
        await Assertions.Expect(menu).ToBeFocusedAsync();

        // By touch: a choice in the menu goes there and folds the menu away.
        await menu.TapAsync();
        await nav.GetByRole(AriaRole.Link, new() { Name = "Scener" }).TapAsync();
        await page.WaitForURLAsync("**/scenes");
        await Assertions.Expect(nav).ToBeHiddenAsync();
        await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
        await HeaderIsOneBarAsync(page);
    }

    [Fact]
    public async Task On_a_desktop_every_link_is_in_the_bar_and_there_is_no_menu_button()
    {
        var page = await app.SignedInPageAsync("samordnare@lagesbild.example");
        await BrowserApp.MapReadyAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Meny" })).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".map-legend details")).ToHaveAttributeAsync("open", "");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" }).GetByRole(AriaRole.Link, new() { Name = "Scener" })).ToBeVisibleAsync();
        Assert.Equal(StartPage.Path, await page.GetByRole(AriaRole.Link, new() { Name = "Lägesbild", Exact = true }).GetAttributeAsync("href"));
    }
}
