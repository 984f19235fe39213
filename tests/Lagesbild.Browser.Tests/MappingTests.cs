using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lagesbild.Browser.Tests;

/// <summary>The police open this autumn's regional mapping beside the register and see each kind of difference.</summary>
public sealed class MappingTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_police_see_the_demo_mapping_beside_the_register()
    {
        var page = await app.SignedInPageAsync("polis@lagesbild.example");
        await page.GetByRole(AriaRole.Link, new() { Name = "Kartläggning", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/mappings");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Regional kartläggning");
        var year = Lagesbild.Core.Time.Stockholm.ToLocal(app.Services.GetRequiredService<TimeProvider>().GetUtcNow()).Year;
        var later = $"{year - 1}-10-15";
        var earlier = $"{year - 2}-10-15";

        // The newest mapping opens first, compared with the register and with the mapping a year before.
        var reconciliation = page.GetByTestId("reconciliation");
        await Assertions.Expect(reconciliation.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync($"Kartläggningen {later} jämförd med registret");
        await Assertions.Expect(reconciliation).ToContainTextAsync($"Ytorna jämförs också med kartläggningen {earlier}.");
        await Assertions.Expect(page.GetByTestId("matched").Locator("tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("only-mapping")).ToContainTextAsync("Ny plats");
        await Assertions.Expect(page.GetByTestId("only-register").Locator("tbody tr")).ToHaveCountAsync(1);
        var changes = page.GetByTestId("area-changes");
        await Assertions.Expect(changes).ToContainTextAsync("scenen Scen");
        await Assertions.Expect(changes).ToContainTextAsync("förra kartläggningen");
        await Assertions.Expect(page.Locator("#mapping-map[data-ready=true]")).ToBeAttachedAsync();
        // Each kind in its own colour on the map: matched green, only in the mapping orange, only in the register purple.
        foreach (var colour in new[] { "#1b6e3a", "#a34700", "#5b2a86" })
            await Assertions.Expect(page.Locator($"#mapping-map path[stroke='{colour}']").First).ToBeAttachedAsync();
        await Accessibility.Axe.AssertNoneAsync(page);

        // The year before has nothing before it to compare areas with.
        await page.GetByRole(AriaRole.Link, new() { Name = earlier, Exact = true }).ClickAsync();
        await Assertions.Expect(reconciliation.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync($"Kartläggningen {earlier} jämförd med registret");
        await Assertions.Expect(reconciliation).ToContainTextAsync("Det finns ingen tidigare kartläggning");

        // The dashboard counts the active scenes by each mapping beside the register, naming the source.
        await page.GotoAsync("/dashboard");
        var bySource = page.GetByTestId("active-by-source");
        await Assertions.Expect(bySource).ToContainTextAsync(later);
        await Assertions.Expect(bySource).ToContainTextAsync("SSR kartläggning (syntetiska demodata)");
    }
}
