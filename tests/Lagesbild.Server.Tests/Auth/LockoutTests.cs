using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Auth;

public abstract class LockoutTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : SignInLagesbild
{
    [Fact]
    public async Task The_eleventh_wrong_password_in_a_row_answers_429_with_Retry_After_also_for_the_right_password()
    {
        var (_, email) = await app.NewUserAsync();
        for (var i = 1; i <= 10; i++)
        {
            using var wrong = await app.LoginAsync(email, $"fel-lösenord-{i}", address: $"203.0.113.{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using var locked = await app.LoginAsync(email, LagesbildFactory.Password, address: "203.0.113.99");
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        var retryAfter = int.Parse(locked.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 15 * 60);
        Assert.Contains("try again", (await locked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        app.Clock.Advance(TimeSpan.FromSeconds(retryAfter));
        using var later = await app.LoginAsync(email, LagesbildFactory.Password, address: "203.0.113.99");
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task A_right_password_ends_a_run_of_wrong_ones()
    {
        var (_, email) = await app.NewUserAsync();
        for (var i = 0; i < 9; i++)
            (await app.LoginAsync(email, "inte rätt lösenord", address: "203.0.114.1")).Dispose();
        using (var right = await app.LoginAsync(email, LagesbildFactory.Password, address: "203.0.114.1"))
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        for (var i = 0; i < 9; i++)
            (await app.LoginAsync(email, "inte rätt lösenord", address: "203.0.114.1")).Dispose();
        using var still = await app.LoginAsync(email, LagesbildFactory.Password, address: "203.0.114.1");
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task A_thousand_wrong_passwords_from_one_address_hold_that_address_back_and_no_other()
    {
        var (_, email) = await app.NewUserAsync();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 1000; i++)
        {
            // A different account each time: the address, not an account, is what is held back.
            using var response = await app.LoginAsync($"gissning{i}@test.example", "Sommar-2026-hemligt", address: "192.0.2.77");
            answers.Add(response.StatusCode);
        }
        Assert.Equal(SignInLagesbild.AddressLimit, answers.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.All(answers.Skip(SignInLagesbild.AddressLimit), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));

        using var sameAddress = await app.LoginAsync(email, LagesbildFactory.Password, address: "192.0.2.77");
        Assert.Equal(HttpStatusCode.TooManyRequests, sameAddress.StatusCode);
        Assert.NotNull(sameAddress.Headers.RetryAfter);
        using var otherAddress = await app.LoginAsync(email, LagesbildFactory.Password, address: "192.0.2.78");
        Assert.Equal(HttpStatusCode.OK, otherAddress.StatusCode);
    }

    [Fact]
    public async Task A_thousand_wrong_passwords_from_many_addresses_lock_the_account_after_ten()
    {
        var (_, email) = await app.NewUserAsync();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 1000; i++)
        {
            using var response = await app.LoginAsync(email, $"gissning nummer {i}", address: $"10.{i / 250}.{i % 250}.1");
            answers.Add(response.StatusCode);
        }
        Assert.Equal(10, answers.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(990, answers.Count(s => s == HttpStatusCode.TooManyRequests));
        using var right = await app.LoginAsync(email, LagesbildFactory.Password, address: "10.200.0.1");
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
    }

    [Fact]
    public async Task The_sign_in_page_says_the_account_is_locked_and_for_how_long()
    {
        var (_, email) = await app.NewUserAsync();
        for (var i = 0; i < 10; i++)
            (await app.LoginAsync(email, "fel fel fel fel", address: "203.0.115.1")).Dispose();
        using var browser = app.Browser(address: "203.0.115.2");
        using var response = await SignInLagesbild.PostLoginFormAsync(browser, email, LagesbildFactory.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("För många felaktiga försök. Försök igen om 15 minuter.", page);
        using var me = await browser.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task The_sign_in_page_sends_a_user_back_to_a_page_of_this_site_only()
    {
        var (_, email) = await app.NewUserAsync();
        foreach (var (returnUrl, expected) in new[] { ("/scenes?x=1", "/scenes?x=1"), ("//evil.example/x", "/start"), ("https://evil.example/", "/start"), ("/\\evil.example", "/start") })
        {
            using var browser = app.Browser(address: "203.0.116.1");
            using var response = await SignInLagesbild.PostLoginFormAsync(browser, email, LagesbildFactory.Password, returnUrl);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var target = new Uri(app.Server.BaseAddress, response.Headers.Location!);
            Assert.Equal((app.Server.BaseAddress.Host, expected), (target.Host, target.PathAndQuery));
        }
    }
}

public sealed class LockoutOnSqlite(SqliteSignIn app) : LockoutTests<SqliteSignIn>(app);

public sealed class LockoutOnPostgres(PostgresSignIn app) : LockoutTests<PostgresSignIn>(app);
