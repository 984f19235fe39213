using System.Globalization;
using Lagesbild.Core.Observations;
using Lagesbild.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Lagesbild.Browser.Tests;

/// <summary>A resident reports syringes from her phone on the public page, and follows the report by its reference.</summary>
public sealed class ResidentReportTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private async Task<IPage> PhonePageAsync(string locale = "sv-SE")
    {
        var context = await app.NewContextAsync(new BrowserNewContextOptions { Locale = locale, ViewportSize = Phone, IsMobile = true, HasTouch = true });
        return await context.NewPageAsync();
    }

    [Fact]
    public async Task A_resident_files_a_report_on_her_phone_and_finds_its_status_by_reference()
    {
        var page = await PhonePageAsync();
        await page.GotoAsync("/public");
        await page.GetByRole(AriaRole.Link, new() { Name = "Kanyler och sprutor" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Kanyler och sprutor", Level = 1 })).ToBeVisibleAsync();

        // Sent without a place or the required answers: the form says what to correct and keeps what was written.
        await page.GetByLabel("Beskriv vad du såg").FillAsync("Tre sprutor vid sandlådan <b>nu</b>");
        await page.GetByRole(AriaRole.Button, new() { Name = "Skicka anmälan" }).ClickAsync();
        var errors = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(errors).ToContainTextAsync("tryck på kartan");
        await Assertions.Expect(errors).ToContainTextAsync("Hur många ungefär?");
        await Assertions.Expect(page.GetByLabel("Beskriv vad du såg")).ToHaveValueAsync("Tre sprutor vid sandlådan <b>nu</b>");

        // The place is tapped on the map (a tap in the middle is the city centre), then the answers.
        await Assertions.Expect(page.Locator("#place-map.leaflet-container")).ToBeVisibleAsync();
        await page.Locator("#place-map").TapAsync();
        await Assertions.Expect(page.Locator("#place-chosen")).ToContainTextAsync("Vald plats");
        await page.GetByLabel("Hur många ungefär?").FillAsync("3");
        await page.GetByLabel("Ja").CheckAsync();
        var before = await app.QueryAsync(db => db.ServiceRequests.CountAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Skicka anmälan" }).ClickAsync();

        var reference = await page.GetByTestId("reference").TextContentAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("114 14");
        var id = long.Parse(reference!.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var stored = await app.QueryAsync(db => db.ServiceRequests.SingleAsync(r => r.Id == id));
        Assert.Equal(before + 1, await app.QueryAsync(db => db.ServiceRequests.CountAsync()));
        Assert.Equal(("syringes", ObservationCategory.Syringes, "Tre sprutor vid sandlådan <b>nu</b>"), (stored.ServiceCode, stored.Category, stored.Description));
        Assert.InRange(stored.Lat!.Value, 59.2, 59.45);
        Assert.Null(stored.ApiKeyId);

        // Reloading the receipt (a second press) files nothing more.
        await page.ReloadAsync();
        Assert.Equal(before + 1, await app.QueryAsync(db => db.ServiceRequests.CountAsync()));

        // Later she looks it up from the start page by its reference.
        await page.GotoAsync("/public");
        await page.GetByLabel("Ärendenummer").FillAsync(reference);
        await page.GetByRole(AriaRole.Button, new() { Name = "Visa status" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("Mottagen");
        await Assertions.Expect(page.GetByTestId("report-status")).ToContainTextAsync("Kanyler och sprutor");
    }

    [Fact]
    public async Task With_the_tile_server_blocked_the_residents_map_and_form_show_the_districts_outlines_and_names()
    {
        var page = await PhonePageAsync();
        var blocked = 0;
        await page.RouteAsync("http://127.0.0.1:9/**", async route =>
        {
            Interlocked.Increment(ref blocked);
            await route.AbortAsync("blockedbyclient");
        });
        await page.GotoAsync("/public");
        var map = page.Locator("#public-map[data-districts=true]");
        await Assertions.Expect(map).ToBeVisibleAsync();
        Assert.True(blocked > 0, "the map asked the tile server for tiles");
        Assert.True(await map.Locator(".leaflet-overlay-pane path").CountAsync() >= 117, "the 117 districts' outlines are drawn");

        // The report form's map: the city at first, with names once the resident zooms in to find her street.
        await page.GotoAsync("/public/report/syringes");
        var place = page.Locator("#place-map[data-districts=true]");
        await Assertions.Expect(place).ToBeVisibleAsync();
        Assert.True(await place.Locator(".leaflet-overlay-pane path").CountAsync() >= 117);
        var name = place.Locator(".district-label", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^Södermalm$") });
        await Assertions.Expect(name).ToBeHiddenAsync();
        await place.GetByRole(AriaRole.Button, new() { Name = "Zoom in" }).TapAsync();
        await Assertions.Expect(name).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_coordinator_links_this_mornings_report_to_yesterdays_and_closes_it_with_a_note_the_resident_reads()
    {
        // The demo's story: syringes by a school yesterday, and again 80 m away this morning.
        var (yesterday, today) = await app.QueryAsync(async db =>
        {
            var story = await db.ServiceRequests.Where(r => r.ServiceCode == "syringes" && r.TriagedAt == null && r.Description != null && r.Description.Contains("skola"))
                .OrderBy(r => r.Id).Select(r => r.Id).ToListAsync();
            return (story[^2], story[^1]);
        });
        var page = await app.SignedInPageAsync("samordnare@lagesbild.example");
        await page.GotoAsync("/triage");
        await Assertions.Expect(page.Locator(".triage-page[data-ready=true]")).ToBeAttachedAsync();
        // A compact list with a map: every new report with a place is a dot over the district outlines (no tiles here).
        var rows = page.GetByTestId("triage-row");
        var map = page.Locator("#triage-map[data-ready=true]");
        await Assertions.Expect(map).ToBeVisibleAsync();
        Assert.True(await rows.CountAsync() >= 2);
        Assert.True(int.Parse(await map.GetAttributeAsync("data-reports") ?? "0", CultureInfo.InvariantCulture) >= 2);
        Assert.True(await map.Locator(".leaflet-overlay-pane path").CountAsync() >= 117);

        ILocator Row(long id) => page.GetByRole(AriaRole.Button, new() { Name = $"Ärende {id}", Exact = true });
        var card = page.GetByTestId("triage-card");
        await Row(today).ClickAsync();
        await Assertions.Expect(card.GetByRole(AriaRole.Heading, new() { Name = $"Ärende {today} " })).ToBeVisibleAsync();
        await Assertions.Expect(card).ToContainTextAsync("80 m bort");

        await card.GetByRole(AriaRole.Button, new() { Name = $"Länka som dubblett av {yesterday}" }).ClickAsync();
        await Assertions.Expect(Row(today)).ToHaveCountAsync(0);

        await Row(yesterday).ClickAsync();
        await Assertions.Expect(card.GetByRole(AriaRole.Heading, new() { Name = $"Ärende {yesterday} " })).ToBeVisibleAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Ta emot som iakttagelse" }).ClickAsync();
        await Assertions.Expect(Row(yesterday)).ToHaveCountAsync(0);
        var observation = await app.QueryAsync(db => db.ServiceRequests.Where(r => r.Id == yesterday).Select(r => r.ObservationId).SingleAsync());
        Assert.NotNull(observation);

        await page.GetByLabel("Visa").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Öppna" }).ClickAsync();
        await Row(yesterday).ClickAsync();
        await Assertions.Expect(card.GetByRole(AriaRole.Heading, new() { Name = $"Ärende {yesterday} " })).ToBeVisibleAsync();
        await card.GetByLabel("Anteckning till invånaren").FillAsync("Sprutorna är upplockade. Tack!");
        // No status is chosen for her: saving asks for one.
        await card.GetByRole(AriaRole.Button, new() { Name = "Spara status" }).ClickAsync();
        await Assertions.Expect(card.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Välj en ny status först.");
        await card.GetByRole(AriaRole.Combobox, new() { Name = "Ny status" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Åtgärdad", Exact = true }).ClickAsync();
        // The list has folded away before the button is pressed (a click on its closing overlay would be lost).
        await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = "Åtgärdad", Exact = true })).ToBeHiddenAsync();
        // Closing asks once more; saying no leaves the report open.
        await card.GetByRole(AriaRole.Button, new() { Name = "Spara status" }).ClickAsync();
        var question = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(question).ToContainTextAsync($"Stänga ärende {yesterday}?");
        await question.GetByRole(AriaRole.Button, new() { Name = "Avbryt" }).ClickAsync();
        await Assertions.Expect(question).ToHaveCountAsync(0);
        Assert.NotEqual("fixed", await app.QueryAsync(db => db.ServiceRequests.Where(r => r.Id == yesterday).Select(r => r.Status).SingleAsync()));
        await card.GetByRole(AriaRole.Button, new() { Name = "Spara status" }).ClickAsync();
        await question.GetByRole(AriaRole.Button, new() { Name = "Stäng ärendet" }).ClickAsync();
        await Assertions.Expect(Row(yesterday)).ToHaveCountAsync(0);

        var resident = await PhonePageAsync();
        await resident.GotoAsync($"/public/reports?ref={yesterday}");
        await Assertions.Expect(resident.GetByTestId("status")).ToHaveTextAsync("Åtgärdad");
        await Assertions.Expect(resident.GetByTestId("status-note")).ToHaveTextAsync("Sprutorna är upplockade. Tack!");
        await resident.GotoAsync($"/public/reports?ref={today}");
        await Assertions.Expect(resident.GetByTestId("status")).ToHaveTextAsync("Redan anmäld (dubblett)");
    }
}
