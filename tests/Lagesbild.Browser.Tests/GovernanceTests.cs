using Lagesbild.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Lagesbild.Browser.Tests;

/// <summary>Governed sharing on the demo: the police's own audit log and its chain, and the police's queue of residents' reports.</summary>
public sealed class GovernanceTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Police = "polis@lagesbild.example";

    [Fact]
    public async Task The_police_open_Logg_see_who_read_their_records_and_find_a_tampered_entry()
    {
        var page = await app.SignedInPageAsync(Police);
        await BrowserApp.MapReadyAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Logg", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/audit");
        await Assertions.Expect(page.Locator(".audit-page[data-ready=true]")).ToBeAttachedAsync();

        // The demo's month of reads of Restricted records, by the police themselves.
        await Assertions.Expect(page.Locator(".audit-table tbody tr").First).ToContainTextAsync("Per Polis");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kontrollera kedjan" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Kedjan är obruten")).ToBeVisibleAsync();

        // Someone with access to the database changes an old entry: the chain check finds it.
        var tampered = await app.QueryAsync(async db =>
        {
            var entry = await db.AuditEntries.Where(a => a.Owner == "Police").OrderBy(a => a.Id).FirstAsync();
            entry.Detail = "ändrad i efterhand";
            await db.AuditEntries.Where(a => a.Id == entry.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Detail, entry.Detail));
            return entry.Id;
        });
        try
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Kontrollera kedjan" }).ClickAsync();
            await Assertions.Expect(page.GetByText($"Kedjan är bruten vid post {tampered}")).ToBeVisibleAsync();
        }
        finally
        {
            // Put it back, so the other tests of this class see an unbroken chain.
            await app.QueryAsync(db => db.AuditEntries.Where(a => a.Id == tampered).ExecuteUpdateAsync(s => s.SetProperty(a => a.Detail, "Restricted (demo)")));
        }
    }

    [Fact]
    public async Task A_coordinator_has_no_Logg_and_is_refused_the_page()
    {
        var page = await app.SignedInPageAsync("samordnare@lagesbild.example");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Logg", Exact = true })).ToHaveCountAsync(0);
        await page.GotoAsync("/audit");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        var response = await page.GotoAsync("/api/audit");
        Assert.Equal(403, response!.Status);
    }

    [Fact]
    public async Task The_police_receive_a_forwarded_report_from_their_queue()
    {
        var waiting = await app.QueryAsync(db => db.ServiceRequests.CountAsync(r => r.ForwardedTo == "police" && r.ReceivedAt == null));
        Assert.True(waiting > 0, "The demo has reports forwarded to the police.");
        var page = await app.SignedInPageAsync(Police, new ViewportSize { Width = 390, Height = 844 });
        await page.GotoAsync("/police-queue");
        await Assertions.Expect(page.Locator(".triage-page[data-ready=true]")).ToBeAttachedAsync();
        var cards = page.GetByTestId("police-queue-card");
        await Assertions.Expect(cards).ToHaveCountAsync(waiting);

        await cards.First.GetByRole(AriaRole.Button, new() { Name = "Ta emot som intern" }).ClickAsync();

        await Assertions.Expect(cards).ToHaveCountAsync(waiting - 1);
        Assert.Equal(waiting - 1, await app.QueryAsync(db => db.ServiceRequests.CountAsync(r => r.ForwardedTo == "police" && r.ReceivedAt == null)));
        var received = await app.QueryAsync(db => db.ServiceRequests.OrderByDescending(r => r.ReceivedAt).FirstAsync(r => r.ReceivedAt != null));
        Assert.NotNull(received.ObservationId);
        Assert.True(await app.QueryAsync(db => db.ServiceRequestUpdates.AnyAsync(u => u.ServiceRequestId == received.Id && u.Description!.Contains("Polisen har tagit emot"))));
    }
}
