using System.Globalization;
using System.Net;
using System.Text;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Hardening;

/// <summary>Input that once made the server answer 500: numbers beyond a double and redirects off the site.</summary>
public abstract class UnreadableInputTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("lat")]
    [InlineData("lon")]
    public async Task An_observation_with_a_coordinate_beyond_a_double_is_400_naming_it(string field)
    {
        var place = Places.Next();
        var lat = field == "lat" ? "1e400" : Number(place.Lat);
        var lon = field == "lon" ? "-1e400" : Number(place.Lon);
        using var client = app.ClientFor(Role.Coordinator);

        using var response = await client.PostAsync("/api/observations", Json(
            $$"""{"category":"Dealing","lat":{{lat}},"lon":{{lon}},"occurredFrom":"2026-11-26T20:00:00+01:00","classification":"Internal"}"""));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_finding_with_a_coordinate_beyond_a_double_is_400_naming_it()
    {
        var place = Places.Next();
        var site = await app.SiteAsync(place, await app.HomeOrganisationAsync());
        app.Clock.AdjustTime(new DateTimeOffset(2026, 11, 29, 20, 0, 0, TimeSpan.Zero));
        using var staff = app.ClientFor(Role.SchoolStaff);
        var roundId = (await staff.RoundOfAsync(site.Id(), "2026-11-30"))!.Value.GetProperty("id").GetInt64();

        using var response = await staff.PostAsync($"/api/rounds/{roundId}/findings", Json(
            $$"""{"category":"Syringes","count":1,"lat":{{Number(place.Lat)}},"lon":1e400,"removedSafely":true}"""));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "lon");
    }

    [Fact]
    public async Task A_measure_area_with_a_coordinate_beyond_a_double_is_400_naming_it()
    {
        using var client = app.ClientFor(Role.Coordinator);

        using var response = await client.PostAsync("/api/measures", Json(
            """{"kind":"Lighting","title":"Belysning","startsOn":"2026-11-01","area":{"type":"Polygon","coordinates":[[[17.9,59.3],[1e400,59.3],[17.91,59.31],[17.9,59.3]]]}}"""));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "area.coordinates[0][1][0]");
    }

    [Theory]
    [InlineData("/%5Cevil.example")]
    [InlineData("/%5C%5Cevil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example")]
    public async Task Choosing_a_language_with_a_redirect_off_the_site_is_400(string redirectUri)
    {
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync($"/culture?culture=en&redirectUri={redirectUri}");

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "redirectUri");
    }

    [Fact]
    public async Task Choosing_a_language_returns_to_the_page_on_the_site()
    {
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/culture?culture=en&redirectUri=%2Fscenes%3Fstatus%3DActive");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/scenes?status=Active", response.Headers.Location?.OriginalString);
    }
}

public sealed class UnreadableInputOnSqlite(SqliteLagesbild app) : UnreadableInputTests<SqliteLagesbild>(app);

public sealed class UnreadableInputOnPostgres(PostgresLagesbild app) : UnreadableInputTests<PostgresLagesbild>(app);
