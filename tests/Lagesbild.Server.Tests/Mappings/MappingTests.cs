using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Mappings;

/// <summary>POST /api/mappings/import, GET /api/mappings, /{id} and /{id}/reconcile: the regional mapping beside the register.</summary>
public abstract class MappingTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    // Rinkeby, about 110 × 110 m squares.
    private static double[][][] Square(double lon, double lat, double size = 0.002) =>
        [[[lon, lat], [lon + size, lat], [lon + size, lat + (size / 2)], [lon, lat + (size / 2)], [lon, lat]]];

    private static object Polygon(double[][][] rings, string name, double? area = null, string? notes = null) => new
    {
        type = "Feature",
        geometry = new { type = "Polygon", coordinates = rings },
        properties = new { name, area, notes },
    };

    private static object PointFeature(double lon, double lat, string name, double? area = null) => new
    {
        type = "Feature",
        geometry = new { type = "Point", coordinates = new[] { lon, lat } },
        properties = new { name, area },
    };

    private static StringContent GeoJson(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/geo+json");

    private static object Collection(string date, params object[] features) =>
        new { type = "FeatureCollection", date, source = "Polisen region Stockholm (test)", features };

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, HttpContent content, string query = "", string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/mappings/import" + query) { Content = content };
        if (key is not null)
            request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task The_police_import_GeoJSON_and_read_it_back_with_its_audit()
    {
        using var police = app.ClientFor(Role.Police);
        using var response = await ImportAsync(police, GeoJson(Collection("2026-10-15",
            Polygon(Square(17.9265, 59.3880), "Plats Rinkeby 1", notes: "<script>alert(1)</script>'; DROP TABLE \"Mappings\"; --"),
            PointFeature(17.9300, 59.3900, "Plats Rinkeby 2", 2500))));
        var mapping = await response.ExpectAsync(HttpStatusCode.Created);
        var id = mapping.GetProperty("id").GetInt32();

        Assert.Equal($"/api/mappings/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("2026-10-15", mapping.GetProperty("date").GetString());
        var places = mapping.GetProperty("places");
        Assert.Equal(2, places.GetArrayLength());
        Assert.Equal("<script>alert(1)</script>'; DROP TABLE \"Mappings\"; --", places[0].GetProperty("notes").GetString());
        Assert.InRange(places[0].GetProperty("area").GetDouble(), 11_000, 14_000); // 0.002° × 0.001° at 59.4° N
        Assert.Equal("Point", places[1].GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal(2500, places[1].GetProperty("area").GetDouble());

        var list = await police.GetJsonAsync("/api/mappings");
        Assert.Contains(list.EnumerateArray(), m => m.GetProperty("id").GetInt32() == id && m.GetProperty("places").GetInt32() == 2);
        var read = await police.GetJsonAsync($"/api/mappings/{id}");
        Assert.Equal("Plats Rinkeby 1", read.GetProperty("places")[0].GetProperty("name").GetString());

        var audit = await police.GetJsonAsync($"/api/audit?subject=Mapping/{id.ToString(CultureInfo.InvariantCulture)}");
        var actions = audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("import", actions);
        Assert.Contains("read", actions);
    }

    [Fact]
    public async Task Coordinators_import_CSV_with_wkt_or_lon_and_lat()
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        const string Csv = """
            name,area,notes,wkt,lon,lat
            Plats Tensta 1,4200,Kvällar,"POLYGON((17.900 59.394, 17.902 59.394, 17.902 59.395, 17.900 59.395, 17.900 59.394))",,
            Plats Tensta 2,,,,17.9050,59.3960
            """;
        using var response = await ImportAsync(coordinator, new StringContent(Csv, Encoding.UTF8, "text/csv"), "?date=2026-10-01&source=SSR%20test");
        var mapping = await response.ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("SSR test", mapping.GetProperty("source").GetString());
        Assert.Equal(4200, mapping.GetProperty("places")[0].GetProperty("area").GetDouble());
        Assert.Equal(JsonValueKind.Null, mapping.GetProperty("places")[1].GetProperty("area").ValueKind);
    }

    [Fact]
    public async Task Refusals_name_the_field()
    {
        using var police = app.ClientFor(Role.Police);
        var rinkeby = Polygon(Square(17.9265, 59.3880), "Plats 1");

        using (var malformed = await ImportAsync(police, new StringContent("{\"type\": \"FeatureCollection\", ", Encoding.UTF8, "application/geo+json")))
            await malformed.ExpectCodeAsync(HttpStatusCode.BadRequest, "body", "Invalid");
        using (var offMap = await ImportAsync(police, GeoJson(Collection("2026-10-15", Polygon(Square(11.97, 57.70), "Göteborg")))))
            await offMap.ExpectCodeAsync(HttpStatusCode.BadRequest, "features[0].geometry", "OffMap");
        using (var bowtie = await ImportAsync(police, GeoJson(Collection("2026-10-15", Polygon([[[17.92, 59.38], [17.93, 59.39], [17.93, 59.38], [17.92, 59.39], [17.92, 59.38]]], "Rosett")))))
            await bowtie.ExpectCodeAsync(HttpStatusCode.BadRequest, "features[0].geometry", "Invalid");
        var unknown = new { type = "FeatureCollection", date = "2026-10-15", source = "SSR", features = new[] { new { type = "Feature", geometry = new { type = "Point", coordinates = new[] { 17.93, 59.39 } }, properties = new { name = "P", colour = "red" } } } };
        using (var unknownProperty = await ImportAsync(police, GeoJson(unknown)))
            await unknownProperty.ExpectCodeAsync(HttpStatusCode.BadRequest, "features[0].properties.colour", "Invalid");
        using (var unknownMember = await ImportAsync(police, GeoJson(new { type = "FeatureCollection", date = "2026-10-15", source = "SSR", owner = "x", features = new[] { rinkeby } })))
            await unknownMember.ExpectCodeAsync(HttpStatusCode.BadRequest, "owner", "Invalid");
        using (var noDate = await ImportAsync(police, GeoJson(new { type = "FeatureCollection", source = "SSR", features = new[] { rinkeby } })))
            await noDate.ExpectCodeAsync(HttpStatusCode.BadRequest, "date", "Required");
        using (var future = await ImportAsync(police, GeoJson(Collection("2027-01-01", rinkeby))))
            await future.ExpectCodeAsync(HttpStatusCode.BadRequest, "date", "InFuture");
        using (var disagree = await ImportAsync(police, GeoJson(Collection("2026-10-15", rinkeby)), "?date=2026-10-16"))
            await disagree.ExpectCodeAsync(HttpStatusCode.BadRequest, "date", "Invalid");
        using (var control = await ImportAsync(police, GeoJson(Collection("2026-10-15", Polygon(Square(17.9265, 59.3880), "Plats\u202E1")))))
            await control.ExpectCodeAsync(HttpStatusCode.BadRequest, "features[0].properties.name", "ControlCharacters");
        using (var tooLarge = await ImportAsync(police, GeoJson(Collection("2026-10-15", Polygon(Square(17.9265, 59.3880), "Plats", area: 50_000_000)))))
            await tooLarge.ExpectCodeAsync(HttpStatusCode.BadRequest, "features[0].properties.area", "OutOfRange");

        const string BadCsv = "name,wkt\nPlats 1,\"POINT(17.93 59.39)\"\nPlats 2,\"LINESTRING(17.93 59.39, 17.94 59.39)\"\n";
        using (var csv = await ImportAsync(police, new StringContent(BadCsv, Encoding.UTF8, "text/csv"), "?date=2026-10-15&source=SSR"))
            await csv.ExpectCodeAsync(HttpStatusCode.BadRequest, "rows[1].wkt", "Invalid");
        using (var header = await ImportAsync(police, new StringContent("name,wkt,colour\nP,\"POINT(17.93 59.39)\",red\n", Encoding.UTF8, "text/csv"), "?date=2026-10-15&source=SSR"))
            await header.ExpectProblemAsync(HttpStatusCode.BadRequest, "header");

        var huge = new string('x', 1_100_000);
        using var oversized = await ImportAsync(police, new StringContent(huge, Encoding.UTF8, "text/csv"), "?date=2026-10-15&source=SSR");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);

        var list = await police.GetJsonAsync("/api/mappings");
        Assert.DoesNotContain(list.EnumerateArray(), m => m.GetProperty("places").GetInt32() == 0);
    }

    [Fact]
    public async Task Who_may_not_import_or_see()
    {
        var body = Collection("2026-10-15", Polygon(Square(17.9265, 59.3880), "Plats 1"));
        foreach (var role in new[] { Role.Analyst, Role.Admin, Role.SchoolStaff, Role.Guard, Role.SocialServices })
        {
            using var client = app.ClientFor(role);
            using var refused = await ImportAsync(client, GeoJson(body));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using var police = app.ClientFor(Role.Police);
        using var created = await ImportAsync(police, GeoJson(body));
        var id = (await created.ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        foreach (var role in new[] { Role.SchoolStaff, Role.SchoolManager, Role.Guard, Role.ControlRoom, Role.DataProtection })
        {
            using var client = app.ClientFor(role);
            foreach (var url in new[] { "/api/mappings", $"/api/mappings/{id}", $"/api/mappings/{id}/reconcile" })
            {
                using var response = await client.GetAsync(url);
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            }
        }
        using var analyst = app.ClientFor(Role.Analyst);
        await analyst.GetJsonAsync($"/api/mappings/{id}/reconcile");
    }

    [Fact]
    public async Task A_retry_with_the_same_key_answers_the_first_mapping()
    {
        using var police = app.ClientFor(Role.Police);
        var key = Guid.NewGuid().ToString();
        var body = Collection("2026-09-01", Polygon(Square(17.9265, 59.3880), "Plats 1"));
        using var first = await ImportAsync(police, GeoJson(body), key: key);
        var id = (await first.ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        using var again = await ImportAsync(police, GeoJson(body), key: key);

        Assert.Equal(id, (await again.ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32());
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        using var other = await ImportAsync(police, GeoJson(Collection("2026-09-02", Polygon(Square(17.9265, 59.3880), "Plats 1"))), key: key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        var list = await police.GetJsonAsync("/api/mappings");
        Assert.Single(list.EnumerateArray(), m => m.GetProperty("date").GetString() == "2026-09-01");
    }

    [Fact]
    public async Task Reconciliation_shows_each_kind_of_difference()
    {
        using var police = app.ClientFor(Role.Police);
        var activeSince = new DateTimeOffset(2025, 1, 10, 12, 0, 0, TimeSpan.Zero);
        var matchedScene = await police.PostSceneAsync(Square(17.8400, 59.3600), "Active", activeSince, "Scen Vällingby test");
        var registerOnly = await police.PostSceneAsync(Square(17.8600, 59.3700), "Active", activeSince, "Scen Hässelby test");
        // The year before: the place a third smaller. This year: the place as the scene, and a new one far away.
        using (var before = await ImportAsync(police, GeoJson(Collection("2026-11-10", Polygon(Square(17.8400, 59.3600, 0.0016), "Plats Vällingby")))))
            await before.ExpectAsync(HttpStatusCode.Created);
        using var now = await ImportAsync(police, GeoJson(Collection("2026-11-20",
            Polygon(Square(17.8400, 59.3600), "Plats Vällingby", 20_000),
            PointFeature(17.8100, 59.3500, "Plats ny", 3000))));
        var id = (await now.ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();

        var result = await police.GetJsonAsync($"/api/mappings/{id}/reconcile");

        Assert.Equal("2026-11-10", result.GetProperty("previous").GetProperty("date").GetString());
        var matched = result.GetProperty("matched").EnumerateArray().Single(m => m.GetProperty("place").GetProperty("name").GetString() == "Plats Vällingby");
        Assert.Equal(matchedScene.GetProperty("id").GetInt64(), matched.GetProperty("scene").GetProperty("id").GetInt64());
        Assert.Equal(1.0, matched.GetProperty("score").GetDouble());
        Assert.Contains(result.GetProperty("onlyInMapping").EnumerateArray(), p => p.GetProperty("name").GetString() == "Plats ny");
        Assert.Contains(result.GetProperty("onlyInRegister").EnumerateArray(), s => s.GetProperty("id").GetInt64() == registerOnly.GetProperty("id").GetInt64());
        var changes = result.GetProperty("areaChanges").EnumerateArray().Where(c => c.GetProperty("place").GetProperty("name").GetString() == "Plats Vällingby").ToList();
        // Stated 20,000 m² against the scene's drawn ~12,600 m², and against last year's drawn 0.0016° × 0.0008° (~8,000 m²).
        var againstScene = changes.Single(c => c.GetProperty("against").GetString() == "scene").GetProperty("change");
        Assert.InRange(againstScene.GetProperty("percent").GetDouble(), 50, 65);
        var againstPrevious = changes.Single(c => c.GetProperty("against").GetString() == "previous").GetProperty("change");
        Assert.Equal(20_000, againstPrevious.GetProperty("after").GetDouble());
        Assert.InRange(againstPrevious.GetProperty("percent").GetDouble(), 140, 160);

        var fromMappings = await police.GetJsonAsync("/api/indicators/active-scenes?source=mappings&from=2026-11-20&to=2026-11-20");
        Assert.Equal("mappings", fromMappings.GetProperty("source").GetString());
        Assert.Equal(2, Assert.Single(fromMappings.GetProperty("points").EnumerateArray()).GetProperty("count").GetInt32());
        var fromRegister = await police.GetJsonAsync("/api/indicators/active-scenes?from=2026-10-01&to=2026-10-01");
        Assert.Equal("register", fromRegister.GetProperty("source").GetString());
        using var badSource = await police.GetAsync("/api/indicators/active-scenes?source=rumour");
        await badSource.ExpectProblemAsync(HttpStatusCode.BadRequest, "source");
    }

    [Fact]
    public async Task An_unknown_mapping_is_not_found()
    {
        using var police = app.ClientFor(Role.Police);
        using var response = await police.GetAsync("/api/mappings/999999/reconcile");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

public sealed class MappingOnSqlite(SqliteLagesbild app) : MappingTests<SqliteLagesbild>(app);

public sealed class MappingOnPostgres(PostgresLagesbild app) : MappingTests<PostgresLagesbild>(app);
