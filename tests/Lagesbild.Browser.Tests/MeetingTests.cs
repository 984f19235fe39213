using System.Globalization;
using Lagesbild.Core.Meetings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lagesbild.Browser.Tests;

/// <summary>Tuesday's samverkan meeting: the agenda, a decision, an action with its owner and due date, and next week's agenda starting with it.</summary>
public sealed class MeetingTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_coordinator_walks_the_meeting_and_next_weeks_agenda_starts_with_the_action_due()
    {
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var page = await app.SignedInPageAsync("samordnare@lagesbild.example");
        await BrowserApp.MapReadyAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Möten", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/meetings");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Samverkansmöten");
        await Accessibility.Axe.AssertNoneAsync(page);

        // This week's meeting for Husby, tomorrow at 13:00.
        var day = MeetingRules.DayOf(now).AddDays(1);
        await page.GetByLabel("Datum och tid").FillAsync(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T13:00");
        await page.GetByLabel("Område").SelectOptionAsync(new SelectOptionValue { Label = "Husby" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Kalla till möte" }).ClickAsync();
        await page.WaitForURLAsync("**/meetings/*");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Samverkansmöte Husby");
        var first = new Uri(page.Url).AbsolutePath;
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dagordning" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "1. Uppdrag att följa upp" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sammanfattning" })).ToBeVisibleAsync();

        var decision = $"Polisen och staden samordnar kvällsnärvaron vid torget ({Guid.NewGuid():N})";
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Beslut", Exact = true }).FillAsync(decision);
        await page.GetByRole(AriaRole.Button, new() { Name = "Anteckna beslut" }).ClickAsync();
        await Assertions.Expect(page.Locator(".decision-list li", new() { HasText = decision })).ToBeVisibleAsync();

        var action = $"Polisen patrullerar vid torget fredag kväll ({Guid.NewGuid():N})";
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Uppdrag", Exact = true }).FillAsync(action);
        await page.GetByLabel("Ansvarig organisation").SelectOptionAsync(new SelectOptionValue { Label = "Polisen, lokalpolisområde (demo)" });
        await page.GetByLabel("Klart senast").FillAsync(day.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Anteckna uppdrag" }).ClickAsync();
        var agreed = page.GetByRole(AriaRole.Region, new() { Name = "Uppdrag från mötet" });
        await Assertions.Expect(agreed.GetByRole(AriaRole.Row, new() { Name = action })).ToContainTextAsync("Polisen, lokalpolisområde (demo)");
        await Accessibility.Axe.AssertNoneAsync(page);

        // Next week's meeting: its agenda starts with the action, due three days after this one and so overdue then.
        await page.GetByRole(AriaRole.Link, new() { Name = "Samverkansmöten" }).ClickAsync();
        await page.WaitForURLAsync("**/meetings");
        await page.GetByLabel("Datum och tid").FillAsync(day.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T13:00");
        await page.GetByLabel("Område").SelectOptionAsync(new SelectOptionValue { Label = "Husby" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Kalla till möte" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(day.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var due = page.GetByRole(AriaRole.Region, new() { Name = "1. Uppdrag att följa upp" });
        await Assertions.Expect(due.Locator("tbody tr").First).ToContainTextAsync(action);
        await Assertions.Expect(due.Locator("tbody tr").First).ToContainTextAsync("Försenat");
        await Accessibility.Axe.AssertNoneAsync(page);

        // The minutes of the first meeting, with the PDF link.
        var minutes = await page.Context.NewPageAsync();
        await minutes.GotoAsync($"/api{first}/minutes");
        await Assertions.Expect(minutes.GetByText(decision)).ToBeVisibleAsync();
        await Assertions.Expect(minutes.GetByTestId("minutes-pdf")).ToBeVisibleAsync();
        await Accessibility.Axe.AssertNoneAsync(minutes);
    }

    [Fact]
    public async Task The_police_mark_their_overdue_action_done_with_a_note()
    {
        var page = await app.SignedInPageAsync("polis@lagesbild.example");
        await BrowserApp.MapReadyAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Möten", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Uppdrag från mötena" }).ClickAsync();
        await page.WaitForURLAsync("**/actions");
        // The demo's action from last Tuesday's meeting in Järva, owned by the police and overdue since yesterday.
        var row = page.GetByRole(AriaRole.Row, new() { Name = "Polisen patrullerar vid platsen fredag och lördag kväll" });
        await Assertions.Expect(row).ToContainTextAsync("Försenat");
        await Accessibility.Axe.AssertNoneAsync(page);
        await row.GetByLabel("Ny status").SelectOptionAsync(new SelectOptionValue { Label = "Klart" });
        await row.GetByLabel("Anteckning").FillAsync("Patrullerat fredag och lördag, lugnt efter kl. 22.");
        await row.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Sparat.");
        // Open ones only: it has left the list; with the closed ones it is there, done, with its history.
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await page.GetByLabel("Bara öppna").UncheckAsync();
        await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*Klart"));
        await row.GetByText("Historik").ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Patrullerat fredag och lördag, lugnt efter kl. 22.");
    }
}
