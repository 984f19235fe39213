using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Lagesbild.Browser.Tests;

/// <summary>The administrator's pages on the demo: an account's life, and a sensor's secret shown once.</summary>
public sealed class AdministrationTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Admin = "admin@lagesbild.example";

    [Fact]
    public async Task An_administrator_creates_a_user_changes_her_role_and_deactivates_her()
    {
        // The administrator's work starts on the users page.
        var page = await app.SignedInPageAsync(Admin);
        await page.WaitForURLAsync("**/admin/users");
        await Assertions.Expect(page.Locator(".admin-page[data-ready=true]")).ToBeAttachedAsync();
        var email = $"ny-{Guid.NewGuid():N}@lagesbild.example";

        await page.GetByText("Ny användare").ClickAsync();
        await page.GetByLabel("E-post").FillAsync(email);
        await page.GetByLabel("Namn").First.FillAsync("Nora Nyanställd");
        await page.GetByLabel("Lösenord", new() { Exact = true }).FillAsync("Ett-bra-lösenord-1");
        await page.GetByRole(AriaRole.Group, new() { Name = "Roller" }).GetByLabel("Analytiker").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Skapa" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Nora Nyanställd har skapats." })).ToBeVisibleAsync();
        var row = page.Locator("tbody tr").Filter(new() { HasText = email });
        await Assertions.Expect(row).ToContainTextAsync("Analytiker");

        await row.GetByRole(AriaRole.Button, new() { Name = "Ändra Nora Nyanställd" }).ClickAsync();
        var edit = page.GetByRole(AriaRole.Region, new() { Name = "Ändra Nora Nyanställd" });
        await Assertions.Expect(edit.GetByRole(AriaRole.Heading, new() { Name = "Ändra Nora Nyanställd" })).ToBeFocusedAsync();
        await edit.GetByRole(AriaRole.Group, new() { Name = "Roller" }).GetByLabel("Analytiker").UncheckAsync();
        await edit.GetByRole(AriaRole.Group, new() { Name = "Roller" }).GetByLabel("Trygghetssamordnare").CheckAsync();
        await edit.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Nora Nyanställd har sparats." })).ToBeVisibleAsync();
        await Assertions.Expect(row).ToContainTextAsync("Trygghetssamordnare");

        await edit.GetByRole(AriaRole.Button, new() { Name = "Inaktivera", Exact = true }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Alertdialog);
        await Assertions.Expect(confirm).ToContainTextAsync("Inaktivera Nora Nyanställd?");
        await Assertions.Expect(confirm.GetByRole(AriaRole.Button, new() { Name = "Ja, inaktivera" })).ToBeFocusedAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Ja, inaktivera" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Nora Nyanställd har inaktiverats." })).ToBeVisibleAsync();
        await Assertions.Expect(row).ToContainTextAsync("Inaktiverad");

        var user = await app.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email));
        Assert.False(user.IsActive);
        Assert.Equal([Lagesbild.Core.Access.Role.Coordinator], user.Roles);
        var actions = await app.QueryAsync(db => db.AuditEntries.Where(e => e.Entity == "User" && e.EntityId == user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        Assert.Equal(["create-user", "update-user", "deactivate-user"], actions);
    }

    [Fact]
    public async Task A_new_sensors_secret_is_shown_once()
    {
        var page = await app.SignedInPageAsync(Admin);
        await page.GotoAsync("/admin/sensors");
        await Assertions.Expect(page.Locator(".admin-page[data-ready=true]")).ToBeAttachedAsync();
        var name = $"Dörr {Guid.NewGuid():N}"[..13];

        await page.GetByText("Ny sensor").ClickAsync();
        await page.GetByLabel("Namn").FillAsync(name);
        await page.GetByLabel("Typ av sensor").SelectOptionAsync(new SelectOptionValue { Label = "Dörr" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Skapa" }).ClickAsync();

        var secret = page.Locator(".secret-once");
        await Assertions.Expect(secret).ToContainTextAsync("Den visas inte igen.");
        await Assertions.Expect(secret.GetByRole(AriaRole.Button, new() { Name = "Kopiera" })).ToBeVisibleAsync();
        var shown = await secret.Locator(".secret-value").InnerTextAsync();
        Assert.True(Convert.FromBase64String(shown).Length >= 32);
        await Assertions.Expect(page.Locator("tbody tr").Filter(new() { HasText = name })).ToHaveCountAsync(1);

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".admin-page[data-ready=true]")).ToBeAttachedAsync();
        await Assertions.Expect(page.Locator("tbody tr").Filter(new() { HasText = name })).ToHaveCountAsync(1);
        Assert.DoesNotContain(shown, await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_alarm_panel_is_added_with_a_key_that_is_never_shown_again()
    {
        var page = await app.SignedInPageAsync(Admin);
        await page.GotoAsync("/admin/alarm-panels");
        await Assertions.Expect(page.Locator(".admin-page[data-ready=true]")).ToBeAttachedAsync();
        await Assertions.Expect(page.Locator("tbody tr").Filter(new() { HasText = "1234" })).ToContainTextAsync("Förskola Rinkeby 1");
        var account = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
        var key = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

        await page.GetByText("Ny larmcentral").ClickAsync();
        await page.GetByLabel("Skola eller förskola").SelectOptionAsync(new SelectOptionValue { Label = "Förskola Rinkeby 1" });
        await page.GetByLabel("Kontonummer").FillAsync(account);
        await page.GetByLabel("Namn").FillAsync("Centralapparat B");
        await page.GetByLabel("AES-nyckel (valfri)").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Skapa" }).ClickAsync();

        var row = page.Locator("tbody tr").Filter(new() { HasText = account });
        await Assertions.Expect(row).ToContainTextAsync("Ja");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".admin-page[data-ready=true]")).ToBeAttachedAsync();
        await Assertions.Expect(row).ToHaveCountAsync(1);
        Assert.DoesNotContain(key, await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_control_room_moves_a_guards_patrol_area_on_the_shifts_page()
    {
        var page = await app.SignedInPageAsync("larmcentral@lagesbild.example");
        await page.GotoAsync("/admin/guard-shifts");
        await Assertions.Expect(page.Locator(".admin-page[data-ready=true]")).ToBeAttachedAsync();
        var shiftId = await app.QueryAsync(db => db.GuardShifts.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());
        var row = page.Locator("tbody tr").First;

        await row.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Ändra passet för Vera Väktare") }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Ändra passet för Vera Väktare" });
        await Assertions.Expect(form.GetByLabel("Väktare")).ToBeFocusedAsync();
        await form.GetByRole(AriaRole.Group, new() { Name = "Patrullområde" }).GetByLabel("Abrahamsberg").UncheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Passet för Vera Väktare har ändrats." })).ToBeVisibleAsync();
        // The demo's guard patrols the whole city; Abrahamsberg is now left out of her area.
        await Assertions.Expect(page.Locator("tbody tr").Filter(new() { HasText = "Abrahamsberg" })).ToHaveCountAsync(0);
        // The form is back to a new shift, not the edited one's 116 districts.
        await Assertions.Expect(page.Locator("form[aria-label='Nytt pass']")).ToBeAttachedAsync();
        await Assertions.Expect(page.Locator("form[aria-label='Nytt pass'] input[type=checkbox]:checked")).ToHaveCountAsync(0);
        var abrahamsberg = await app.QueryAsync(db => db.Districts.Where(d => d.Name == "Abrahamsberg").Select(d => d.Id).SingleAsync());
        var shift = await app.QueryAsync(db => db.GuardShifts.AsNoTracking().SingleAsync(s => s.Id == shiftId));
        Assert.DoesNotContain(abrahamsberg.ToString(System.Globalization.CultureInfo.InvariantCulture), shift.DistrictIds.Split(','));
        Assert.Equal(116, shift.DistrictIds.Split(',').Length);
        var audited = await app.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Action == "update-shift" && e.EntityId == shiftId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(1, audited);
    }

    [Fact]
    public async Task Others_have_no_Administration_and_are_refused_the_pages()
    {
        var page = await app.SignedInPageAsync("samordnare@lagesbild.example");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Administration", Exact = true })).ToHaveCountAsync(0);
        await page.GotoAsync("/admin/users");
        await Assertions.Expect(page.Locator(".admin-users")).ToHaveCountAsync(0);
        var response = await page.GotoAsync("/api/users");
        Assert.Equal(403, response!.Status);
    }
}
