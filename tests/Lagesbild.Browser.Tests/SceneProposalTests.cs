using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Lagesbild.Browser.Tests;

/// <summary>A two-party status change: the city proposes that a scene has ceased, the police confirm it, and the history names both.</summary>
public sealed class SceneProposalTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Scene = "Scen Norrmalm 1";

    [Fact]
    public async Task The_coordinator_proposes_ceased_and_the_police_confirm_it()
    {
        var id = await app.QueryAsync(db => db.Scenes.Where(s => s.Name == Scene).Select(s => s.Id).SingleAsync());
        var coordinator = await app.SignedInPageAsync("samordnare@lagesbild.example");
        await coordinator.GotoAsync($"/scenes/{id}");
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(Scene);
        // The map is drawn once the page is interactive: a click on the select before that opens nothing.
        await Assertions.Expect(coordinator.Locator("#scene-map[data-ready=true]")).ToBeVisibleAsync();

        await coordinator.GetByLabel("Ny status").ClickAsync();
        await coordinator.GetByRole(AriaRole.Option, new() { Name = "Upphört" }).ClickAsync();
        await coordinator.GetByLabel("Motivering", new() { Exact = true }).FillAsync("Inga iakttagelser på tre månader enligt rondering.");
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Spara status" }).ClickAsync();

        // Proposed, not recorded: the scene is still active, and the proposal waits for the police.
        await Assertions.Expect(coordinator.Locator("#proposals")).ToContainTextAsync("Väntar");
        await Assertions.Expect(coordinator.Locator("#proposals")).ToContainTextAsync("att bekräftas av polisen");
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Button, new() { Name = "Bekräfta" })).ToHaveCountAsync(0);
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Heading, new() { Level = 1 })).Not.ToContainTextAsync("Upphört");
        await Assertions.Expect(coordinator.GetByText("Ändringen är föreslagen och väntar på den andra partens bekräftelse.")).ToBeVisibleAsync();
        // The message fades in and out: axe reads the page once it has gone, not a colour in between.
        await Assertions.Expect(coordinator.Locator(".mud-snackbar")).ToHaveCountAsync(0);
        await Accessibility.Axe.AssertNoneAsync(coordinator);

        var police = await app.SignedInPageAsync("polis@lagesbild.example");
        await police.GotoAsync("/notifications");
        var notice = police.GetByRole(AriaRole.Listitem).Filter(new() { HasText = $"föreslår att {Scene} blir" });
        await Assertions.Expect(notice).ToBeVisibleAsync();
        await notice.GetByRole(AriaRole.Link, new() { Name = "Öppna" }).ClickAsync();
        await police.WaitForURLAsync($"**/scenes/{id}#proposals");
        await police.GetByLabel("Anteckning (krävs för att avvisa)").FillAsync("Stämmer med vår bild.");
        await police.GetByRole(AriaRole.Button, new() { Name = "Bekräfta" }).ClickAsync();

        await Assertions.Expect(police.GetByText("Statusändringen är bekräftad.")).ToBeVisibleAsync();
        await Assertions.Expect(police.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Upphört");
        var latest = police.Locator(".history-table tbody tr").Filter(new() { HasText = "Inga iakttagelser på tre månader" });
        await Assertions.Expect(latest).ToContainTextAsync("Sara Samordnare, bekräftad av Per Polis");
        await Assertions.Expect(police.Locator("#proposals")).ToContainTextAsync("Bekräftad av Per Polis");
        await Assertions.Expect(police.Locator(".mud-snackbar")).ToHaveCountAsync(0);
        await Accessibility.Axe.AssertNoneAsync(police);
    }
}
