using System.Net;
using System.Net.Http.Headers;
using Lagesbild.Core.Access;
using Lagesbild.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;

namespace Lagesbild.Browser.Tests;

/// <summary>A user turns on the authenticator app on her account page, signs in with it, and makes a token for a script.</summary>
public sealed class AccountTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Email = "tvasteg@lagesbild.example";

    [Fact]
    public async Task A_user_turns_on_the_authenticator_app_signs_in_with_a_recovery_code_and_makes_a_token()
    {
        await CreateUserAsync();
        var context = await app.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var page = await app.SignInAsync(context, Email);
        await page.GotoAsync("/account");
        await Assertions.Expect(page.Locator("[data-ready=true]")).ToBeAttachedAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Konfigurera appen" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR-kod för att lägga till Lägesbild i autentiseringsappen" })).ToBeVisibleAsync();
        var key = await page.Locator("code.secret").InnerTextAsync();
        await page.GetByLabel("Kod från appen").FillAsync("000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Slå på" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Koden stämmer inte");
        await page.GetByLabel("Kod från appen").FillAsync(new Totp(Base32Encoding.ToBytes(key)).ComputeTotp());
        await page.GetByRole(AriaRole.Button, new() { Name = "Slå på" }).ClickAsync();
        var codes = page.GetByRole(AriaRole.List, new() { Name = "Återställningskoder" }).GetByRole(AriaRole.Listitem);
        await Assertions.Expect(codes).ToHaveCountAsync(10);
        var recovery = await codes.First.InnerTextAsync();
        await Assertions.Expect(page.GetByText("Autentiseringsappen är på. Återställningskoder kvar: 10.", new() { Exact = false })).ToBeVisibleAsync();

        // Signing in again takes the password and then a code: a wrong one is refused, a recovery code lets her in.
        var again = await (await app.NewContextAsync(new BrowserNewContextOptions())).NewPageAsync();
        await again.GotoAsync("/login?returnUrl=%2Faccount");
        await again.GetByLabel("E-post").FillAsync(Email);
        await again.GetByLabel("Lösenord").FillAsync("Lagesbild-demo-1");
        await again.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Assertions.Expect(again.GetByRole(AriaRole.Heading, new() { Name = "Kod från autentiseringsappen" })).ToBeVisibleAsync();
        await Accessibility.Axe.AssertNoneAsync(again);
        await again.GetByLabel("Kod", new() { Exact = true }).FillAsync("123456");
        await again.GetByRole(AriaRole.Button, new() { Name = "Fortsätt" }).ClickAsync();
        await Assertions.Expect(again.GetByRole(AriaRole.Alert)).ToContainTextAsync("Koden stämmer inte");
        await Accessibility.Axe.AssertNoneAsync(again);
        await again.GetByLabel("Kod", new() { Exact = true }).FillAsync(recovery);
        await again.GetByRole(AriaRole.Button, new() { Name = "Fortsätt" }).ClickAsync();
        await again.WaitForURLAsync(app.BaseUrl.TrimEnd('/') + "/account");
        // The form works once the page is live; filled in before, the name would be lost and the button post nothing.
        await Assertions.Expect(again.Locator("[data-ready=true]")).ToBeAttachedAsync();
        await Assertions.Expect(again.GetByText("Återställningskoder kvar: 9.", new() { Exact = false })).ToBeVisibleAsync();

        // A token for a script, shown once, that the API takes as a bearer token.
        await again.GetByLabel("Namn", new() { Exact = true }).FillAsync("Veckoskript");
        await again.GetByRole(AriaRole.Button, new() { Name = "Skapa nyckel" }).ClickAsync();
        var token = await again.GetByTestId("new-token").InnerTextAsync();
        using var script = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/auth/me")).StatusCode);
        await again.GetByRole(AriaRole.Button, new() { Name = "Återkalla nyckeln Veckoskript" }).ClickAsync();
        await Assertions.Expect(again.GetByRole(AriaRole.Status)).ToContainTextAsync("Nyckeln Veckoskript är återkallad.");
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/auth/me")).StatusCode);
    }

    private async Task CreateUserAsync()
    {
        var hasher = app.Services.GetRequiredService<IPasswordHasher<User>>();
        await app.QueryAsync(async db =>
        {
            if (await db.Users.AnyAsync(u => u.Email == Email))
                return 0;
            var organisation = await db.Organisations.FirstAsync();
            var user = new User { Email = Email, DisplayName = "Tvåsteg Testsson", OrganisationId = organisation.Id, Roles = [Role.Analyst], CreatedAt = TimeProvider.System.GetUtcNow() };
            user.PasswordHash = hasher.HashPassword(user, "Lagesbild-demo-1");
            db.Users.Add(user);
            return await db.SaveChangesAsync();
        });
    }
}
