using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Sites;

public abstract class SiteApiTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static readonly object[] SchoolHours =
    [
        new { day = "Monday", opens = "08:00", closes = "16:00" },
        new { day = "Tuesday", opens = "08:00", closes = "16:00" },
        new { day = "Wednesday", opens = "08:00", closes = "16:00" },
        new { day = "Thursday", opens = "08:00", closes = "16:00" },
        new { day = "Friday", opens = "08:00", closes = "16:00" },
    ];

    private static object Body(Place place, string kind = "School", object[]? hours = null, object? yard = null, object[]? exceptions = null, string? name = null)
    {
        var (lon, lat) = place.At();
        return new { name = name ?? $"Skola {Api.UniqueLetters()}", kind, lat, lon, yard, openingHours = hours ?? SchoolHours, exceptions };
    }

    private Task<int> SitesAsync() => app.QueryAsync(db => db.Sites.CountAsync());

    [Fact]
    public async Task A_coordinator_registers_a_school_that_is_open_on_a_friday_morning()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var place = Places.Next();

        // The fake clock stands at Friday 2026-11-27 10:00 UTC, 11:00 in Stockholm.
        var created = await client.PostJsonAsync("/api/sites", Body(place, yard: new { type = "Polygon", coordinates = place.Square() }), HttpStatusCode.Created);
        var site = await client.GetJsonAsync($"/api/sites/{created.Id()}");

        Assert.Equal("School", site.Props().GetProperty("kind").GetString());
        Assert.True(site.Props().GetProperty("openNow").GetBoolean());
        Assert.False(site.Props().GetProperty("openDuringBreaks").GetBoolean());
        Assert.Equal(5, site.Props().GetProperty("openingHours").GetArrayLength());
        Assert.Equal("Polygon", site.Props().GetProperty("yard").GetProperty("type").GetString());
        Assert.Equal("Point", site.GetProperty("geometry").GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_exception_closes_the_site_today_and_a_preschool_stays_open_in_breaks_by_default()
    {
        using var client = app.ClientFor(Role.Admin);
        var closedToday = await client.PostJsonAsync("/api/sites",
            Body(Places.Next(), exceptions: [new { date = "2026-11-27" }]), HttpStatusCode.Created);
        var preschool = await client.PostJsonAsync("/api/sites", Body(Places.Next(), kind: "Preschool"), HttpStatusCode.Created);

        Assert.False(closedToday.Props().GetProperty("openNow").GetBoolean());
        Assert.True(preschool.Props().GetProperty("openDuringBreaks").GetBoolean());
        Assert.True(preschool.Props().GetProperty("openNow").GetBoolean());
    }

    [Fact]
    public async Task The_list_filters_by_kind_and_a_put_updates_the_hours()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var name = $"Förskola {Api.UniqueLetters()}";
        var created = await client.PostJsonAsync("/api/sites", Body(Places.Next(), kind: "Preschool", name: name), HttpStatusCode.Created);

        var preschools = await client.GetJsonAsync("/api/sites?kind=Preschool");
        var schools = await client.GetJsonAsync("/api/sites?kind=School");
        Assert.Contains(preschools.Ids(), id => id == created.Id());
        Assert.DoesNotContain(schools.Ids(), id => id == created.Id());

        using var put = await client.PutAsJsonAsync($"/api/sites/{created.Id()}",
            Body(Places.Next(), kind: "Preschool", name: name, hours: [new { day = "Friday", opens = "13:00", closes = "18:00" }]));
        var updated = await put.ExpectAsync(HttpStatusCode.OK);
        Assert.False(updated.Props().GetProperty("openNow").GetBoolean());
        Assert.Equal(1, updated.Props().GetProperty("openingHours").GetArrayLength());
    }

    public static TheoryData<string, string, string?> BadSites() => new()
    {
        { """{"name":"Skola","kind":"Castle","lat":59.33,"lon":18.06,"openingHours":[]}""", "kind", null },
        { """{"name":"Skola","kind":"School","lat":40,"lon":10,"openingHours":[]}""", "lat", "OffMap" },
        { """{"name":"Skola","kind":"School","lat":59.33,"lon":18.06,"openingHours":[{"day":"Monday","opens":"16:00","closes":"08:00"}]}""", "openingHours[0]", "TimesReversed" },
        { """{"name":"Skola","kind":"School","lat":59.33,"lon":18.06,"openingHours":[{"day":"Monday","opens":"8","closes":"16:00"}]}""", "openingHours[0]", "NotATime" },
        { """{"name":"Skola","kind":"School","lat":59.33,"lon":18.06,"openingHours":[{"day":"Monday","opens":"08:00","closes":"16:00"},{"day":"Monday","opens":"09:00","closes":"12:00"}]}""", "openingHours", "Twice" },
        { """{"name":"Skola","kind":"School","lat":59.33,"lon":18.06,"openingHours":[],"exceptions":[{"date":"2026-13-01"}]}""", "exceptions[0].date", "NotADate" },
        { """{"name":"Skola","kind":"School","lat":59.33,"lon":18.06,"openingHours":[],"exceptions":[{"date":"2026-02-30"}]}""", "exceptions[0].date", "NotADate" },
        { """{"name":"Skola","kind":"School","lat":59.33,"lon":18.06,"openingHours":[],"exceptions":[{"date":"2027-02-29"}]}""", "exceptions[0].date", "NotADate" },
        { """{"name":"Skola","kind":"School","lat":59.33,"lon":18.06,"openingHours":[],"exceptions":[{"date":"2026-12-23","opens":"12:00","closes":"09:00"}]}""", "exceptions[0]", "TimesReversed" },
        { """{"name":"Skola","kind":"School","lat":59.33,"lon":18.06,"openingHours":[],"yard":{"type":"Polygon","coordinates":[[[18.06,59.33],[18.07,59.33],[18.07,59.34]]]}}""", "yard", "Invalid" },
        { """{"name":"Skola","kind":"School","lat":59.33,"lon":18.06}""", "openingHours", null },
        { """{"name":"Skola","kind":"School","lat":59.33,""", "body", null },
    };

    [Theory]
    [MemberData(nameof(BadSites))]
    public async Task Bad_input_names_the_field_and_writes_nothing(string json, string field, string? code)
    {
        using var client = app.ClientFor(Role.Admin);
        var before = await SitesAsync();

        using var response = await client.PostAsync("/api/sites", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        if (code is not null)
            Assert.Equal(code, problem.GetProperty("codes").GetProperty(field).GetString());
        Assert.Equal(before, await SitesAsync());
    }

    [Theory]
    [InlineData(Role.SchoolStaff)]
    [InlineData(Role.SchoolManager)]
    [InlineData(Role.Police)]
    [InlineData(Role.Analyst)]
    public async Task Only_administrators_and_coordinators_register_sites(Role role)
    {
        using var client = app.ClientFor(role);
        var before = await SitesAsync();

        using var response = await client.PostAsJsonAsync("/api/sites", Body(Places.Next()));

        await response.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await SitesAsync());
    }

    [Fact]
    public async Task Hostile_text_in_a_name_is_kept_as_text()
    {
        using var client = app.ClientFor(Role.Admin);
        const string hostile = "<script>alert(1)</script>'; DROP TABLE \"Sites\"; --";

        var created = await client.PostJsonAsync("/api/sites", Body(Places.Next(), name: hostile), HttpStatusCode.Created);

        Assert.Equal(hostile, (await client.GetJsonAsync($"/api/sites/{created.Id()}")).Props().GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Array, (await client.GetJsonAsync("/api/sites")).GetProperty("features").ValueKind);
    }

    [Fact]
    public async Task An_unknown_site_is_404()
    {
        using var client = app.ClientFor(Role.Admin);
        await client.GetJsonAsync("/api/sites/987654", HttpStatusCode.NotFound);
        using var put = await client.PutAsJsonAsync("/api/sites/987654", Body(Places.Next()));
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
    }
}

public sealed class SiteApiOnSqlite(SqliteLagesbild app) : SiteApiTests<SqliteLagesbild>(app);

public sealed class SiteApiOnPostgres(PostgresLagesbild app) : SiteApiTests<PostgresLagesbild>(app);
