using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;
using Lagesbild.Data;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Lagesbild.Server.Tests.Open311.Open311Client;

namespace Lagesbild.Server.Tests.Open311;

/// <summary>Open311 POST and GET requests, tokens and updates: the resident's whole flow and every kind of bad input.</summary>
public abstract class Open311RequestTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static JsonElement Json(string body) => JsonDocument.Parse(body).RootElement;

    [Fact]
    public async Task A_resident_reports_and_reads_the_note_when_staff_close_the_report()
    {
        var key = await app.NewKeyAsync();
        using var resident = app.CreateClient();
        var place = Places.Next();

        // services -> definition
        var services = Json(await resident.GetStringAsync("/open311/v2/services.json"));
        Assert.Contains(services.EnumerateArray(), s => s.GetProperty("service_code").GetString() == "syringes");
        var definition = Json(await resident.GetStringAsync("/open311/v2/services/syringes.json"));
        var required = definition.GetProperty("attributes").EnumerateArray().Where(a => a.GetProperty("required").GetBoolean()).Select(a => a.GetProperty("code").GetString()).ToList();
        Assert.Equal(["count", "near_children"], required);

        // POST
        using var posted = await resident.PostAsync("/open311/v2/requests.json", Form(Syringes(key, place)));
        var created = Json(await posted.Content.ReadAsStringAsync())[0];
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var id = created.GetProperty("service_request_id").GetString()!;
        Assert.Contains("24 timmar", created.GetProperty("service_notice").GetString(), StringComparison.Ordinal);
        Assert.Contains("114 14", created.GetProperty("service_notice").GetString(), StringComparison.Ordinal);

        // GET by id: open
        var open = Json(await resident.GetStringAsync($"/open311/v2/requests/{id}.json"))[0];
        Assert.Equal("open", open.GetProperty("status").GetString());
        Assert.Equal(id, Json(await resident.GetStringAsync($"/open311/v2/tokens/{created.GetProperty("token").GetString()}.json"))[0].GetProperty("service_request_id").GetString());

        // Staff accept it (an Internal observation from a public report) and close it with a note.
        using var coordinator = app.ClientFor(Role.Coordinator);
        var accepted = await coordinator.PostJsonAsync($"/api/service-requests/{id}/accept", new { }, HttpStatusCode.OK);
        var observationId = accepted.GetProperty("observationId").GetInt64();
        var observation = await app.QueryAsync(db => db.Observations.SingleAsync(o => o.Id == observationId));
        Assert.Equal((Classification.Internal, ObservationSource.PublicReport, ObservationCategory.Syringes, 3), (observation.Classification, observation.Source, observation.Category, observation.Count));
        Assert.Equal(place.Lat, observation.Lat, 9);
        await coordinator.PostJsonAsync($"/api/service-requests/{id}/status", new { status = "fixed", note = "Upplockat kl. 14. Tack!" }, HttpStatusCode.OK);

        // GET shows closed with the note; the updates feed has both steps.
        var closed = Json(await resident.GetStringAsync($"/open311/v2/requests/{id}.json"))[0];
        Assert.Equal(("closed", "Upplockat kl. 14. Tack!"), (closed.GetProperty("status").GetString(), closed.GetProperty("status_notes").GetString()));
        var updates = Json(await resident.GetStringAsync("/open311/v2/servicerequestupdates.json")).EnumerateArray()
            .Where(u => u.GetProperty("service_request_id").GetString() == id).Select(u => u.GetProperty("status").GetString()).ToList();
        Assert.Equal(["investigating", "fixed"], updates);
    }

    public static TheoryData<string, (string, string)[], HttpStatusCode, string> BadReports => new()
    {
        { "no api_key", [("service_code", "littering"), ("lat", "59.33"), ("long", "18.06")], HttpStatusCode.Forbidden, "api_key" },
        { "wrong api_key", [("api_key", "l311_wrong"), ("service_code", "littering"), ("lat", "59.33"), ("long", "18.06")], HttpStatusCode.Forbidden, "api_key" },
        { "unknown service", [("api_key", "{key}"), ("service_code", "fireworks"), ("lat", "59.33"), ("long", "18.06")], HttpStatusCode.NotFound, "service_code" },
        { "no service", [("api_key", "{key}"), ("lat", "59.33"), ("long", "18.06")], HttpStatusCode.BadRequest, "service_code" },
        { "no location", [("api_key", "{key}"), ("service_code", "littering"), ("description", "Skräp")], HttpStatusCode.BadRequest, "location" },
        { "off the map", [("api_key", "{key}"), ("service_code", "littering"), ("lat", "57.7089"), ("long", "11.9746")], HttpStatusCode.BadRequest, "outside" },
        { "lat not a number", [("api_key", "{key}"), ("service_code", "littering"), ("lat", "59,33"), ("long", "18.06")], HttpStatusCode.BadRequest, "lat" },
        { "lat without long", [("api_key", "{key}"), ("service_code", "littering"), ("lat", "59.33")], HttpStatusCode.BadRequest, "together" },
        { "required attribute missing", [("api_key", "{key}"), ("service_code", "syringes"), ("lat", "59.33"), ("long", "18.06"), ("attribute[count]", "2")], HttpStatusCode.BadRequest, "attribute[near_children]" },
        { "value not in list", [("api_key", "{key}"), ("service_code", "syringes"), ("lat", "59.33"), ("long", "18.06"), ("attribute[count]", "2"), ("attribute[near_children]", "maybe")], HttpStatusCode.BadRequest, "attribute[near_children]" },
        { "count not a number", [("api_key", "{key}"), ("service_code", "syringes"), ("lat", "59.33"), ("long", "18.06"), ("attribute[count]", "many"), ("attribute[near_children]", "no")], HttpStatusCode.BadRequest, "attribute[count]" },
        { "malformed attribute", [("api_key", "{key}"), ("service_code", "littering"), ("lat", "59.33"), ("long", "18.06"), ("attribute[when", "night")], HttpStatusCode.BadRequest, "malformed" },
        { "nested attribute", [("api_key", "{key}"), ("service_code", "littering"), ("lat", "59.33"), ("long", "18.06"), ("attribute[a][b]", "x")], HttpStatusCode.BadRequest, "malformed" },
        { "4001 characters", [("api_key", "{key}"), ("service_code", "littering"), ("lat", "59.33"), ("long", "18.06"), ("description", new string('a', 4001))], HttpStatusCode.BadRequest, "4000" },
        { "personnummer", [("api_key", "{key}"), ("service_code", "littering"), ("lat", "59.33"), ("long", "18.06"), ("description", "Det var 19811218-9876 som slängde det")], HttpStatusCode.BadRequest, "personnummer" },
        { "phone number", [("api_key", "{key}"), ("service_code", "littering"), ("lat", "59.33"), ("long", "18.06"), ("description", "Ring mig på 070-123 45 67")], HttpStatusCode.BadRequest, "telephone" },
        { "media not a web address", [("api_key", "{key}"), ("service_code", "littering"), ("lat", "59.33"), ("long", "18.06"), ("media_url", "javascript:alert(1)")], HttpStatusCode.BadRequest, "media_url" },
        { "another jurisdiction", [("api_key", "{key}"), ("jurisdiction_id", "oslo.no"), ("service_code", "littering"), ("lat", "59.33"), ("long", "18.06")], HttpStatusCode.NotFound, "jurisdiction_id" },
    };

    [Theory]
    [MemberData(nameof(BadReports))]
    public async Task A_bad_report_is_refused_with_the_specifications_error_and_nothing_is_stored(string why, (string, string)[] fields, HttpStatusCode status, string says)
    {
        var key = await app.NewKeyAsync();
        using var client = app.CreateClient();
        var before = await app.QueryAsync(db => db.ServiceRequests.CountAsync());

        using var response = await client.PostAsync("/open311/v2/requests.json", Form(fields.Select(f => (f.Item1, f.Item2.Replace("{key}", key, StringComparison.Ordinal))).ToArray()));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == status, $"{why}: {response.StatusCode} {body}");
        var errors = Json(body);
        Assert.All(errors.EnumerateArray(), e => Assert.Equal((int)status, e.GetProperty("code").GetInt32()));
        Assert.Contains(errors.EnumerateArray(), e => e.GetProperty("description").GetString()!.Contains(says, StringComparison.Ordinal));
        Assert.Equal(before, await app.QueryAsync(db => db.ServiceRequests.CountAsync()));
    }

    [Fact]
    public async Task A_report_that_is_not_a_form_is_400_and_a_revoked_key_403()
    {
        using var client = app.CreateClient();
        using var admin = app.ClientFor(Role.Admin);
        var made = await admin.PostJsonAsync("/api/open311-keys", new { name = "Återkallad" }, HttpStatusCode.Created);
        using (await admin.DeleteAsync($"/api/open311-keys/{made.GetProperty("id").GetInt32()}")) { }

        using var json = await client.PostAsJsonAsync("/open311/v2/requests.json", new { service_code = "littering" });
        using var revoked = await client.PostAsync("/open311/v2/requests.json", Form(("api_key", made.GetProperty("key").GetString()!), ("service_code", "littering"), ("lat", "59.33"), ("long", "18.06")));

        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, revoked.StatusCode);
    }

    [Fact]
    public async Task Html_in_the_description_is_stored_as_text_and_never_published()
    {
        var key = await app.NewKeyAsync();
        using var client = app.CreateClient();
        const string hostile = "<script>alert('x')</script><b>fet</b> '; DROP TABLE \"ServiceRequests\"; --";

        var id = await client.FileAsync([.. Syringes(key, Places.Next(), hostile)]);

        Assert.Equal(hostile, await app.QueryAsync(db => db.ServiceRequests.Where(r => r.Id == id).Select(r => r.Description).SingleAsync()));
        var staff = await app.ClientFor(Role.Coordinator).GetJsonAsync($"/api/service-requests/{id}");
        Assert.Equal(hostile, staff.GetProperty("description").GetString());
        var xml = await client.GetStringAsync($"/open311/v2/requests/{id}.xml");
        Assert.DoesNotContain("<script>", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("DROP TABLE", xml, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, Json(await client.GetStringAsync($"/open311/v2/requests/{id}.json"))[0].GetProperty("description").ValueKind);
    }

    [Fact]
    public async Task A_retried_post_with_the_same_idempotency_key_files_one_report()
    {
        var key = await app.NewKeyAsync();
        using var client = app.CreateClient();
        var fields = Syringes(key, Places.Next());
        var before = await app.QueryAsync(db => db.ServiceRequests.CountAsync());

        async Task<HttpResponseMessage> PostAsync((string, string)[] form)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/open311/v2/requests.json") { Content = Form(form) };
            request.Headers.Add("Idempotency-Key", "retry-1");
            return await client.SendAsync(request);
        }

        using var first = await PostAsync(fields);
        using var second = await PostAsync(fields);
        using var other = await PostAsync([.. fields.Where(f => f.Item1 != "description"), ("description", "Något annat")]);

        Assert.Equal(Json(await first.Content.ReadAsStringAsync())[0].GetProperty("service_request_id").GetString(),
            Json(await second.Content.ReadAsStringAsync())[0].GetProperty("service_request_id").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Equal(before + 1, await app.QueryAsync(db => db.ServiceRequests.CountAsync()));
    }

    [Fact]
    public async Task Get_requests_filters_by_id_service_window_and_status_and_pages()
    {
        var key = await app.NewKeyAsync();
        using var client = app.CreateClient();
        var first = await client.FileAsync([.. Syringes(key, Places.Next())]);
        var second = await client.FileAsync(("api_key", key), ("service_code", "littering"), ("address_string", "Vid återvinningen"));
        // A report from 100 days ago is outside the default window.
        var old = await app.QueryAsync(async db =>
        {
            var row = await db.ServiceRequests.SingleAsync(r => r.Id == second);
            var copy = new ServiceRequest { Token = Guid.NewGuid().ToString("N"), ServiceCode = "littering", ServiceName = row.ServiceName, OnPublicMap = true, Status = "open", RequestedAt = LagesbildFactory.Now.AddDays(-100), UpdatedAt = LagesbildFactory.Now.AddDays(-100) };
            db.ServiceRequests.Add(copy);
            await db.SaveChangesAsync();
            return copy.Id;
        });
        await app.ClientFor(Role.Coordinator).PostJsonAsync($"/api/service-requests/{second}/status", new { status = "closed", note = "Städat." }, HttpStatusCode.OK);

        async Task<List<long>> IdsAsync(string query) =>
            Json(await client.GetStringAsync($"/open311/v2/requests.json?{query}")).EnumerateArray()
                .Select(r => long.Parse(r.GetProperty("service_request_id").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        var recent = await IdsAsync("");
        Assert.Contains(first, recent);
        Assert.DoesNotContain(old, recent);
        Assert.Equal([first, second, old], await IdsAsync($"service_request_id={old},{second},{first}&service_code=nothing"));
        Assert.DoesNotContain(first, await IdsAsync("service_code=littering,unsafe-place"));
        Assert.Contains(second, await IdsAsync("service_code=littering,unsafe-place"));
        Assert.DoesNotContain(second, await IdsAsync("status=open"));
        Assert.Contains(second, await IdsAsync("status=closed"));
        Assert.Contains(old, await IdsAsync($"start_date={Api.Query(LagesbildFactory.Now.AddDays(-101))}&end_date={Api.Query(LagesbildFactory.Now.AddDays(-99))}"));
        Assert.Contains(old, await IdsAsync($"start_date={Api.Query(LagesbildFactory.Now.AddDays(-101))}&end_date={Api.Query(LagesbildFactory.Now.AddDays(-99))}&page=1"));
        Assert.Single(await IdsAsync("page_size=1"));
        Assert.NotEqual(await IdsAsync("page_size=1&page=1"), await IdsAsync("page_size=1&page=2"));
        Assert.Contains(first, await IdsAsync("status=&service_code=&page="));
    }

    [Fact]
    public async Task Syringes_away_from_children_get_no_promised_time()
    {
        var key = await app.NewKeyAsync();
        using var client = app.CreateClient();
        var away = await client.FileAsync([.. Syringes(key, Places.Next()).Where(f => f.Item1 != "attribute[near_children]"), ("attribute[near_children]", "no")]);
        var near = await client.FileAsync([.. Syringes(key, Places.Next())]);

        Assert.Equal(JsonValueKind.Null, Json(await client.GetStringAsync($"/open311/v2/requests/{away}.json"))[0].GetProperty("expected_datetime").ValueKind);
        Assert.Equal("2026-11-28T11:00:00+01:00", Json(await client.GetStringAsync($"/open311/v2/requests/{near}.json"))[0].GetProperty("expected_datetime").GetString());
    }

    [Fact]
    public async Task A_time_without_an_offset_is_stockholm_time()
    {
        var key = await app.NewKeyAsync();
        using var client = app.CreateClient();
        var id = await client.FileAsync([.. Syringes(key, Places.Next())]);

        async Task<bool> ListedAsync(string start) =>
            Json(await client.GetStringAsync($"/open311/v2/requests.json?start_date={start}&end_date=2026-11-27T13:00:00")).EnumerateArray()
                .Any(r => r.GetProperty("service_request_id").GetString() == id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // The report came at 10:00 UTC, 11:00 in Stockholm.
        Assert.True(await ListedAsync("2026-11-27T10:30:00"));
        Assert.False(await ListedAsync("2026-11-27T11:30:00"));
        Assert.True(await ListedAsync("2026-11-27T09:30:00Z"));
    }

    [Theory]
    [InlineData("start_date=2026-06-01T00:00:00Z&end_date=2026-11-01T00:00:00Z", "90 days")]
    [InlineData("start_date=2026-11-20T00:00:00Z&end_date=2026-11-01T00:00:00Z", "before")]
    [InlineData("start_date=yesterday", "ISO 8601")]
    [InlineData("status=pending", "status")]
    [InlineData("page_size=1001", "page_size")]
    [InlineData("page=0", "page")]
    [InlineData("service_request_id=1,x", "service_request_id")]
    public async Task A_bad_get_requests_is_400_naming_the_parameter(string query, string says)
    {
        using var client = app.CreateClient();

        foreach (var path in new[] { "requests", "servicerequestupdates" })
        {
            if (path == "servicerequestupdates" && !query.Contains("date", StringComparison.Ordinal))
                continue;
            using var response = await client.GetAsync($"/open311/v2/{path}.json?{query}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
            Assert.Contains(says, Json(body)[0].GetProperty("description").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unknown_ids_tokens_and_paths_are_404()
    {
        using var client = app.CreateClient();
        foreach (var path in new[] { "requests/999999.json", "requests/abc.xml", "tokens/nope.json", "foo.json", "requests/1/extra.xml" })
        {
            using var response = await client.GetAsync($"/open311/v2/{path}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var code = path.EndsWith(".xml", StringComparison.Ordinal)
                ? System.Xml.Linq.XDocument.Parse(body).Root!.Element("error")!.Element("code")!.Value
                : Json(body)[0].GetProperty("code").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal("404", code);
        }
    }
    [Fact]
    public async Task Anyone_reads_a_reports_status_but_never_its_exact_place_or_words_and_listings_leave_out_suspected_dealing()
    {
        var key = await app.NewKeyAsync();
        using var client = app.CreateClient();
        var place = Places.Next();
        var syringes = await client.FileAsync([.. Syringes(key, place)]);
        var dealing = await client.FileAsync(("api_key", key), ("service_code", "drug-dealing"), ("lat", "59.388"), ("long", "17.9265"), ("description", "Samma bil varje kväll"));

        var listed = Json(await client.GetStringAsync("/open311/v2/requests.json")).EnumerateArray().ToList();
        var mine = listed.Single(r => r.GetProperty("service_request_id").GetString() == syringes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(["description", "address", "media_url"], name => Assert.Equal(JsonValueKind.Null, mine.GetProperty(name).ValueKind));
        // The place only as its 250 m cell's centre.
        var (lon, lat) = Core.Geo.Sweref99Tm.Unproject(Core.Geo.GridCell.Of(Core.Geo.Sweref99Tm.Project(place.Lon, place.Lat)).Centre);
        Assert.Equal((Math.Round(lat, 6), Math.Round(lon, 6)), (mine.GetProperty("lat").GetDouble(), mine.GetProperty("long").GetDouble()));
        Assert.DoesNotContain(listed, r => r.GetProperty("service_code").GetString() == "drug-dealing");
        Assert.Empty(Json(await client.GetStringAsync("/open311/v2/requests.json?service_code=drug-dealing")).EnumerateArray());
        // By its reference the resident follows her own report.
        var own = Json(await client.GetStringAsync($"/open311/v2/requests/{dealing}.json"))[0];
        Assert.Equal(("drug-dealing", JsonValueKind.Null), (own.GetProperty("service_code").GetString(), own.GetProperty("lat").ValueKind));
    }

    public static TheoryData<string, HttpContent> OddForms() => new()
    {
        { "multipart without a boundary", new StringContent("x", System.Text.Encoding.UTF8, "multipart/form-data") },
        { "multipart cut short", new StringContent("--b\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\nx", new System.Net.Http.Headers.MediaTypeHeaderValue("multipart/form-data") { Parameters = { new("boundary", "b") } }) },
        { "more fields than a form may have", Form(Enumerable.Range(0, 1100).Select(i => ($"f{i}", "x")).ToArray()) },
    };

    [Theory]
    [MemberData(nameof(OddForms))]
    public async Task A_form_that_cannot_be_read_is_400_in_the_specifications_format(string why, HttpContent content)
    {
        using var client = app.CreateClient();
        using var response = await client.PostAsync("/open311/v2/requests.json", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {response.StatusCode} {body}");
        Assert.Equal(400, Json(body)[0].GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData("description", "ring ０７０１２３４５６７")]
    [InlineData("description", "٨١١٢١٨-٩٨٧٦ gjorde det")]
    [InlineData("description", "070.123.45.67")]
    [InlineData("media_url", "https://example.org/19811218-9876.jpg")]
    [InlineData("description", "+46 (0)70 123 45 67")]
    [InlineData("description", "Vi tittar\u0001 på det")]
    public async Task Numbers_of_people_in_any_digits_or_separators_are_refused_without_a_crash(string field, string value)
    {
        var key = await app.NewKeyAsync();
        using var client = app.CreateClient();
        using var response = await client.PostAsync("/open311/v2/requests.json", Form(("api_key", key), ("service_code", "littering"), ("lat", "59.33"), ("long", "18.06"), (field, value)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Attributes_the_service_does_not_ask_for_are_ignored_and_not_stored()
    {
        var key = await app.NewKeyAsync();
        var id = await app.CreateClient().FileAsync([.. Syringes(key, Places.Next()), ("attribute[fixmystreet_id]", "4711"), ("attribute[report_url]", "https://example.org/report/4711")]);

        Assert.Equal("{\"count\":[\"3\"],\"near_children\":[\"yes\"]}", await app.QueryAsync(db => db.ServiceRequests.Where(r => r.Id == id).Select(r => r.Attributes).SingleAsync()));
    }

    [Fact]
    public async Task A_value_repeated_900_times_is_one_answer_and_a_huge_page_is_400()
    {
        var key = await app.NewKeyAsync();
        using var client = app.CreateClient();
        var fields = new List<(string, string)> { ("api_key", key), ("service_code", "unsafe-place"), ("lat", "59.33"), ("long", "18.06") };
        fields.AddRange(Enumerable.Repeat(("attribute[when][]", "morning"), 900));

        var id = await client.FileAsync([.. fields]);
        using var page = await client.GetAsync("/open311/v2/requests.json?page=3000000");

        Assert.Equal("{\"when\":[\"morning\"]}", await app.QueryAsync(db => db.ServiceRequests.Where(r => r.Id == id).Select(r => r.Attributes).SingleAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
    }

}

public sealed class Open311RequestsOnSqlite(SqliteLagesbild app) : Open311RequestTests<SqliteLagesbild>(app);

public sealed class Open311RequestsOnPostgres(PostgresLagesbild app) : Open311RequestTests<PostgresLagesbild>(app);

/// <summary>A server with low limits, so that a flood meets them: five posts a minute from an address, three with a key.</summary>
public sealed class ThrottledLagesbild() : LagesbildFactory(new SqliteStore())
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
        [new("Open311:PostsPerAddressPerMinute", "5"), new("Open311:PostsPerKeyPerMinute", "3")];
}

public sealed class Open311FloodTests(ThrottledLagesbild app) : IClassFixture<ThrottledLagesbild>
{
    private static async Task<(List<HttpStatusCode> Statuses, string? RetryAfter)> FloodAsync(HttpClient client, int posts, Func<int, (string, string)[]> fields)
    {
        var statuses = new List<HttpStatusCode>();
        string? retryAfter = null;
        for (var i = 0; i < posts; i++)
        {
            using var response = await client.PostAsync("/open311/v2/requests.xml", Form(fields(i)));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                retryAfter = response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal("429", System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Element("error")!.Element("code")!.Value);
            }
        }
        return (statuses, retryAfter);
    }

    [Fact]
    public async Task A_flood_with_a_key_meets_the_keys_limit_429_with_retry_after_and_nothing_more_is_stored()
    {
        var key = await app.NewKeyAsync();
        using var client = app.CreateClient();
        var before = await app.QueryAsync(db => db.ServiceRequests.CountAsync());

        var (statuses, retryAfter) = await FloodAsync(client, 6, _ => Syringes(key, Places.Next()));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.InRange(double.Parse(retryAfter!, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal(before + 3, await app.QueryAsync(db => db.ServiceRequests.CountAsync()));
    }

    [Fact]
    public async Task A_flood_without_a_valid_key_meets_the_addresss_limit()
    {
        using var client = app.CreateClient();

        var (statuses, retryAfter) = await FloodAsync(client, 7, i => [("api_key", $"l311_guess{i}"), ("service_code", "littering"), ("lat", "59.33"), ("long", "18.06")]);

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Forbidden));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.NotNull(retryAfter);
    }
}
