using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lagesbild.Server.Tests.Ogc;

/// <summary>OGC API - Features at /ogc: the standard's documents, the same features and counts as /api per role, paging, CRS and bad input.</summary>
public abstract class OgcTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private const string Sweref = "http://www.opengis.net/def/crs/EPSG/0/3006";
    private static readonly DateTimeOffset AnHourAgo = LagesbildFactory.Now.AddHours(-1);

    private static readonly string[] Paths =
    [
        "/ogc", "/ogc/conformance", "/ogc/api", "/ogc/collections", "/ogc/collections/districts", "/ogc/collections/districts/items",
        "/ogc/collections/districts/items/1", "/ogc/collections/observations/items",
    ];

    public static TheoryData<string> Routes() => [.. Paths];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Without_sign_in_every_route_is_401_saying_how_to_sign_in(string path)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var schemes = response.Headers.WwwAuthenticate.Select(h => h.Scheme).ToList();
        Assert.Contains("Bearer", schemes);
        Assert.Contains("Basic", schemes);
    }

    [Fact]
    public void The_route_list_covers_every_ogc_route()
    {
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!).Where(raw => raw.StartsWith("/ogc", StringComparison.Ordinal))
            .Select(raw => System.Text.RegularExpressions.Regex.Replace(raw, "\\{[^}]+\\}", "{}").TrimEnd('/'))
            .Order(StringComparer.Ordinal);
        string[] listed = ["/ogc", "/ogc/api", "/ogc/collections", "/ogc/collections/{}", "/ogc/collections/{}/items", "/ogc/collections/{}/items/{}", "/ogc/conformance"];

        Assert.Equal(listed.Order(StringComparer.Ordinal), routes);
        Assert.All(listed, route => Assert.Contains(Paths, path => Matches(path, route)));
    }

    private static bool Matches(string path, string route) =>
        System.Text.RegularExpressions.Regex.IsMatch(path, "^" + route.Replace("{}", "[^/]+", StringComparison.Ordinal) + "$");

    [Fact]
    public async Task A_forged_token_or_a_password_as_basic_is_401()
    {
        using var forged = app.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "lgb_not-a-token-the-server-issued");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/ogc/collections")).StatusCode);

        // Basic takes a personal token as its password, never the account's own password.
        using var password = app.CreateClient();
        password.DefaultRequestHeaders.Authorization = Basic(LagesbildFactory.EmailOf(Role.Coordinator), LagesbildFactory.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, (await password.GetAsync("/ogc/collections")).StatusCode);
    }

    [Fact]
    public async Task A_personal_token_signs_in_as_a_bearer_and_as_the_password_of_basic()
    {
        var token = await app.PersonalTokenAsync(Role.Analyst, "QGIS");
        using var bearer = app.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var basic = app.CreateClient();
        basic.DefaultRequestHeaders.Authorization = Basic("analyst@test.example", token);

        Assert.Equal(7, (await bearer.GetJsonAsync("/ogc/collections")).GetProperty("collections").GetArrayLength());
        Assert.Equal(117, (await basic.GetJsonAsync("/ogc/collections/districts/items?limit=1")).GetProperty("numberMatched").GetInt32());
    }

    [Fact]
    public async Task The_landing_page_conformance_and_openapi_follow_the_standard()
    {
        using var client = app.ClientFor(Role.Coordinator);

        var landing = await client.GetJsonAsync("/ogc");
        var rels = landing.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("rel").GetString()).ToList();
        Assert.Superset(new HashSet<string?> { "self", "service-desc", "service-doc", "conformance", "data" }, rels.ToHashSet());
        var conformance = (await client.GetJsonAsync("/ogc/conformance")).GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core", conformance);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson", conformance);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html", conformance);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30", conformance);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs", conformance);

        using var api = await client.GetAsync("/ogc/api");
        Assert.Equal("application/vnd.oai.openapi+json", api.Content.Headers.ContentType?.MediaType);
        var openApi = await api.JsonAsync();
        Assert.Equal("3.0.3", openApi.GetProperty("openapi").GetString());
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/collections/{collectionId}/items", out _));
        Assert.Equal(10_000, openApi.GetProperty("components").GetProperty("parameters").GetProperty("limit").GetProperty("schema").GetProperty("maximum").GetInt32());
    }

    [Fact]
    public async Task Html_is_answered_to_f_html_and_to_a_browser_in_swedish_first()
    {
        using var client = app.ClientFor(Role.Coordinator);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ogc/collections");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        using var browser = await client.SendAsync(request);
        var page = await browser.Content.ReadAsStringAsync();

        Assert.Equal("text/html", browser.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html lang=\"sv\"", page, StringComparison.Ordinal);
        Assert.Contains("Stadsdelar", page, StringComparison.Ordinal);
        var items = await client.GetStringAsync("/ogc/collections/districts/items?f=html&limit=5");
        Assert.Contains("<th scope=\"col\">name</th>", items, StringComparison.Ordinal);
        var english = await client.GetStringAsync("/ogc/collections?f=html&culture=en&ui-culture=en");
        Assert.Contains("<html lang=\"en\"", english, StringComparison.Ordinal);
        Assert.Contains("Districts", english, StringComparison.Ordinal);
        // The landing page in HTML links its JSON, not itself.
        var landing = await client.GetStringAsync("/ogc?f=html");
        Assert.Contains("<a href=\"http://localhost/ogc?f=json\">Som JSON</a>", landing, StringComparison.Ordinal);
        Assert.DoesNotContain("Som HTML", landing, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Role.Coordinator)]
    [InlineData(Role.Police)]
    [InlineData(Role.SchoolStaff)]
    public async Task Each_collection_answers_what_the_api_answers_the_same_role(Role role)
    {
        var place = Places.Next();
        using (var coordinator = app.ClientFor(Role.Coordinator))
        {
            var scene = await coordinator.PostSceneAsync(place.Square(), "Active", AnHourAgo.AddDays(-2));
            await coordinator.PostJsonAsync("/api/measures", new { kind = "Lighting", title = "Belysning " + Api.UniqueLetters(), sceneId = scene.Id(), startsOn = "2026-11-01" }, HttpStatusCode.Created);
            await coordinator.PostObservationAsync(ObservationBody.At(place, AnHourAgo));
        }
        await app.SiteAsync(Places.Next(), null);
        using (var police = app.ClientFor(Role.Police))
            await police.PostObservationAsync(ObservationBody.At(place, AnHourAgo, classification: "Restricted"));
        using var client = app.ClientFor(role);

        var districts = await client.GetJsonAsync("/api/districts");
        await AssertSameAsync(client, "districts", districts, "name");
        var boroughs = await ItemsAsync(client, "boroughs");
        Assert.Equal(districts.Features().Select(f => f.Props().GetProperty("borough").GetString()).Distinct().Order(StringComparer.Ordinal),
            boroughs.Features().Select(f => f.Props().GetProperty("name").GetString()));
        Assert.Equal(districts.Features().Count(), boroughs.Features().Sum(f => f.Props().GetProperty("districts").GetInt32()));
        await AssertSameAsync(client, "scenes", await client.GetJsonAsync("/api/scenes"), "name");
        await AssertSameAsync(client, "sites", await client.GetJsonAsync("/api/sites"), "name");
        await AssertSameAsync(client, "measures", await client.GetJsonAsync("/api/measures"), "title");
        var observations = await client.GetJsonAsync("/api/observations?pageSize=5000");
        await AssertSameAsync(client, "observations", observations, "classification");

        var picture = await client.GetJsonAsync("/api/lagesbild");
        var cells = await ItemsAsync(client, "picture-cells");
        Assert.Equal(picture.GetProperty("grid").GetArrayLength(), cells.GetProperty("numberMatched").GetInt32());
        Assert.Equal(picture.GetProperty("total").GetDouble(), cells.Features().Sum(f => f.Props().GetProperty("count").GetDouble()), 3);
    }

    [Fact]
    public async Task Restricted_observations_are_the_police_s_alone_and_every_read_is_audited()
    {
        var place = Places.Next();
        using var police = app.ClientFor(Role.Police);
        var restricted = (await police.PostObservationAsync(ObservationBody.At(place, AnHourAgo, classification: "Restricted"))).Id();
        using var coordinator = app.ClientFor(Role.Coordinator);
        var shared = (await coordinator.PostObservationAsync(ObservationBody.At(place, AnHourAgo))).Id();
        var url = $"/ogc/collections/observations/items?bbox={place.Bbox}";

        Assert.Equal([restricted, shared], (await police.GetJsonAsync(url)).Ids().Order());
        foreach (var role in new[] { Role.Coordinator, Role.Admin, Role.Analyst, Role.SocialServices })
        {
            using var other = app.ClientFor(role);
            Assert.Equal([shared], (await other.GetJsonAsync(url)).Ids());
            await (await other.GetAsync($"/ogc/collections/observations/items/{restricted}")).ExpectProblemAsync(HttpStatusCode.NotFound, "featureId");
        }

        await police.GetJsonAsync($"/ogc/collections/observations/items/{restricted}");
        var id = restricted.ToString(CultureInfo.InvariantCulture);
        var policeId = app.UserIds[Role.Police];
        var single = await app.QueryAsync(db => db.AuditEntries.Where(a => a.UserId == policeId && a.Action == "read" && a.EntityId == id).ToListAsync());
        Assert.Contains(single, a => a.Route!.StartsWith("GET /ogc/collections/observations/items/", StringComparison.Ordinal) && a.Owner == "Police");
        var coordinatorId = app.UserIds[Role.Coordinator];
        var listed = await app.QueryAsync(db => db.AuditEntries.Where(a => a.UserId == coordinatorId && a.Action == "read" && a.Entity == "observations").ToListAsync());
        Assert.Contains(listed, a => a.Route!.StartsWith("GET /ogc/collections/observations/items", StringComparison.Ordinal)
            && a.Detail!.Contains(shared.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_school_with_no_site_near_reads_none_of_the_city_s_observations()
    {
        var place = Places.Next();
        using (var coordinator = app.ClientFor(Role.Coordinator))
            await coordinator.PostObservationAsync(ObservationBody.At(place, AnHourAgo));
        using var school = await app.ClientInAsync(await app.OrganisationAsync("Skola"), Role.SchoolStaff);

        Assert.Empty((await school.GetJsonAsync($"/ogc/collections/observations/items?bbox={place.Bbox}")).Features());
        Assert.Empty((await school.GetJsonAsync($"/api/observations?bbox={place.Bbox}")).Features());
        Assert.Empty((await school.GetJsonAsync("/ogc/collections/sites/items")).Features());
    }

    [Fact]
    public async Task Next_links_page_through_every_feature_once()
    {
        var place = Places.Next();
        using var client = app.ClientFor(Role.Coordinator);
        var made = new List<long>();
        for (var i = 0; i < 7; i++)
            made.Add((await client.PostObservationAsync(ObservationBody.At(place, AnHourAgo.AddMinutes(-i)))).Id());

        var seen = new List<long>();
        string? url = $"/ogc/collections/observations/items?bbox={place.Bbox}&limit=3";
        var pages = 0;
        while (url is not null)
        {
            var page = await client.GetJsonAsync(url);
            Assert.Equal(7, page.GetProperty("numberMatched").GetInt32());
            Assert.Equal(page.Features().Count(), page.GetProperty("numberReturned").GetInt32());
            seen.AddRange(page.Ids());
            var links = page.GetProperty("links").EnumerateArray().ToList();
            Assert.Equal(pages > 0, links.Any(l => l.GetProperty("rel").GetString() == "prev"));
            url = links.Where(l => l.GetProperty("rel").GetString() == "next").Select(l => l.GetProperty("href").GetString()).SingleOrDefault();
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(made.Order(), seen.Order());
        Assert.Equal(7, seen.Distinct().Count());
    }

    [Fact]
    public async Task Epsg_3006_answers_northing_then_easting_of_a_known_point_and_takes_a_box_in_it()
    {
        // Stockholm (18.0686 E, 59.3293 N) is E 674571.866, N 6580743.008 in SWEREF 99 TM (PROJ, through gdaltransform).
        using var client = app.ClientFor(Role.Coordinator);
        var id = (await client.PostObservationAsync(new ObservationBody("Dealing", 59.3293, 18.0686, AnHourAgo))).Id();

        using var response = await client.GetAsync($"/ogc/collections/observations/items/{id}?crs={Uri.EscapeDataString(Sweref)}");
        var feature = await response.ExpectAsync(HttpStatusCode.OK);

        Assert.Equal($"<{Sweref}>", response.Headers.GetValues("Content-Crs").Single());
        var coordinates = feature.GetProperty("geometry").GetProperty("coordinates");
        Assert.Equal(6580743.008, coordinates[0].GetDouble(), 0.05);
        Assert.Equal(674571.866, coordinates[1].GetDouble(), 0.05);
        var box = await client.GetJsonAsync($"/ogc/collections/observations/items?bbox=6580733,674561,6580753,674581&bbox-crs=EPSG:3006");
        Assert.Contains(id, box.Ids());
        var crs84 = await client.GetAsync($"/ogc/collections/observations/items/{id}");
        Assert.Equal("<http://www.opengis.net/def/crs/OGC/1.3/CRS84>", crs84.Headers.GetValues("Content-Crs").Single());
    }

    [Fact]
    public async Task Datetime_selects_observations_by_instant_and_interval()
    {
        var place = Places.Next();
        using var client = app.ClientFor(Role.Coordinator);
        var at = new DateTimeOffset(2026, 11, 20, 18, 0, 0, TimeSpan.Zero);
        var id = (await client.PostObservationAsync(ObservationBody.At(place, at))).Id();
        string Url(string datetime) => $"/ogc/collections/observations/items?bbox={place.Bbox}&datetime={Uri.EscapeDataString(datetime)}";

        Assert.Equal([id], (await client.GetJsonAsync(Url("2026-11-20T18:00:00Z"))).Ids());
        Assert.Equal([id], (await client.GetJsonAsync(Url("2026-11-20T00:00:00Z/2026-11-21T00:00:00Z"))).Ids());
        Assert.Equal([id], (await client.GetJsonAsync(Url("../2026-11-20T19:00:00+01:00"))).Ids());
        Assert.Equal([id], (await client.GetJsonAsync(Url("2026-11-20T17:00:00Z/.."))).Ids());
        Assert.Empty((await client.GetJsonAsync(Url("2026-11-21T00:00:00Z/.."))).Features());
        Assert.Empty((await client.GetJsonAsync(Url("../2026-11-20T17:59:59Z"))).Features());
    }

    [Theory]
    [InlineData("bbox=7800000,500000,7900000,600000&bbox-crs=EPSG:3006", "bbox")]
    [InlineData("bbox=674000,6580000,684000,6590000&bbox-crs=EPSG:3006", "bbox")]
    [InlineData("bbox=18.1,59.3,18.0,59.4", "bbox")]
    [InlineData("bbox=18.0,59.3,18.1", "bbox")]
    [InlineData("bbox=18.0,95,18.1,96", "bbox")]
    [InlineData("bbox=a,b,c,d", "bbox")]
    [InlineData("crs=EPSG:4326", "crs")]
    [InlineData("crs=http://www.opengis.net/def/crs/EPSG/0/3857", "crs")]
    [InlineData("bbox=18.0,59.3,18.1,59.4&bbox-crs=EPSG:3857", "bbox-crs")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=-5", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("datetime=../..", "datetime")]
    [InlineData("datetime=/", "datetime")]
    [InlineData("datetime=2026-11-21T00:00:00Z/2026-11-20T00:00:00Z", "datetime")]
    [InlineData("datetime=yesterday", "datetime")]
    [InlineData("datetime=2026-11-20", "datetime")]
    [InlineData("datetime=2026-11-20T18:00:00", "datetime")]
    [InlineData("f=xml", "f")]
    [InlineData("colour=red", "colour")]
    [InlineData("bbox=<script>alert(1)</script>", "bbox")]
    [InlineData("datetime='; DROP TABLE \"Observations\";--", "datetime")]
    public async Task Bad_parameters_are_400_naming_the_parameter(string query, string field)
    {
        using var client = app.ClientFor(Role.Coordinator);
        var escaped = string.Join('&', query.Split('&').Select(p => p.Split('=', 2)).Select(p => p[0] + "=" + Uri.EscapeDataString(p[1])));
        using var response = await client.GetAsync($"/ogc/collections/observations/items?{escaped}");
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_limit_over_the_maximum_is_answered_at_the_maximum()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var page = await client.GetJsonAsync("/ogc/collections/districts/items?limit=20000");
        Assert.Equal(117, page.GetProperty("numberReturned").GetInt32());
        var self = page.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("rel").GetString() == "self").GetProperty("href").GetString();
        Assert.Contains("limit=10000", self, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_collections_and_features_are_404()
    {
        using var client = app.ClientFor(Role.Coordinator);
        await (await client.GetAsync("/ogc/collections/nothing")).ExpectProblemAsync(HttpStatusCode.NotFound, "collectionId");
        await (await client.GetAsync("/ogc/collections/nothing/items")).ExpectProblemAsync(HttpStatusCode.NotFound, "collectionId");
        await (await client.GetAsync("/ogc/collections/districts/items/99999")).ExpectProblemAsync(HttpStatusCode.NotFound, "featureId");
        await (await client.GetAsync("/ogc/collections/observations/items/abc")).ExpectProblemAsync(HttpStatusCode.NotFound, "featureId");
    }

    [Fact]
    public async Task Measures_are_selected_by_their_period_and_picture_cells_by_their_window()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var place = Places.Next();
        var scene = await client.PostSceneAsync(place.Square(), "Active", AnHourAgo.AddDays(-2));
        var measure = await client.PostJsonAsync("/api/measures", new { kind = "Cleaning", title = "Städning " + Api.UniqueLetters(), sceneId = scene.Id(), startsOn = "2026-10-01", endsOn = "2026-10-31" }, HttpStatusCode.Created);
        await client.PostObservationAsync(ObservationBody.At(place, new DateTimeOffset(2026, 9, 10, 20, 0, 0, TimeSpan.Zero)));

        Assert.Contains(measure.Id(), (await client.GetJsonAsync("/ogc/collections/measures/items?datetime=2026-10-15T00:00:00Z")).Ids());
        Assert.DoesNotContain(measure.Id(), (await client.GetJsonAsync("/ogc/collections/measures/items?datetime=2026-11-15T00:00:00Z/..")).Ids());
        var window = "2026-09-10T00:00:00Z/2026-09-11T00:00:00Z";
        var cells = await client.GetJsonAsync($"/ogc/collections/picture-cells/items?datetime={Uri.EscapeDataString(window)}");
        var picture = await client.GetJsonAsync($"/api/lagesbild?from={Api.Query(new DateTimeOffset(2026, 9, 10, 0, 0, 0, TimeSpan.Zero))}&to={Api.Query(new DateTimeOffset(2026, 9, 11, 0, 0, 0, TimeSpan.Zero))}");
        Assert.Equal(picture.GetProperty("grid").GetArrayLength(), cells.GetProperty("numberMatched").GetInt32());
        Assert.True(cells.Features().Sum(f => f.Props().GetProperty("count").GetDouble()) >= 1);
    }

    private async Task AssertSameAsync(HttpClient client, string collection, JsonElement api, string property)
    {
        var ogc = await ItemsAsync(client, collection);
        Assert.Equal(api.Features().Count(), ogc.GetProperty("numberMatched").GetInt32());
        var expected = api.Features().ToDictionary(f => f.Id(), f => f.Props().GetProperty(property).ToString());
        var actual = ogc.Features().ToDictionary(f => f.Id(), f => f.Props().GetProperty(property).ToString());
        Assert.Equal(expected.OrderBy(e => e.Key), actual.OrderBy(e => e.Key));
    }

    private static Task<JsonElement> ItemsAsync(HttpClient client, string collection) =>
        client.GetJsonAsync($"/ogc/collections/{collection}/items?limit=10000");


    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));
}

public sealed class OgcOnSqlite(SqliteLagesbild app) : OgcTests<SqliteLagesbild>(app);

public sealed class OgcOnPostgres(PostgresLagesbild app) : OgcTests<PostgresLagesbild>(app);
