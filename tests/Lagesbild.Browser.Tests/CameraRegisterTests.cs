using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Lagesbild.Browser.Tests;

/// <summary>The coordinator keeps the camera register: a camera set to record while the school is open is refused on the page, one outside is saved.</summary>
public sealed class CameraRegisterTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_coordinator_is_refused_a_camera_in_school_hours_and_registers_one_outside_them()
    {
        var page = await app.SignedInPageAsync("samordnare@lagesbild.example");
        // The coordinator's bar is full: the register opens from Skolor.
        await page.GetByRole(AriaRole.Link, new() { Name = "Skolor", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/sites");
        await page.GetByRole(AriaRole.Link, new() { Name = "Kameraregister", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/cameras");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Kameraregister");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Förskola Rinkeby 1" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Kamera gården" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Ladda ned registret som PDF" })).ToHaveAttributeAsync("href", "/api/cameras/register.pdf");

        var school = await app.QueryAsync(db => db.Sites.Where(s => s.Name == "Skola Rinkeby 1").Select(s => s.Id).SingleAsync());
        await page.GotoAsync($"/cameras?site={school}");
        await page.Locator(".cameras-page[data-ready=true]").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera kamera" }).ClickAsync();
        await page.GetByLabel("Namn", new() { Exact = true }).FillAsync("Kamera entrén (test)");
        await page.GetByLabel("Ändamål").FillAsync("Förebygga skadegörelse vid entrén.");
        await page.GetByLabel("Bevakat område").FillAsync("Entrén och trappan.");
        await page.GetByLabel("Intresseavvägning").FillAsync("Skadegörelse vid entrén flera helger; kameran ser bara entrén och trappan.");
        await page.GetByLabel("Var skyltarna sitter").FillAsync("Vid entrén");
        await page.GetByText("Bara inom egna veckofönster").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Lägg till fönster" }).ClickAsync();
        await page.GetByLabel("Dag", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "fredag" }).ClickAsync();
        await page.GetByLabel("Från", new() { Exact = true }).FillAsync("07:00");
        await page.GetByLabel("Till", new() { Exact = true }).FillAsync("09:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();

        var refusal = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(refusal).ToContainTextAsync("möter enhetens öppettid 08:00–16:00");
        Assert.Equal(0, await app.QueryAsync(db => db.Cameras.CountAsync(c => c.Name == "Kamera entrén (test)")));

        await page.GetByLabel("Från", new() { Exact = true }).FillAsync("18:00");
        await page.GetByLabel("Till", new() { Exact = true }).FillAsync("24:00");
        // The still for the guard's card: the camera's address and its credentials, the password written and never shown.
        await page.GetByLabel("Adress till stillbild (valfri)").FillAsync("http://kamera-entren.example/snapshot.jpg");
        await page.GetByLabel("Kamerans användarnamn (valfritt)").FillAsync("larm");
        await page.GetByLabel("Kamerans lösenord").FillAsync("hemligt-kameralösen");
        await page.ScreenshotAsync(new() { Path = "/tmp/camera-form-credentials.png", FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Kameran är sparad.");
        var card = page.Locator("article", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Kamera entrén (test)" }) });
        await Assertions.Expect(card).ToContainTextAsync("fre 18:00–24:00");
        await Assertions.Expect(card).ToContainTextAsync("larm (lösenord sparat)");
        Assert.DoesNotContain("hemligt-kameralösen", await page.ContentAsync(), StringComparison.Ordinal);
        var stored = await app.QueryAsync(db => db.Cameras.Where(c => c.Name == "Kamera entrén (test)").Select(c => c.SnapshotPassword).SingleAsync());
        Assert.False(string.IsNullOrEmpty(stored));
        Assert.DoesNotContain("hemligt-kameralösen", stored, StringComparison.Ordinal);
        Assert.Equal(1, await app.QueryAsync(db => db.Cameras.CountAsync(c => c.Name == "Kamera entrén (test)" && c.SiteId == school)));
        await Accessibility.Axe.AssertNoneAsync(page);
    }

    [Fact]
    public async Task The_principal_reads_the_register_of_the_schools_own_sites_without_keeping_it()
    {
        var page = await app.SignedInPageAsync("rektor@lagesbild.example");
        await page.GotoAsync("/cameras");
        await page.Locator(".cameras-page[data-ready=true]").WaitForAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Kamera gården" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Registrera kamera" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Ändra" })).ToHaveCountAsync(0);
    }
}
