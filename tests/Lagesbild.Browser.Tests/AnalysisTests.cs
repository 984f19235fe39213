using System.Text.RegularExpressions;
using Lagesbild.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lagesbild.Browser.Tests;

/// <summary>The analyst's page before the weekly meeting: hot spots, candidates, and a candidate turned into a scene.</summary>
public sealed partial class AnalysisTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Shows_hot_spots_and_candidates_and_turns_a_new_candidate_into_a_scene()
    {
        var page = await app.SignedInPageAsync("samordnare@lagesbild.example");
        await BrowserApp.MapReadyAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Analys", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#analysis-map[data-ready=true]")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("hotspot-summary")).ToContainTextAsync("Heta celler");
        Assert.True(await page.Locator(".leaflet-overlay-pane path.leaflet-interactive").CountAsync() > 117, "districts, hot spot cells and candidates are drawn");
        // The strongest hot spots in words, for those who cannot see the map.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Starkast" })).ToBeVisibleAsync();
        Assert.True(await page.Locator("ol.strongest li").CountAsync() >= 1);
        // A place where nothing was seen is not ranked, however hot its neighbours make it.
        Assert.DoesNotContain(await page.Locator("ol.strongest li").AllInnerTextsAsync(), line => line.Contains("(0 iakttagelser)", StringComparison.Ordinal));
        // On a desktop the page stays one screen: the list scrolls beside the map, not the page into blank space.
        Assert.True(await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollHeight <= window.innerHeight + 1"), "the analysis page scrolls");
        // Each candidate is also a ring at its centre, which shows at city zoom where a hull is a few pixels wide.
        var candidates = await page.GetByTestId("candidate").CountAsync();
        Assert.True(candidates > 0);
        Assert.Equal(candidates, await page.Locator(".leaflet-overlay-pane path[stroke-dasharray='3 3']").CountAsync());

        // The demo's unregistered activity of the last weeks is a new candidate.
        var candidate = page.GetByTestId("candidate").Filter(new() { HasText = "Ny: ingen registrerad scen här." }).First;
        await Assertions.Expect(candidate).ToBeVisibleAsync();
        var heading = await candidate.GetByRole(AriaRole.Heading).InnerTextAsync();
        await Assertions.Expect(candidate.GetByRole(AriaRole.Table)).ToBeVisibleAsync();
        await candidate.GetByRole(AriaRole.Button, new() { Name = "Skapa scen" }).ClickAsync();
        var name = candidate.GetByLabel("Scenens namn");
        await Assertions.Expect(name).ToHaveValueAsync(SceneName());
        await Assertions.Expect(name).ToBeFocusedAsync();
        await name.FillAsync("Scen Solberga 7");
        await candidate.GetByRole(AriaRole.Button, new() { Name = "Spara scenen" }).ClickAsync();

        await page.WaitForURLAsync(new Regex(@"/scenes/\d+$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Scen Solberga 7");
        await Assertions.Expect(page.GetByText("Misstänkt").First).ToBeVisibleAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LagesbildDb>();
        var scene = await db.Scenes.Include(s => s.History).SingleAsync(s => s.Name == "Scen Solberga 7");
        Assert.Equal(Core.Scenes.SceneStatus.Suspected, scene.Status);
        Assert.Contains("Från analysens kandidat", scene.Description, StringComparison.Ordinal);
        // The candidate's centre (the mean of its observations) lies inside its hull, so the scene's area reaches into
        // the district the candidate is named by (the scene itself may be filed under a neighbouring district).
        var named = heading.Split(" · ").Last();
        var district = await db.Districts.SingleAsync(d => d.Name == named);
        Assert.True(scene.Area.Intersects(district.Area), $"the scene's area lies outside {named}");

        // Back on the analysis page the candidate now matches the new scene.
        await page.GotoAsync("/analysis");
        await Assertions.Expect(page.GetByTestId("candidate").Filter(new() { HasText = "Scen Solberga 7" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Guards_are_told_the_analysis_is_not_for_them()
    {
        var page = await app.SignedInPageAsync("vaktare@lagesbild.example");
        await page.GotoAsync("/analysis");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Analysen är till för analytiker");
        Assert.Equal(0, await page.Locator("#analysis-map").CountAsync());
    }

    [GeneratedRegex(@"^Scen .+ \d+$")]
    private static partial Regex SceneName();
}
