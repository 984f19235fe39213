using Microsoft.Playwright;

namespace Lagesbild.Browser.Tests;

/// <summary>The coordinator's map shows the police's public events of the demo as a context layer, each saying how it was placed.</summary>
public sealed class PoliceEventsMapTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Theory]
    [InlineData(1366, 768)]
    [InlineData(390, 844)]
    public async Task The_demo_map_shows_the_police_events_and_how_each_was_placed(int width, int height)
    {
        var page = await app.SignedInPageAsync("samordnare@lagesbild.example", new ViewportSize { Width = width, Height = height });
        await BrowserApp.MapReadyAsync(page);
        var map = page.Locator("#lagesbild-map[data-police-events='13']");
        await Assertions.Expect(map).ToBeAttachedAsync(new() { Timeout = 30_000 });

        // A district's event: a filled diamond, named for the keyboard and the screen reader, and opened from the keyboard
        // (on a phone an observation's cluster may lie over it).
        var robbery = page.Locator(".leaflet-marker-icon[title^='Polisens händelse: Rån']");
        await robbery.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var popup = page.Locator(".leaflet-popup-content");
        await Assertions.Expect(popup).ToContainTextAsync("Placerad i stadsdelen Skärholmen enligt sammanfattningen");
        await Assertions.Expect(popup.GetByRole(AriaRole.Link, new() { Name = "Läs händelsen på polisen.se" })).ToHaveAttributeAsync("href", "https://polisen.se/aktuellt/handelser/");
        await page.WaitForTimeoutAsync(800); // the popup's fade, and the map moving it clear of the legend
        await page.ScreenshotAsync(new() { Path = $"/tmp/police-map-{width}.png" });
        await PopupClearOfLegendAsync(page);
        await page.Keyboard.PressAsync("Escape");

        // The events at the municipality's centroid gather in one diamond with their number; opened (it zooms in, then
        // spreads them), each says it is approximate.
        var theft = page.Locator(".leaflet-marker-icon[title^='Polisens händelse: Stöld']");
        for (var i = 0; i < 6 && !await theft.IsVisibleAsync(); i++)
        {
            await page.Locator(".leaflet-marker-icon:has(.police-cluster)").First.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForTimeoutAsync(800);
        }
        await theft.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(popup).ToContainTextAsync("Placerad vid kommunens mittpunkt: ungefärlig plats");

        // The legend explains both diamonds.
        var legend = page.Locator(".map-legend details");
        if (await legend.GetAttributeAsync("open") is null)
            await legend.Locator("summary").ClickAsync();
        await Assertions.Expect(legend).ToContainTextAsync("Polisens händelse, ungefärlig plats");
        await Assertions.Expect(legend).ToContainTextAsync("Polisens händelse, i stadsdelen som nämns");
        await page.WaitForTimeoutAsync(500);
        await page.ScreenshotAsync(new() { Path = $"/tmp/police-map-{width}-centroid.png" });
    }

    /// <summary>Leaflet draws the legend above popups: the map must have moved the open popup out from under it.</summary>
    private static async Task PopupClearOfLegendAsync(IPage page)
    {
        var popup = await page.Locator(".leaflet-popup").BoundingBoxAsync();
        var legend = await page.Locator(".map-legend").BoundingBoxAsync();
        Assert.NotNull(popup);
        Assert.NotNull(legend);
        var overlaps = popup.X < legend.X + legend.Width && popup.X + popup.Width > legend.X
            && popup.Y < legend.Y + legend.Height && popup.Y + popup.Height > legend.Y;
        Assert.False(overlaps, $"The popup ({popup.X},{popup.Y} {popup.Width}x{popup.Height}) lies under the legend ({legend.X},{legend.Y} {legend.Width}x{legend.Height}).");
    }
}
