using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Measures;

/// <summary>/api/measures: the register of what is done about scenes, sites, districts and drawn areas.</summary>
public abstract class MeasureTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static object Body(object target, string startsOn = "2026-09-01", string? endsOn = "2026-12-31", string kind = "Lighting", string title = "Ny belysning vid gångtunneln", long? cost = 180_000) =>
        new Dictionary<string, object?>(((IDictionary<string, object?>)ToDictionary(target)))
        {
            ["kind"] = kind,
            ["title"] = title,
            ["description"] = "Fyra nya armaturer, 3000 K.",
            ["startsOn"] = startsOn,
            ["endsOn"] = endsOn,
            ["cost"] = cost,
        };

    private static Dictionary<string, object?> ToDictionary(object target) =>
        JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(target))!;

    private async Task<long> SceneAsync(HttpClient client) => (await client.PostSceneAsync(Places.Next().Square())).Id();

    [Fact]
    public async Task A_measure_on_a_scene_is_registered_listed_and_updated()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var scene = await SceneAsync(client);

        var created = await client.PostJsonAsync("/api/measures", Body(new { sceneId = scene }), HttpStatusCode.Created);

        var p = created.Props();
        Assert.Equal("Lighting", p.GetProperty("kind").GetString());
        Assert.Equal("Planned", p.GetProperty("status").GetString());
        Assert.Equal(scene, p.GetProperty("sceneId").GetInt64());
        Assert.Equal("2026-09-01", p.GetProperty("startsOn").GetString());
        Assert.Equal(180_000, p.GetProperty("cost").GetInt64());
        Assert.Equal("Polygon", created.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal(app.UserIds[Role.Coordinator] > 0, p.GetProperty("organisationId").GetInt32() > 0);

        var listed = await client.GetJsonAsync($"/api/measures?scene={scene}");
        Assert.Equal([created.Id()], listed.Ids());

        var updated = await client.PutAsJsonAsync($"/api/measures/{created.Id()}", Body(new { sceneId = scene }, endsOn: null, kind: "GuardPatrol"));
        var after = await updated.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("GuardPatrol", after.Props().GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, after.Props().GetProperty("endsOn").ValueKind);
        Assert.Equal("GuardPatrol", (await client.GetJsonAsync($"/api/measures/{created.Id()}")).Props().GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_measure_may_target_a_district_or_a_drawn_area()
    {
        using var client = app.ClientFor(Role.SocialServices);
        var district = await app.QueryAsync(db => Task.FromResult(db.Districts.Single(d => d.Name == "Rinkeby").Id));

        var inDistrict = await client.PostJsonAsync("/api/measures", Body(new { districtId = district }, kind: "Outreach"), HttpStatusCode.Created);
        var drawn = await client.PostJsonAsync("/api/measures", Body(new { area = new { type = "Polygon", coordinates = Places.Next().Square() } }, kind: "VegetationClearing"), HttpStatusCode.Created);

        Assert.Equal("Rinkeby", inDistrict.Props().GetProperty("district").GetString());
        Assert.Equal("Polygon", drawn.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Contains(inDistrict.Id(), (await client.GetJsonAsync($"/api/measures?district={district}")).Ids());
    }

    [Theory]
    [InlineData("endsOn")]
    [InlineData("startsOn")]
    [InlineData("sceneId")]
    [InlineData("kind")]
    [InlineData("title")]
    [InlineData("cost")]
    [InlineData("area")]
    [InlineData("siteId")]
    public async Task Bad_measures_are_refused_naming_the_field(string field)
    {
        using var client = app.ClientFor(Role.Coordinator);
        var scene = await SceneAsync(client);
        object body = field switch
        {
            "endsOn" => Body(new { sceneId = scene }, startsOn: "2026-10-01", endsOn: "2026-09-30"),
            "startsOn" => Body(new { sceneId = scene }, startsOn: "0001-01-01", endsOn: null),
            "sceneId" => Body(new { sceneId = scene, districtId = 1 }),
            "kind" => Body(new { sceneId = scene }, kind: "Fireworks"),
            "title" => Body(new { sceneId = scene }, title: "Anmäld av 19811218-9876"),
            "cost" => Body(new { sceneId = scene }, cost: -5),
            "area" => Body(new { area = new { type = "Polygon", coordinates = new[] { new[] { new[] { 10.0, 50.0 }, new[] { 10.1, 50.0 }, new[] { 10.1, 50.1 }, new[] { 10.0, 50.0 } } } } }),
            _ => Body(new { siteId = 999_999 }),
        };

        using var response = await client.PostAsJsonAsync("/api/measures", body);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Empty((await client.GetJsonAsync($"/api/measures?scene={scene}")).Features());
        // The register's own rules say why by a code that pages translate (the contract's checks come before them).
        var code = field switch
        {
            "endsOn" => "DatesReversed",
            "startsOn" => "OutOfRange",
            "sceneId" => "TargetNeeded",
            "title" => "PersonalNumber",
            "siteId" => "NotFound",
            _ => null,
        };
        if (code is not null)
            Assert.Equal(code, problem.GetProperty("codes").GetProperty(field).GetString());
    }

    [Fact]
    public async Task Malformed_json_and_hostile_text_are_handled()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var scene = await SceneAsync(client);
        using var malformed = await client.PostAsync("/api/measures", new StringContent("{\"kind\": \"Lighting\", ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        var stored = await client.PostJsonAsync("/api/measures", Body(new { sceneId = scene }, title: "<script>alert(1)</script>'; DROP TABLE \"Measures\";--"), HttpStatusCode.Created);

        Assert.Equal("<script>alert(1)</script>'; DROP TABLE \"Measures\";--", (await client.GetJsonAsync($"/api/measures/{stored.Id()}")).Props().GetProperty("title").GetString());
    }

    [Theory]
    [InlineData(Role.SchoolStaff)]
    [InlineData(Role.SchoolManager)]
    [InlineData(Role.Guard)]
    [InlineData(Role.Analyst)]
    public async Task Only_those_who_act_on_scenes_keep_the_register(Role role)
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        var scene = await SceneAsync(coordinator);
        var existing = await coordinator.PostJsonAsync("/api/measures", Body(new { sceneId = scene }), HttpStatusCode.Created);
        using var client = app.ClientFor(role);

        using var create = await client.PostAsJsonAsync("/api/measures", Body(new { sceneId = scene }));
        using var update = await client.PutAsJsonAsync($"/api/measures/{existing.Id()}", Body(new { sceneId = scene }, kind: "Camera"));

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, update.StatusCode);
        Assert.Equal("Lighting", (await client.GetJsonAsync($"/api/measures/{existing.Id()}")).Props().GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_retried_registration_with_the_same_key_is_not_doubled()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var scene = await SceneAsync(client);
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> PostAsync(object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/measures") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }

        using var first = await PostAsync(Body(new { sceneId = scene }));
        using var again = await PostAsync(Body(new { sceneId = scene }));
        using var other = await PostAsync(Body(new { sceneId = scene }, kind: "Camera"));

        var created = await first.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(created.Id(), (await again.ExpectAsync(HttpStatusCode.Created)).Id());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal([created.Id()], (await client.GetJsonAsync($"/api/measures?scene={scene}")).Ids());
        using var tooLong = new HttpRequestMessage(HttpMethod.Post, "/api/measures") { Content = JsonContent.Create(Body(new { sceneId = scene })) };
        tooLong.Headers.Add("Idempotency-Key", new string('k', 201));
        await (await client.SendAsync(tooLong)).ExpectProblemAsync(HttpStatusCode.BadRequest, "Idempotency-Key");
    }

    [Fact]
    public async Task The_police_and_social_services_keep_their_own_organisations_measures()
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        var scene = await SceneAsync(coordinator);
        var policeOrganisation = await app.OrganisationAsync("Polisen");
        using var police = await app.ClientInAsync(policeOrganisation, Role.Police);
        using var social = app.ClientFor(Role.SocialServices);
        var measure = await police.PostJsonAsync("/api/measures", Body(new { sceneId = scene }, kind: "PolicePresence"), HttpStatusCode.Created);

        using var byOthers = await social.PutAsJsonAsync($"/api/measures/{measure.Id()}", Body(new { sceneId = scene }, kind: "Outreach"));
        using var forOthers = await social.PostAsJsonAsync("/api/measures", new Dictionary<string, object?>(ToDictionary(Body(new { sceneId = scene }))) { ["organisationId"] = policeOrganisation });
        using var byOwner = await police.PutAsJsonAsync($"/api/measures/{measure.Id()}", Body(new { sceneId = scene }, kind: "GuardPatrol"));
        using var byCoordinator = await coordinator.PutAsJsonAsync($"/api/measures/{measure.Id()}", Body(new { sceneId = scene }, kind: "Camera"));

        Assert.Equal(HttpStatusCode.Forbidden, byOthers.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forOthers.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byOwner.StatusCode);
        var after = await byCoordinator.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Camera", after.Props().GetProperty("kind").GetString());
        Assert.Equal(policeOrganisation, after.Props().GetProperty("organisationId").GetInt32());
    }

    [Fact]
    public async Task The_pages_get_the_same_checks_as_the_api()
    {
        var user = new Lagesbild.Server.Features.Auth.CurrentUser(app.UserIds[Role.Coordinator], await app.HomeOrganisationAsync(), "Test", [Role.Coordinator]);
        var request = new Lagesbild.Server.Features.Measures.MeasureRequest(null, " ", null, null, null, 1, null, new DateOnly(1, 1, 1), null, null, null, -1);

        var outcome = await app.RunAsync<Lagesbild.Server.Features.Measures.MeasureService, Lagesbild.Server.Features.Hosting.Outcome<Lagesbild.Server.Features.Hosting.Feature<Lagesbild.Server.Features.Measures.MeasureView>>>(
            m => m.CreateAsync(request, user, CancellationToken.None));

        var invalid = Assert.IsType<Lagesbild.Server.Features.Hosting.Outcome<Lagesbild.Server.Features.Hosting.Feature<Lagesbild.Server.Features.Measures.MeasureView>>.Invalid>(outcome);
        Assert.Equal(["cost", "kind", "startsOn", "title"], invalid.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_unknown_measure_is_404()
    {
        using var client = app.ClientFor(Role.Coordinator);
        await client.GetJsonAsync("/api/measures/999999", HttpStatusCode.NotFound);
        using var update = await client.PutAsJsonAsync("/api/measures/999999", Body(new { districtId = 1 }));
        Assert.Equal(HttpStatusCode.NotFound, update.StatusCode);
    }
}

public sealed class MeasuresOnSqlite(SqliteLagesbild app) : MeasureTests<SqliteLagesbild>(app);

public sealed class MeasuresOnPostgres(PostgresLagesbild app) : MeasureTests<PostgresLagesbild>(app);
