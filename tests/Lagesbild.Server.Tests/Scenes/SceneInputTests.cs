using System.Net;
using System.Net.Http.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Scenes;

/// <summary>Bad scenes and status changes are refused with the field named, and roles that may not edit are refused.</summary>
public abstract class SceneInputTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    public static TheoryData<string, string> BadAreas()
    {
        var p = Places.Next();
        var (w, s, e, n) = (p.Lon - Place.Half, p.Lat - Place.Half, p.Lon + Place.Half, p.Lat + Place.Half);
        return new()
        {
            { "unclosed ring", Area("Polygon", [[[w, s], [e, s], [e, n], [w, n]]]) },
            { "bow-tie", Area("Polygon", [[[w, s], [e, n], [e, s], [w, n], [w, s]]]) },
            { "three positions", Area("Polygon", [[[w, s], [e, s], [w, s]]]) },
            { "no rings", Area("Polygon", []) },
            { "type Point", Area("Point", p.Square()) },
            { "type polygon in lower case", Area("polygon", p.Square()) },
            { "outside the city", Area("Polygon", [[[10.0, 40.0], [10.01, 40.0], [10.01, 40.01], [10.0, 40.0]]]) },
            { "latitude out of range", Area("Polygon", [[[w, s], [e, s], [e, 95], [w, s]]]) },
        };
    }

    private static string Area(string type, double[][][] coordinates) =>
        System.Text.Json.JsonSerializer.Serialize(new { type, coordinates }, System.Text.Json.JsonSerializerOptions.Web);

    private Task<int> ScenesAsync() => app.QueryAsync(db => db.Scenes.CountAsync());

    [Theory]
    [MemberData(nameof(BadAreas))]
    public async Task A_bad_area_is_refused_naming_area(string why, string area)
    {
        using var client = app.ClientFor(Role.Coordinator);
        var before = await ScenesAsync();
        using var content = new StringContent($"{{\"name\":\"Scen {why}\",\"area\":{area}}}", System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/scenes", content);

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "area");
        Assert.Equal(before, await ScenesAsync());
    }

    [Fact]
    public async Task A_point_geometry_is_refused_naming_a_field_of_area()
    {
        using var client = app.ClientFor(Role.Coordinator);
        using var content = new StringContent("{\"name\":\"Scen\",\"area\":{\"type\":\"Point\",\"coordinates\":[18.05,59.33]}}", System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/scenes", content);

        var problem = await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.StartsWith("area", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_area_is_refused_on_update_too()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var scene = await client.PostSceneAsync(Places.Next().Square());
        var p = Places.Next();

        using var response = await client.PutAsJsonAsync($"/api/scenes/{scene.Id()}",
            new { name = "Fluga", area = new { type = "Polygon", coordinates = new[] { new[] { new[] { p.Lon, p.Lat }, new[] { p.Lon + 0.001, p.Lat + 0.001 }, new[] { p.Lon + 0.001, p.Lat }, new[] { p.Lon, p.Lat + 0.001 }, new[] { p.Lon, p.Lat } } } } });

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "area");
    }

    [Theory]
    [InlineData("{\"area\":AREA}", "name")]
    [InlineData("{\"name\":\"x\",\"area\":AREA}", "name")]
    [InlineData("{\"name\":\"Scen utan yta\"}", "area")]
    [InlineData("{\"name\":\"Scen\",\"area\":{\"type\":\"Polygon\"}}", "area.coordinates")]
    [InlineData("{\"name\":\"Scen\",\"area\":AREA,\"status\":\"Exploded\"}", "status")]
    [InlineData("{\"name\":\"Scen\",\"area\":AREA,\"statusAt\":\"2026-12-01T10:00:00Z\"}", "statusAt")]
    [InlineData("{\"name\":\"Scen\",\"area\":AREA,\"statusAt\":\"2026-11-01T10:00:00\"}", "statusAt")]
    [InlineData("{\"name\":\"Scen\",\"area\":AREA,\"activeHours\":[0.5,1]}", "activeHours")]
    public async Task A_bad_scene_is_refused_naming_the_field(string json, string field)
    {
        using var client = app.ClientFor(Role.Coordinator);
        var before = await ScenesAsync();
        var area = Area("Polygon", Places.Next().Square());
        using var content = new StringContent(json.Replace("AREA", area, StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/scenes", content);

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await ScenesAsync());
    }

    [Fact]
    public async Task Active_hours_out_of_range_are_refused()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var hours = new double[168];
        hours[5] = 1.5;

        using var response = await client.PostAsJsonAsync("/api/scenes",
            new { name = "Scen", area = new { type = "Polygon", coordinates = Places.Next().Square() }, activeHours = hours });

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "activeHours");
    }

    [Theory]
    [InlineData("{\"status\":\"Exploded\",\"reason\":\"Nej.\"}", "status")]
    [InlineData("{\"reason\":\"Ingen status.\"}", "status")]
    [InlineData("{\"status\":\"Active\"}", "reason")]
    [InlineData("{\"status\":\"Active\",\"reason\":\"Ok\",\"at\":\"igår\"}", "at")]
    [InlineData("{\"status\":\"Active\",\"reason\":\"Ok\",\"at\":\"2026-11-27T08:00:00\"}", "at")]
    [InlineData("{\"status\":\"Active\",\"reason\":\"   \"}", "reason")]
    public async Task A_bad_status_change_is_refused_naming_the_field(string json, string field)
    {
        using var client = app.ClientFor(Role.Police);
        var scene = await client.PostSceneAsync(Places.Next().Square(), statusAt: LagesbildFactory.Now.AddDays(-1));
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync($"/api/scenes/{scene.Id()}/status", content);

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal(1, (await client.GetJsonAsync($"/api/scenes/{scene.Id()}")).Props().GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task Put_may_not_change_the_status()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var place = Places.Next();
        var scene = await client.PostSceneAsync(place.Square());

        using var response = await client.PutAsJsonAsync($"/api/scenes/{scene.Id()}",
            new { name = "Scen", area = new { type = "Polygon", coordinates = place.Square() }, status = "Active" });

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "status");
        Assert.Equal("Suspected", (await client.GetJsonAsync($"/api/scenes/{scene.Id()}")).Props().GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(Role.SchoolStaff)]
    [InlineData(Role.SchoolManager)]
    [InlineData(Role.Analyst)]
    [InlineData(Role.Guard)]
    [InlineData(Role.ControlRoom)]
    [InlineData(Role.SocialServices)]
    public async Task Roles_outside_the_register_may_not_edit_scenes(Role role)
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        var place = Places.Next();
        var scene = await coordinator.PostSceneAsync(place.Square());
        using var client = app.ClientFor(role);
        var before = await ScenesAsync();
        var body = new { name = "Scen", area = new { type = "Polygon", coordinates = place.Square() } };

        using var post = await client.PostAsJsonAsync("/api/scenes", body);
        using var put = await client.PutAsJsonAsync($"/api/scenes/{scene.Id()}", body with { name = "Ändrad" });
        using var status = await client.PostAsJsonAsync($"/api/scenes/{scene.Id()}/status", new { status = "Active", reason = "Nej." });

        await post.ExpectProblemAsync(HttpStatusCode.Forbidden);
        await put.ExpectProblemAsync(HttpStatusCode.Forbidden);
        await status.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await ScenesAsync());
        var unchanged = (await client.GetJsonAsync($"/api/scenes/{scene.Id()}")).Props();
        Assert.Equal("Suspected", unchanged.GetProperty("status").GetString());
        Assert.StartsWith("Testscen", unchanged.GetProperty("name").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_analyst_may_not_write_notes()
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        var scene = await coordinator.PostSceneAsync(Places.Next().Square());
        using var analyst = app.ClientFor(Role.Analyst);

        using var response = await analyst.PostAsJsonAsync($"/api/scenes/{scene.Id()}/notes", new { text = "Analys." });

        await response.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, (await coordinator.GetJsonAsync($"/api/scenes/{scene.Id()}")).Props().GetProperty("notes").GetArrayLength());
    }

    [Fact]
    public async Task A_note_with_a_personal_identity_number_is_refused()
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        var scene = await coordinator.PostSceneAsync(Places.Next().Square());

        using var response = await coordinator.PostAsJsonAsync($"/api/scenes/{scene.Id()}/notes", new { text = "Säljaren är 19811218-9876." });

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "text");
        Assert.Equal(0, (await coordinator.GetJsonAsync($"/api/scenes/{scene.Id()}")).Props().GetProperty("notes").GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_scene_is_404()
    {
        using var client = app.ClientFor(Role.Admin);
        const int unknown = 987654;
        var body = new { name = "Scen", area = new { type = "Polygon", coordinates = Places.Next().Square() } };

        using var get = await client.GetAsync($"/api/scenes/{unknown}");
        using var put = await client.PutAsJsonAsync($"/api/scenes/{unknown}", body);
        using var status = await client.PostAsJsonAsync($"/api/scenes/{unknown}/status", new { status = "Active", reason = "Finns inte." });
        using var note = await client.PostAsJsonAsync($"/api/scenes/{unknown}/notes", new { text = "Finns inte." });

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, note.StatusCode);
    }
}

public sealed class SceneInputOnSqlite(SqliteLagesbild app) : SceneInputTests<SqliteLagesbild>(app);

public sealed class SceneInputOnPostgres(PostgresLagesbild app) : SceneInputTests<PostgresLagesbild>(app);
