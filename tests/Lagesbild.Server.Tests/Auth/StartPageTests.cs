using System.Net;
using System.Net.Http.Headers;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Lagesbild.Server.Tests.Auth;

/// <summary>`/start`: each role lands where its work is; a caretaker with one round left today lands on that round.</summary>
public abstract class StartPageTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    /// <summary>Thursday evening, when Friday's rounds are planned, and Friday 27 November 2026 at 05:00 in Stockholm.</summary>
    private static readonly DateTimeOffset ThursdayEvening = new(2026, 11, 26, 20, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FridayMorning = new(2026, 11, 27, 4, 0, 0, TimeSpan.Zero);

    private HttpClient NoRedirects(string? token = null)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<string?> StartOfAsync(string token)
    {
        using var client = NoRedirects(token);
        using var response = await client.GetAsync("/start");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location?.OriginalString;
    }

    [Theory]
    [InlineData(Role.Coordinator, "/")]
    [InlineData(Role.Police, "/")]
    [InlineData(Role.SocialServices, "/")]
    [InlineData(Role.SchoolManager, "/sites")]
    [InlineData(Role.Guard, "/alarms")]
    [InlineData(Role.ControlRoom, "/alarms")]
    [InlineData(Role.Analyst, "/analysis")]
    [InlineData(Role.Admin, "/admin/users")]
    [InlineData(Role.DataProtection, "/audit")]
    public async Task Each_role_is_sent_to_its_own_start_page(Role role, string page) =>
        Assert.Equal(page, await StartOfAsync(app.TokenOf(role)));

    [Fact]
    public async Task A_caretaker_with_one_round_left_today_goes_to_it_and_with_two_to_todays_list()
    {
        app.Clock.AdjustTime(ThursdayEvening);
        var school = await app.OrganisationAsync("Startskolan");
        var first = (await app.SiteAsync(Places.Next(), school)).GetProperty("id").GetInt64();
        var email = $"vaktmastare-{Guid.NewGuid():N}@other.example";
        using (var admin = app.ClientFor(Role.Admin))
            await admin.PostJsonAsync("/api/users", new { email, displayName = "Stina Vaktmästare", password = LagesbildFactory.Password, organisationId = school, roles = new[] { "SchoolStaff" } }, HttpStatusCode.Created);
        var token = await app.SignInAsync(email, LagesbildFactory.Password);
        using var caretaker = app.CreateClient();
        caretaker.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var round = await caretaker.RoundOfAsync(first, "2026-11-27");
        app.Clock.AdjustTime(FridayMorning);

        Assert.Equal($"/rounds/{round!.Value.GetProperty("id").GetInt64()}", await StartOfAsync(token));

        var second = (await app.SiteAsync(Places.Next(), school)).GetProperty("id").GetInt64();
        Assert.NotNull(await caretaker.RoundOfAsync(second, "2026-11-27"));
        Assert.Equal("/rounds", await StartOfAsync(token));
    }

    [Fact]
    public async Task Without_a_sign_in_the_start_page_asks_for_one()
    {
        using var anonymous = NoRedirects();
        using var response = await anonymous.GetAsync("/start");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal("/login", location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0]);
    }
}

public sealed class StartPageOnSqlite(SqliteLagesbild app) : StartPageTests<SqliteLagesbild>(app);

public sealed class StartPageOnPostgres(PostgresLagesbild app) : StartPageTests<PostgresLagesbild>(app);
