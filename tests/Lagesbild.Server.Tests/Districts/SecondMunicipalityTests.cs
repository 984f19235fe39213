using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Lagesbild.Server.Features.PoliceEvents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Tests.Districts;

/// <summary>
/// The server configured for another municipality: Exempelby, near Uppsala, with no shipped districts and its own
/// box, sportlov in week 8. Its areas come from its own file.
/// </summary>
public abstract class ExempelbyLagesbild(TestStore store) : LagesbildFactory(store)
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        .. base.ExtraSettings,
        new("Municipality:Name", "Exempelby"),
        new("Municipality:PublicName", "Exempelby kommun"),
        new("Municipality:ShippedAreas", "false"),
        new("Municipality:Bounds", AreaFiles.Settings),
        new("SchoolCalendar:SportlovWeek", "8"),
    ];
}

public sealed class SqliteExempelby() : ExempelbyLagesbild(new SqliteStore());

public sealed class PostgresExempelby() : ExempelbyLagesbild(new PostgresStore());

public abstract class SecondMunicipalityTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : ExempelbyLagesbild
{
    private static readonly string Window = $"from={Api.Query(LagesbildFactory.Now.AddDays(-1))}&to={Api.Query(LagesbildFactory.Now)}";

    /// <summary>Imports Exempelby's areas once for the class: the first test to ask imports, the others find them.</summary>
    private async Task<JsonElement> ImportedAsync()
    {
        using var admin = app.ClientFor(Role.Admin);
        var tree = await admin.GetJsonAsync("/api/areas");
        if (tree.GetProperty("boroughs").GetArrayLength() > 0)
            return tree;
        using var response = await admin.PostAreasAsync(AreaFiles.Exempelby().ToJsonString());
        var result = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Exempelby kommun", result.GetProperty("municipality").GetString());
        Assert.Equal(2, result.GetProperty("boroughs").GetInt32());
        Assert.Equal(4, result.GetProperty("districts").GetInt32());
        Assert.Equal(0, result.GetProperty("replaced").GetInt32());
        return await admin.GetJsonAsync("/api/areas");
    }

    private async Task<int> DistrictIdAsync(string name)
    {
        var tree = await ImportedAsync();
        return tree.GetProperty("boroughs").EnumerateArray().SelectMany(b => b.GetProperty("districts").EnumerateArray())
            .Single(d => d.GetProperty("name").GetString() == name).GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task The_imported_areas_are_the_municipalitys_hierarchy_and_audited()
    {
        var tree = await ImportedAsync();

        Assert.Equal("Exempelby", tree.GetProperty("municipality").GetString());
        var boroughs = tree.GetProperty("boroughs").EnumerateArray().ToDictionary(
            b => b.GetProperty("name").GetString()!, b => b.GetProperty("districts").EnumerateArray().Select(d => d.GetProperty("name").GetString()).ToList());
        Assert.Equal(["Norrby", "Söderby"], boroughs["Västra Exempel"]);
        Assert.Equal(["Ekbacken", "Solhem"], boroughs["Östra Exempel"]);
        using var analyst = app.ClientFor(Role.Analyst);
        var districts = (await analyst.GetJsonAsync("/api/districts")).Features().ToList();
        Assert.Equal(["Ekbacken", "Norrby", "Solhem", "Söderby"], districts.Select(d => d.Props().GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.All(districts, d => Assert.Equal("Polygon", d.GetProperty("geometry").GetProperty("type").GetString()));
        var audit = await app.QueryAsync(db => db.AuditEntries.Where(e => e.Entity == "Area" && e.Action == "import").ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Equal(app.UserIds[Role.Admin], entry.UserId);
        Assert.Equal(7, entry.Count);
        Assert.Equal("Exempelby kommun: 2 boroughs, 4 districts; replaced 0 districts", entry.Detail);
    }

    [Fact]
    public async Task An_observation_in_the_new_municipality_is_placed_in_its_district_and_one_in_Stockholm_is_off_the_map()
    {
        var solhem = await DistrictIdAsync("Solhem");
        using var police = app.ClientFor(Role.Police);

        var created = await police.PostObservationAsync(new ObservationBody("Dealing", AreaFiles.SolhemLat, AreaFiles.SolhemLon, LagesbildFactory.Now.AddHours(-3)));
        using var stockholm = await police.PostKeyedAsync("/api/observations",
            new ObservationBody("Dealing", AreaFiles.StockholmLat, AreaFiles.StockholmLon, LagesbildFactory.Now.AddHours(-3)));

        Assert.Equal(solhem, created.Props().GetProperty("districtId").GetInt32());
        Assert.Equal("Solhem", created.Props().GetProperty("district").GetString());
        await stockholm.ExpectProblemAsync(HttpStatusCode.BadRequest, "lat");
        using var coordinator = app.ClientFor(Role.Coordinator);
        var picture = await coordinator.GetJsonAsync($"/api/lagesbild?district={solhem}&{Window}");
        Assert.True(picture.GetProperty("total").GetDouble() >= 1, $"The picture of Solhem should count the observation: {picture}");
    }

    [Fact]
    public async Task A_scene_and_a_school_in_the_new_municipality_name_its_district_and_borough()
    {
        await ImportedAsync();
        using var coordinator = app.ClientFor(Role.Coordinator);

        var scene = await coordinator.PostSceneAsync(AreaFiles.Rectangle(17.595, 59.885, 17.605, 59.895).Deserialize<double[][][]>()!);
        var site = await coordinator.PostJsonAsync("/api/sites", new
        {
            name = "Skola Norrby 1",
            kind = "School",
            lat = AreaFiles.NorrbyLat + 0.01,
            lon = AreaFiles.NorrbyLon,
            openingHours = new[] { new { day = "Monday", opens = "08:00", closes = "16:00" } },
        }, HttpStatusCode.Created);
        using var offMap = await coordinator.PostAsJsonAsync("/api/scenes", new
        {
            name = "Scen i Stockholm",
            area = new { type = "Polygon", coordinates = AreaFiles.Rectangle(18.06, 59.32, 18.07, 59.33).Deserialize<double[][][]>() },
        });

        Assert.Equal("Norrby", scene.Props().GetProperty("district").GetString());
        Assert.Equal("Västra Exempel", scene.Props().GetProperty("borough").GetString());
        Assert.Equal("Norrby", site.Props().GetProperty("district").GetString());
        await offMap.ExpectProblemAsync(HttpStatusCode.BadRequest, "area");
    }

    [Fact]
    public async Task The_maps_open_on_the_municipality()
    {
        using var client = app.CreateClient();
        var page = await client.GetStringAsync("/public");
        // The centre of Municipality:Bounds 17.5,59.75,17.8,59.97.
        Assert.Contains("<meta name=\"lagesbild-map-view\" content=\"59.86,17.65,11\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_residents_page_names_the_municipality_and_the_police_feed_keeps_its_events()
    {
        using var client = app.CreateClient();
        var page = await client.GetStringAsync("/public");

        Assert.Contains("Exempelby kommun · Trygg i staden", System.Net.WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.DoesNotContain("Stockholm", page, StringComparison.Ordinal);
        // Unset, the feed's location name follows Municipality:Name: the police write "Exempelby" for its events.
        Assert.Equal("Exempelby", app.Services.GetRequiredService<IOptions<PoliceEventOptions>>().Value.Municipality);
    }

    [Fact]
    public async Task A_file_for_a_municipality_outside_the_configured_box_is_refused()
    {
        var file = AreaFiles.Exempelby();
        // Moved 0.5° west: the whole file in a consistent place, outside Municipality:Bounds.
        foreach (var position in Positions(file))
            position[0] = position[0]!.GetValue<double>() - 0.5;
        using var admin = app.ClientFor(Role.Admin);

        using var response = await admin.PostAreasAsync(file.ToJsonString(), replace: true);

        await response.ExpectCodeAsync(HttpStatusCode.BadRequest, "features[0].geometry", "OffMap");
    }

    /// <summary>Every [lon, lat] position of the file.</summary>
    private static List<JsonArray> Positions(JsonNode node) => node switch
    {
        JsonArray { Count: 2 } pair when pair[0] is JsonValue => [pair],
        JsonArray array => [.. array.SelectMany(n => Positions(n!))],
        JsonObject obj => [.. obj.Select(p => p.Value).OfType<JsonNode>().SelectMany(Positions)],
        _ => [],
    };
}

/// <summary>
/// A new installation replaces its areas as often as it needs before its first record, and then no more; names are
/// stored as the file wrote them, as text.
/// </summary>
public abstract class AreaReplaceTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : ExempelbyLagesbild
{
    private const string Hostile = "<script>alert('x')</script>'; DROP TABLE \"Districts\"; --";

    [Fact]
    public async Task Areas_are_replaced_until_a_record_lies_in_them()
    {
        using var admin = app.ClientFor(Role.Admin);
        var hostile = AreaFiles.With(f =>
        {
            f.Properties(3)["name"] = Hostile;
            f.Properties(1)["name"] = "Västra <b>Exempel</b>";
            foreach (var district in new[] { 3, 4 })
                f.Properties(district)["parent"] = "Västra <b>Exempel</b>";
        });
        using (var first = await admin.PostAreasAsync(hostile))
            await first.ExpectAsync(HttpStatusCode.OK);
        var stored = await app.QueryAsync(db => db.Districts.OrderBy(d => d.Id).Select(d => new { d.Name, d.Borough }).ToListAsync());
        Assert.Contains(stored, d => d.Name == Hostile && d.Borough == "Västra <b>Exempel</b>");
        using (var again = await admin.PostAreasAsync(AreaFiles.Exempelby().ToJsonString()))
            await again.ExpectCodeAsync(HttpStatusCode.Conflict, "replace", "InUse");

        using (var replaced = await admin.PostAreasAsync(AreaFiles.Exempelby().ToJsonString(), replace: true))
            Assert.Equal(4, (await replaced.ExpectAsync(HttpStatusCode.OK)).GetProperty("replaced").GetInt32());
        Assert.DoesNotContain(await app.QueryAsync(db => db.Districts.Select(d => d.Name).ToListAsync()), n => n == Hostile);

        using var police = app.ClientFor(Role.Police);
        await police.PostObservationAsync(new ObservationBody("Use", AreaFiles.NorrbyLat, AreaFiles.NorrbyLon, LagesbildFactory.Now.AddHours(-1)));
        using (var refused = await admin.PostAreasAsync(hostile, replace: true))
            await refused.ExpectCodeAsync(HttpStatusCode.Conflict, "replace", "InUse");
        var names = await app.QueryAsync(db => db.Districts.Select(d => d.Name).ToListAsync());
        Assert.Equal(["Ekbacken", "Norrby", "Solhem", "Söderby"], names.Order(StringComparer.Ordinal));
        // Two imports written, two entries; the refusals wrote nothing.
        Assert.Equal(2, await app.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Entity == "Area" && e.Action == "import")));
    }
}

public sealed class AreaReplaceOnSqlite(SqliteExempelby app) : AreaReplaceTests<SqliteExempelby>(app);

public sealed class AreaReplaceOnPostgres(PostgresExempelby app) : AreaReplaceTests<PostgresExempelby>(app);

public sealed class SecondMunicipalityOnSqlite(SqliteExempelby app) : SecondMunicipalityTests<SqliteExempelby>(app);

public sealed class SecondMunicipalityOnPostgres(PostgresExempelby app) : SecondMunicipalityTests<PostgresExempelby>(app);
