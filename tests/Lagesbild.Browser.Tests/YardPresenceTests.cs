using Microsoft.Playwright;

namespace Lagesbild.Browser.Tests;

/// <summary>A principal plans adults in the yard of her preschool; a slot the rules refuse is said in her language.</summary>
public sealed class YardPresenceTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Principal = "rektor@lagesbild.example";

    [Fact]
    public async Task A_slot_outside_the_opening_hours_is_refused_in_Swedish_naming_the_row_the_day_and_the_hours()
    {
        var page = await app.SignedInPageAsync(Principal);
        await page.WaitForURLAsync("**/sites");
        await page.GetByRole(AriaRole.Link, new() { Name = "Förskola Rinkeby 1" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("#presence-heading")).ToBeVisibleAsync();
        // The map is drawn once the page is interactive: a click before that would be lost.
        await Assertions.Expect(page.Locator("[id^=site-map-][data-ready=true]")).ToBeVisibleAsync();
        var rows = page.Locator("table.presence-slots tbody tr");
        var before = await rows.CountAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Lägg till pass" }).ClickAsync();
        var row = rows.Nth(before);
        await row.GetByLabel("Dag").SelectOptionAsync(nameof(DayOfWeek.Monday));
        await row.GetByLabel("Från").FillAsync("20:00");
        await row.GetByLabel("Till").FillAsync("21:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara närvaron" }).ClickAsync();

        var alert = page.Locator("section[aria-labelledby=presence-heading] [role=alert]");
        await Assertions.Expect(alert).ToContainTextAsync($"Rad {before + 1}: Måndag: passet måste ligga inom öppettiden");
        await Assertions.Expect(alert).Not.ToContainTextAsync("slot");

        // A row without times says how to write them.
        await row.GetByLabel("Från").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara närvaron" }).ClickAsync();
        await Assertions.Expect(alert).ToContainTextAsync($"Rad {before + 1}: Skriv tiderna som 07:30.");
    }
}
