using System.Net;
using System.Net.Http.Json;
using System.Text;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Hardening;

/// <summary>Staff text with control characters or direction overrides is refused, naming the field, as Open311 refuses residents'.</summary>
public abstract class PlainTextTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    /// <summary>NUL, an escape sequence that colours a terminal, a right-to-left override, a C1 control and an isolate.</summary>
    public static TheoryData<string> Unclean() => new() { "Sprutor\0", "Sprutor \u001b[31mröd", "Skola \u202Egnipöt", "Rad\u0085bryt", "Namn \u2066x\u2069" };

    [Theory]
    [MemberData(nameof(Unclean))]
    public async Task An_observation_text_with_control_characters_is_400_naming_text(string text)
    {
        using var client = app.ClientFor(Role.Police);
        var body = ObservationBody.At(Places.Next(), LagesbildFactory.Now.AddHours(-2)) with { Text = text };

        using var response = await client.PostAsJsonAsync("/api/observations", body);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "text");
        Assert.Contains("control characters", problem.GetProperty("errors").GetProperty("text")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Line_breaks_and_tabs_in_a_text_are_kept()
    {
        using var client = app.ClientFor(Role.Police);
        var body = ObservationBody.At(Places.Next(), LagesbildFactory.Now.AddHours(-2)) with { Text = "Två personer\r\nvid bänken\tkl 21" };

        var created = await client.PostObservationAsync(body);

        Assert.Equal("Två personer\r\nvid bänken\tkl 21", created.Props().GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_scene_name_and_a_scene_note_with_control_characters_are_400_naming_them()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var place = Places.Next();

        using var named = await client.PostAsJsonAsync("/api/scenes", new { name = "Scen \u202Eevil", area = new { type = "Polygon", coordinates = place.Square() } });
        await named.ExpectProblemAsync(HttpStatusCode.BadRequest, "name");

        var scene = await client.PostSceneAsync(place.Square());
        using var noted = await client.PostAsJsonAsync($"/api/scenes/{scene.Id()}/notes", new { text = "Anteckning\0" });
        await noted.ExpectProblemAsync(HttpStatusCode.BadRequest, "text");
    }

    [Fact]
    public async Task A_measure_description_with_control_characters_is_400_naming_it()
    {
        using var client = app.ClientFor(Role.Coordinator);

        using var response = await client.PostAsJsonAsync("/api/measures", new { kind = "Lighting", title = "Belysning", description = "Ny\u001b]0;titel\u0007 belysning", startsOn = "2026-11-01" });

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "description");
    }

    [Fact]
    public async Task A_finding_text_with_control_characters_is_400_naming_it()
    {
        var place = Places.Next();
        var site = await app.SiteAsync(place, await app.HomeOrganisationAsync());
        app.Clock.AdjustTime(new DateTimeOffset(2026, 11, 29, 20, 0, 0, TimeSpan.Zero));
        using var staff = app.ClientFor(Role.SchoolStaff);
        var roundId = (await staff.RoundOfAsync(site.Id(), "2026-11-30"))!.Value.GetProperty("id").GetInt64();

        using var response = await staff.PostFindingAsync(roundId, new { category = "Syringes", count = 1, lat = place.Lat, lon = place.Lon, text = "Spruta \u202Enedlåd" });

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "text");
    }

    [Fact]
    public async Task A_site_name_with_control_characters_is_400_naming_it_also_in_an_import()
    {
        var place = Places.Next();
        using var coordinator = app.ClientFor(Role.Coordinator);

        using var registered = await coordinator.PostAsJsonAsync("/api/sites", new
        {
            name = "Förskola\0 Test",
            kind = "Preschool",
            lat = place.Lat,
            lon = place.Lon,
            openingHours = Schools.PreschoolHours,
        });
        await registered.ExpectProblemAsync(HttpStatusCode.BadRequest, "name");

        var csv = $"name,kind,lat,lon,hours\n\"Skola \u202Eloks\",school,{place.Lat.ToString(System.Globalization.CultureInfo.InvariantCulture)},{place.Lon.ToString(System.Globalization.CultureInfo.InvariantCulture)},mon-fri 08:00-16:00\n";
        using var imported = await coordinator.PostAsync("/api/sites/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        await imported.ExpectProblemAsync(HttpStatusCode.BadRequest, "rows[0].name");
    }
}

public sealed class PlainTextOnSqlite(SqliteLagesbild app) : PlainTextTests<SqliteLagesbild>(app);

public sealed class PlainTextOnPostgres(PostgresLagesbild app) : PlainTextTests<PostgresLagesbild>(app);
