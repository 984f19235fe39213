using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Districts;

/// <summary>
/// The areas' import refused, on Stockholm's installation: every bad file names the feature and the field, a role
/// other than the administrator may not import, and an installation that has districts (and records in them) keeps
/// them. Nothing here is ever written: Stockholm's 117 districts stay for every test.
/// </summary>
public abstract class AreaImportTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private Task<int> DistrictsAsync() => app.QueryAsync(db => db.Districts.CountAsync());

    private async Task ExpectRefusedAsync(string body, string field, string code, string? mentions = null)
    {
        using var admin = app.ClientFor(Role.Admin);
        using var response = await admin.PostAreasAsync(body, replace: true);
        var problem = await response.ExpectCodeAsync(HttpStatusCode.BadRequest, field, code);
        if (mentions is not null)
            Assert.Contains(mentions, problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(117, await DistrictsAsync());
    }

    [Fact]
    public Task Malformed_json_is_refused() => ExpectRefusedAsync("{ \"type\": \"FeatureCollection\", \"features\": [", "body", "Invalid");

    [Fact]
    public Task A_body_that_is_not_a_feature_collection_is_refused() => ExpectRefusedAsync("{ \"type\": \"Feature\" }", "type", "Invalid");

    [Fact]
    public Task An_unclosed_ring_is_refused_naming_the_feature() => ExpectRefusedAsync(
        AreaFiles.With(f => f.SetPolygon(4, [new JsonArray(AreaFiles.Position(17.55, 59.80), AreaFiles.Position(17.65, 59.80), AreaFiles.Position(17.65, 59.86), AreaFiles.Position(17.55, 59.86))])),
        "features[4].geometry", "Invalid", "Feature 4 ('Söderby'): Ring 0 is not closed");

    [Fact]
    public Task A_self_intersecting_polygon_is_refused() => ExpectRefusedAsync(
        // A bow tie: its edges cross in the middle.
        AreaFiles.With(f => f.SetPolygon(5, [new JsonArray(AreaFiles.Position(17.65, 59.86), AreaFiles.Position(17.75, 59.92), AreaFiles.Position(17.75, 59.86), AreaFiles.Position(17.65, 59.92), AreaFiles.Position(17.65, 59.86))])),
        "features[5].geometry", "Invalid", "not valid");

    [Fact]
    public Task Overlapping_districts_are_refused() => ExpectRefusedAsync(
        // Norrby reaches 0.01° into Söderby: a sixth of Söderby, far over the tolerance.
        AreaFiles.With(f => f.SetPolygon(3, AreaFiles.Rectangle(17.55, 59.85, 17.65, 59.92))),
        "features[4].geometry", "PartsOverlap", "overlaps feature 3 ('Norrby')");

    [Fact]
    public async Task A_sliver_of_overlap_within_the_tolerance_is_not_refused_for_it()
    {
        // Norrby reaches 0.0001° (11 m) into Söderby: a border drawn by another hand. The file is then refused only
        // for the existing districts (409), never for the sliver.
        using var admin = app.ClientFor(Role.Admin);
        using var response = await admin.PostAreasAsync(AreaFiles.With(f => f.SetPolygon(3, AreaFiles.Rectangle(17.55, 59.8599, 17.65, 59.92))));
        await response.ExpectCodeAsync(HttpStatusCode.Conflict, "replace", "InUse");
        Assert.Equal(117, await DistrictsAsync());
    }

    [Fact]
    public Task A_district_outside_its_parent_borough_is_refused() => ExpectRefusedAsync(
        AreaFiles.With(f => f.Properties(5)["parent"] = "Västra Exempel"),
        "features[5].geometry", "PartOutside", "outside its borough 'Västra Exempel'");

    [Fact]
    public Task A_borough_outside_the_municipality_is_refused() => ExpectRefusedAsync(
        AreaFiles.With(f => f.SetPolygon(2, AreaFiles.Rectangle(17.65, 59.80, 17.85, 59.92))),
        "features[2].geometry", "PartOutside", "Feature 2 ('Östra Exempel') lies outside the municipality");

    [Fact]
    public Task An_unknown_parent_is_refused() => ExpectRefusedAsync(
        AreaFiles.With(f => f.Properties(6)["parent"] = "Atlantis"),
        "features[6].properties.parent", "NotFound", "Feature 6 ('Solhem'): parent 'Atlantis'");

    [Fact]
    public Task A_name_given_twice_at_one_level_is_refused() => ExpectRefusedAsync(
        AreaFiles.With(f => f.Properties(6)["name"] = "norrby"),
        "features[6].properties.name", "Twice", "feature 3");

    [Fact]
    public Task An_unknown_level_is_refused() => ExpectRefusedAsync(
        AreaFiles.With(f => f.Properties(4)["level"] = "parish"),
        "features[4].properties.level", "Invalid", "level must be municipality, borough or district");

    [Fact]
    public Task A_district_in_two_parts_is_refused() => ExpectRefusedAsync(
        AreaFiles.With(f => f.Feature(6)["geometry"] = new JsonObject
        {
            ["type"] = "MultiPolygon",
            ["coordinates"] = new JsonArray(AreaFiles.Rectangle(17.65, 59.80, 17.70, 59.86), AreaFiles.Rectangle(17.71, 59.80, 17.75, 59.86)),
        }),
        "features[6].geometry", "Invalid", "2 parts");

    [Fact]
    public Task A_file_without_a_municipality_is_refused() => ExpectRefusedAsync(
        AreaFiles.With(f => f["features"]!.AsArray().RemoveAt(0)),
        "features", "Required");

    [Fact]
    public Task A_name_with_direction_overrides_is_refused() => ExpectRefusedAsync(
        AreaFiles.With(f => f.Properties(3)["name"] = "Norr\u202Eby"),
        "features[3].properties.name", "ControlCharacters");

    [Fact]
    public async Task Ten_megabytes_of_coordinates_are_refused_before_they_are_read()
    {
        using var admin = app.ClientFor(Role.Admin);
        var ring = new StringBuilder("[");
        for (var i = 0; ring.Length < 10 * 1024 * 1024; i++)
            ring.Append("[17.6000000000001,59.8000000000001],");
        ring.Append("[17.6,59.8]]");
        var body = AreaFiles.With(f => f.SetPolygon(3, [])).Replace("\"coordinates\":[]", $"\"coordinates\":[{ring}]", StringComparison.Ordinal);

        using var response = await admin.PostAreasAsync(body, replace: true);

        await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "body");
        Assert.Equal(117, await DistrictsAsync());
    }

    public static TheoryData<Role> NotAdministrators() => new(Enum.GetValues<Role>().Where(r => r != Role.Admin));

    [Theory]
    [MemberData(nameof(NotAdministrators))]
    public async Task Only_an_administrator_imports_areas(Role role)
    {
        using var client = app.ClientFor(role);
        using var response = await client.PostAreasAsync(Exempelby(), replace: true);
        await response.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(117, await DistrictsAsync());
    }

    [Fact]
    public async Task An_installation_with_districts_keeps_them_unless_replace_is_asked()
    {
        using var admin = app.ClientFor(Role.Admin);
        using var response = await admin.PostAreasAsync(Exempelby());
        var problem = await response.ExpectCodeAsync(HttpStatusCode.Conflict, "replace", "InUse");
        Assert.Contains("117 districts", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(117, await DistrictsAsync());
    }

    [Fact]
    public async Task Districts_with_records_in_them_are_not_replaced()
    {
        using var police = app.ClientFor(Role.Police);
        await police.PostObservationAsync(ObservationBody.At(Places.Rinkeby, LagesbildFactory.Now.AddHours(-2)));
        using var admin = app.ClientFor(Role.Admin);

        using var response = await admin.PostAreasAsync(Exempelby(), replace: true);

        var problem = await response.ExpectCodeAsync(HttpStatusCode.Conflict, "replace", "InUse");
        Assert.Contains("Observation", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(117, await DistrictsAsync());
        var tree = await admin.GetJsonAsync("/api/areas");
        Assert.Equal("Stockholm", tree.GetProperty("municipality").GetString());
        Assert.Equal(117, tree.GetProperty("boroughs").EnumerateArray().Sum(b => b.GetProperty("districts").GetArrayLength()));
    }

    private static string Exempelby() => AreaFiles.Exempelby().ToJsonString();
}

public sealed class AreaImportOnSqlite(SqliteLagesbild app) : AreaImportTests<SqliteLagesbild>(app);

public sealed class AreaImportOnPostgres(PostgresLagesbild app) : AreaImportTests<PostgresLagesbild>(app);
