using Lagesbild.Server.Features.Rounds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Lagesbild.Browser.Tests;

/// <summary>The caretaker finds two syringes she cannot remove safely; the principal is told at once.</summary>
public sealed class ChildSafetyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Caretaker = "skola@lagesbild.example";
    private const string Principal = "rektor@lagesbild.example";

    [Fact]
    public async Task The_caretaker_records_two_syringes_not_removed_on_the_phone_and_the_principal_sees_the_notice()
    {
        // The school's round: the preschool's is the caretaker journey's, which completes it on the same server.
        var (roundId, lat, lon) = await app.TodaysRoundAsync(Caretaker, Core.Sites.SiteKind.School);
        var site = await app.QueryAsync(db => db.Rounds.Where(r => r.Id == roundId).Select(r => r.Site!.Name).SingleAsync());
        var context = await app.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
            Geolocation = new Geolocation { Latitude = (float)lat, Longitude = (float)lon, Accuracy = 8 },
            Permissions = ["geolocation"],
        });
        var phone = await app.SignInAsync(context, Caretaker);
        await phone.GotoAsync("/rounds");
        await phone.GetByRole(AriaRole.Link, new() { Name = site, Exact = true }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Checklista" })).ToBeVisibleAsync();

        await phone.GetByLabel("Typ av fynd").SelectOptionAsync(new SelectOptionValue { Label = "Sprutor/kanyler" });
        await phone.GetByLabel("Antal").FillAsync("2");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Använd telefonens position" }).ClickAsync();
        await Assertions.Expect(phone.Locator("#finding-position")).ToContainTextAsync("Position från telefonen");
        await Assertions.Expect(phone.GetByLabel("Borttaget på ett säkert sätt")).Not.ToBeCheckedAsync();
        // What she typed is still there when she saves: a refresh in the background keeps a begun finding.
        await Assertions.Expect(phone.GetByLabel("Antal")).ToHaveValueAsync("2");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Spara fyndet" }).ClickAsync();
        // Sent: the finding stands in the list as stored (no longer waiting on the phone), and the sync line says so.
        await Assertions.Expect(phone.Locator("li.finding:not(.waiting)", new() { HasText = "inte borttaget" })).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Assertions.Expect(phone.Locator("#rounds-sync")).ToContainTextAsync("allt är skickat");
        await context.CloseAsync();

        var link = $"/rounds/{roundId}";
        var principalId = await app.QueryAsync(db => db.Users.Where(u => u.Email == Principal).Select(u => u.Id).SingleAsync());
        Assert.Equal(1, await app.QueryAsync(db => db.Notifications.CountAsync(n => n.UserId == principalId && n.Kind == ChildSafetyAlerts.NotRemoved && n.Link == link)));

        var page = await app.SignedInPageAsync(Principal);
        await page.GotoAsync("/notifications");
        // The demo's own notice of an earlier round at the same school links elsewhere.
        var notice = page.Locator($"li.unread:has(a[href='{link}'])");
        await Assertions.Expect(notice).ToContainTextAsync($"{site}: 2 kanyler/sprutor hittades");
        await Assertions.Expect(notice).ToContainTextAsync("kunde inte tas om hand säkert");
        await Assertions.Expect(notice.GetByRole(AriaRole.Link, new() { Name = "Öppna" })).ToHaveAttributeAsync("href", link);
        await Accessibility.Axe.AssertNoneAsync(page);
    }
}
