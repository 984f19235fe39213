using System.Globalization;
using System.Text.RegularExpressions;
using Lagesbild.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lagesbild.Browser.Tests;

/// <summary>The safety coordinator's first morning, as the issue describes it, in a real browser.</summary>
public sealed partial class CoordinatorJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Coordinator = "samordnare@lagesbild.example";

    [Fact]
    public async Task Signs_in_sees_scenes_and_weekday_evenings_change_the_numbers()
    {
        var page = await app.SignedInPageAsync(Coordinator);
        await BrowserApp.MapReadyAsync(page);

        Assert.True(await page.Locator(".leaflet-overlay-pane path.leaflet-interactive").CountAsync() > 100, "districts and scenes are drawn");
        Assert.True(int.Parse(await page.GetByTestId("active-scenes").InnerTextAsync(), CultureInfo.InvariantCulture) > 0);
        var allHours = await TotalAsync(page);
        Assert.True(allHours > 0);

        await page.GetByLabel("Tid på veckan").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Vardagskvällar 18–24" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("picture-total")).Not.ToHaveTextAsync(Format(allHours));
        var evenings = await TotalAsync(page);
        Assert.InRange(evenings, 1, allHours - 1);
    }

    [Fact]
    public async Task Opens_a_scene_with_its_history_and_hour_of_week_profile()
    {
        var page = await app.SignedInPageAsync(Coordinator);
        await BrowserApp.MapReadyAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Scener", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Scen Rinkeby 1" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Scen Rinkeby 1");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Statushistorik" })).ToBeVisibleAsync();
        Assert.True(await page.Locator(".history-table tbody tr").CountAsync() >= 2, "the scene was suspected, then active");
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Aktivitet per veckotimme (måndag–söndag, 00–24)" })).ToBeVisibleAsync();
        var map = page.Locator("#scene-map[data-ready=true]");
        await Assertions.Expect(map).ToBeVisibleAsync();

        // A new status colours the scene's area on the same page at once.
        var before = await map.GetAttributeAsync("data-status");
        await page.GetByLabel("Ny status").ClickAsync();
        var choice = page.GetByRole(AriaRole.Option).First;
        var chosen = (await choice.InnerTextAsync()).Trim();
        await choice.ClickAsync();
        await page.GetByLabel("Motivering").FillAsync("Samverkansmötet bedömde läget.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara status" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Statusen är sparad.")).ToBeVisibleAsync();
        await Assertions.Expect(map).Not.ToHaveAttributeAsync("data-status", before!);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(chosen);
        var colour = await page.EvaluateAsync<string>("() => document.querySelector('#scene-map .leaflet-overlay-pane path[stroke-width=\"3\"]').getAttribute('stroke')");
        var expected = await page.EvaluateAsync<string>("async status => (await import('/js/map.js')).statusColours[status]", await map.GetAttributeAsync("data-status"));
        Assert.Equal(expected, colour);
    }

    [Fact]
    public async Task Adds_an_observation_by_clicking_the_map()
    {
        var before = await CountStaffObservationsAsync();
        var page = await app.SignedInPageAsync(Coordinator);
        await BrowserApp.MapReadyAsync(page);

        await HideObservationClustersAsync(page);
        var map = page.Locator("#lagesbild-map");
        var box = await map.BoundingBoxAsync();
        await page.Mouse.ClickAsync(box!.X + (box.Width / 2), box.Y + (box.Height / 2));

        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByLabel("Kategori").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Sprutor och kanyler" }).ClickAsync();
        await dialog.GetByLabel("Beskrivning").FillAsync("Två kanyler vid sandlådan <script>alert(1)</script>");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();

        await Assertions.Expect(page.GetByText("Iakttagelsen är sparad.")).ToBeVisibleAsync();
        Assert.Equal(before + 1, await CountStaffObservationsAsync());
        // The map is left as it was: no focus ring round it, and once the pointer leaves it, no tooltip stays open
        // from where the pointer was when the dialog came over it.
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await page.WaitForTimeoutAsync(300);
        await page.Mouse.MoveAsync(box.X + (box.Width / 2), 5);
        await Assertions.Expect(page.Locator("#lagesbild-map .leaflet-tooltip:not(.district-label)")).ToHaveCountAsync(0);
        Assert.False(await page.EvaluateAsync<bool>("() => document.querySelector('#lagesbild-map').matches(':focus-visible')"));
    }

    [Fact]
    public async Task A_police_officer_adds_a_restricted_observation_that_school_staff_cannot_see()
    {
        var page = await app.SignedInPageAsync("polis@lagesbild.example");
        await BrowserApp.MapReadyAsync(page);
        // The keyboard's way: the button adds at the centre of the map.
        await page.GetByRole(AriaRole.Button, new() { Name = "Ny iakttagelse vid kartans mitt" }).ClickAsync();

        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Kategori").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Försäljning" }).ClickAsync();
        await dialog.GetByLabel("Klassificering").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Begränsad (polis)" }).ClickAsync();
        await dialog.GetByLabel("Beskrivning").FillAsync("Spaning: överlämning vid busshållplatsen.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Iakttagelsen är sparad.")).ToBeVisibleAsync();

        long id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<LagesbildDb>().Observations
                .Where(o => o.Text == "Spaning: överlämning vid busshållplatsen." && o.Classification == Core.Observations.Classification.Restricted)
                .Select(o => o.Id).SingleAsync();
        }
        var staff = await app.SignedInPageAsync("skola@lagesbild.example");
        var answer = await staff.APIRequest.GetAsync($"/api/observations/{id}");
        Assert.Equal(404, answer.Status);
    }

    /// <summary>
    /// A click on a cluster zooms in and a click on a scene or school dot opens it, as they should; to click the
    /// map itself, turn those layers off as a user would.
    /// </summary>
    private static async Task HideObservationClustersAsync(IPage page)
    {
        await page.Locator(".leaflet-control-layers").HoverAsync();
        await page.GetByLabel("Iakttagelser", new() { Exact = true }).UncheckAsync();
        await page.GetByLabel("Skolor och förskolor", new() { Exact = true }).UncheckAsync();
        await page.GetByLabel("Scener", new() { Exact = true }).UncheckAsync();
        await page.Mouse.MoveAsync(0, 0);
    }

    private static async Task<int> TotalAsync(IPage page) =>
        int.Parse(NotDigits().Replace(await page.GetByTestId("picture-total").InnerTextAsync(), ""), CultureInfo.InvariantCulture);

    private static string Format(int total) => total.ToString("N0", CultureInfo.GetCultureInfo("sv-SE"));

    private async Task<int> CountStaffObservationsAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LagesbildDb>().Observations.CountAsync(o => o.Source == ObservationSource.Staff);
    }

    [GeneratedRegex(@"\D")]
    private static partial Regex NotDigits();
}
