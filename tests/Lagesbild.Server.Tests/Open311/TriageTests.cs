using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Lagesbild.Server.Tests.Open311.Open311Client;

namespace Lagesbild.Server.Tests.Open311;

/// <summary>/api/service-requests: the coordinators' triage queue of residents' reports and its actions.</summary>
public abstract class TriageTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static readonly System.Globalization.CultureInfo Invariant = System.Globalization.CultureInfo.InvariantCulture;

    private async Task<(long Yesterday, long Today)> TwoSimilarReportsAsync()
    {
        var key = await app.NewKeyAsync();
        using var client = app.CreateClient();
        var place = Places.Next();
        var yesterday = await client.FileAsync([.. Syringes(key, place)]);
        // 80 m further north, a day later.
        var north = place with { Lat = place.Lat + (80 / 111_320.0) };
        var today = await client.FileAsync([.. Syringes(key, north)]);
        await app.QueryAsync(db => db.ServiceRequests.Where(r => r.Id == yesterday).ExecuteUpdateAsync(s => s.SetProperty(r => r.RequestedAt, LagesbildFactory.Now.AddDays(-1))));
        return (yesterday, today);
    }

    private static async Task RefusedAsync(HttpClient client, string url, object body, string field)
    {
        using var response = await client.PostAsJsonAsync(url, body);
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task The_queue_shows_a_similar_report_80_m_away_from_yesterday_and_staff_link_them()
    {
        var (yesterday, today) = await TwoSimilarReportsAsync();
        using var coordinator = app.ClientFor(Role.Coordinator);

        var queue = await coordinator.GetJsonAsync("/api/service-requests");
        var entry = queue.EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == today);
        var nearby = entry.GetProperty("nearby").EnumerateArray().Single(n => n.GetProperty("id").GetInt64() == yesterday);
        Assert.InRange(nearby.GetProperty("metres").GetDouble(), 79, 81);
        Assert.Equal(["3"], entry.GetProperty("attributes").GetProperty("count").EnumerateArray().Select(v => v.GetString()));

        var linked = await coordinator.PostJsonAsync($"/api/service-requests/{today}/duplicate", new { duplicateOf = yesterday }, HttpStatusCode.OK);

        Assert.Equal(("duplicate", "closed", yesterday), (linked.GetProperty("status").GetString(), linked.GetProperty("basicStatus").GetString(), linked.GetProperty("duplicateOfId").GetInt64()));
        Assert.Contains(yesterday.ToString(Invariant), linked.GetProperty("statusNotes").GetString(), StringComparison.Ordinal);
        var queueAfter = await coordinator.GetJsonAsync("/api/service-requests");
        Assert.DoesNotContain(queueAfter.EnumerateArray(), r => r.GetProperty("id").GetInt64() == today);
        // The resident reads the note through Open311.
        var open311 = JsonDocument.Parse(await app.CreateClient().GetStringAsync($"/open311/v2/requests/{today}.json")).RootElement[0];
        Assert.Equal("closed", open311.GetProperty("status").GetString());
        // Accepting a duplicate is a conflict: the original is the one to accept.
        using var accept = await coordinator.PostAsJsonAsync($"/api/service-requests/{today}/accept", new { });
        Assert.Equal(HttpStatusCode.Conflict, accept.StatusCode);
    }

    [Fact]
    public async Task Accepting_twice_makes_one_observation_and_an_address_only_report_needs_a_place()
    {
        var key = await app.NewKeyAsync();
        using var client = app.CreateClient();
        using var coordinator = app.ClientFor(Role.Coordinator);
        var placed = await client.FileAsync([.. Syringes(key, Places.Next())]);
        var addressOnly = await client.FileAsync(("api_key", key), ("service_code", "littering"), ("address_string", "Bakom förskolan"));

        var first = await coordinator.PostJsonAsync($"/api/service-requests/{placed}/accept", new { }, HttpStatusCode.OK);
        var second = await coordinator.PostJsonAsync($"/api/service-requests/{placed}/accept", new { }, HttpStatusCode.OK);
        Assert.Equal(first.GetProperty("observationId").GetInt64(), second.GetProperty("observationId").GetInt64());
        Assert.Equal(1, await app.QueryAsync(db => db.ServiceRequestUpdates.CountAsync(u => u.ServiceRequestId == placed)));

        await RefusedAsync(coordinator, $"/api/service-requests/{addressOnly}/accept", new { }, "lat");
        await RefusedAsync(coordinator, $"/api/service-requests/{addressOnly}/accept", new { lat = 57.7, lon = 11.97 }, "lat");
        var placedNow = await coordinator.PostJsonAsync($"/api/service-requests/{addressOnly}/accept", new { lat = Places.Rinkeby.Lat, lon = Places.Rinkeby.Lon }, HttpStatusCode.OK);
        Assert.True(placedNow.GetProperty("observationId").GetInt64() > 0);
        // The place staff gave is the report's from now on (for nearby reports and the map).
        Assert.Equal(Places.Rinkeby.Lat, placedNow.GetProperty("lat").GetDouble(), 9);
    }

    [Fact]
    public async Task Forwarding_to_the_police_needs_a_note_and_names_the_police_as_responsible()
    {
        var key = await app.NewKeyAsync();
        var id = await app.CreateClient().FileAsync(("api_key", key), ("service_code", "drug-dealing"), ("lat", "59.388"), ("long", "17.9265"));
        using var coordinator = app.ClientFor(Role.Coordinator);

        await RefusedAsync(coordinator, $"/api/service-requests/{id}/status", new { status = "not_councils_responsibility" }, "note");
        await coordinator.PostJsonAsync($"/api/service-requests/{id}/status", new { status = "not_councils_responsibility", note = "Lämnat till polisen. Vid pågående brott: ring 112." }, HttpStatusCode.OK);

        var xml = System.Xml.Linq.XDocument.Parse(await app.CreateClient().GetStringAsync($"/open311/v2/requests/{id}.xml")).Root!.Element("request")!;
        Assert.Equal(("closed", "Polisen"), (xml.Element("status")!.Value, xml.Element("agency_responsible")!.Value));
    }

    [Fact]
    public async Task A_retried_status_with_the_same_key_writes_one_update()
    {
        var key = await app.NewKeyAsync();
        var id = await app.CreateClient().FileAsync([.. Syringes(key, Places.Next())]);
        using var coordinator = app.ClientFor(Role.Coordinator);

        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/service-requests/{id}/status") { Content = JsonContent.Create(new { status = "in_progress", note = "Vi åker dit i eftermiddag." }) };
            request.Headers.Add("Idempotency-Key", "status-1");
            using var response = await coordinator.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(1, await app.QueryAsync(db => db.ServiceRequestUpdates.CountAsync(u => u.ServiceRequestId == id)));
    }

    [Fact]
    public async Task Accepts_at_once_make_one_observation_and_status_retries_at_once_one_update()
    {
        var key = await app.NewKeyAsync();
        var place = Places.Next();
        var id = await app.CreateClient().FileAsync([.. Syringes(key, place)]);
        using var coordinator = app.ClientFor(Role.Coordinator);

        var accepts = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => coordinator.PostAsJsonAsync($"/api/service-requests/{id}/accept", new { })));
        var statuses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/service-requests/{id}/status") { Content = JsonContent.Create(new { status = "in_progress", note = "På väg." }) };
            request.Headers.Add("Idempotency-Key", "at-once");
            return coordinator.SendAsync(request);
        }));

        Assert.All(accepts.Concat(statuses), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var observations = await app.QueryAsync(db => db.Observations.Where(o => o.Source == Lagesbild.Data.ObservationSource.PublicReport && o.Lat == place.Lat && o.Lon == place.Lon).Select(o => o.Id).ToListAsync());
        var stored = await app.QueryAsync(db => db.ServiceRequests.SingleAsync(r => r.Id == id));
        Assert.Equal([stored.ObservationId!.Value], observations);
        Assert.Equal(1, await app.QueryAsync(db => db.ServiceRequestUpdates.CountAsync(u => u.ServiceRequestId == id && u.Status == "investigating")));
        Assert.Equal(1, await app.QueryAsync(db => db.ServiceRequestUpdates.CountAsync(u => u.ServiceRequestId == id && u.Status == "in_progress")));

        // The same key with another status is refused and changes nothing.
        using var reused = new HttpRequestMessage(HttpMethod.Post, $"/api/service-requests/{id}/status") { Content = JsonContent.Create(new { status = "fixed", note = "Klart." }) };
        reused.Headers.Add("Idempotency-Key", "at-once");
        using var refused = await coordinator.SendAsync(reused);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("in_progress", await app.QueryAsync(db => db.ServiceRequests.Where(r => r.Id == id).Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task Duplicate_links_never_form_a_chain_or_a_loop()
    {
        var key = await app.NewKeyAsync();
        using var client = app.CreateClient();
        var place = Places.Next();
        var (a, b, c) = (await client.FileAsync([.. Syringes(key, place)]), await client.FileAsync([.. Syringes(key, place)]), await client.FileAsync([.. Syringes(key, place)]));
        using var coordinator = app.ClientFor(Role.Coordinator);

        await coordinator.PostJsonAsync($"/api/service-requests/{c}/duplicate", new { duplicateOf = a }, HttpStatusCode.OK);
        await coordinator.PostJsonAsync($"/api/service-requests/{a}/duplicate", new { duplicateOf = b }, HttpStatusCode.OK);
        await RefusedAsync(coordinator, $"/api/service-requests/{b}/duplicate", new { duplicateOf = c }, "duplicateOf");

        var links = await app.QueryAsync(db => db.ServiceRequests.Where(r => r.Id == a || r.Id == b || r.Id == c).ToDictionaryAsync(r => r.Id, r => r.DuplicateOfId));
        Assert.Equal((b, (long?)null, b), (links[a], links[b], links[c]));
    }

    [Fact]
    public async Task Closing_needs_a_note_and_reopening_a_duplicate_ends_its_link()
    {
        var (yesterday, today) = await TwoSimilarReportsAsync();
        using var coordinator = app.ClientFor(Role.Coordinator);

        await RefusedAsync(coordinator, $"/api/service-requests/{yesterday}/status", new { status = "fixed" }, "note");
        await coordinator.PostJsonAsync($"/api/service-requests/{today}/duplicate", new { duplicateOf = yesterday }, HttpStatusCode.OK);
        var reopened = await coordinator.PostJsonAsync($"/api/service-requests/{today}/status", new { status = "open", note = "Det var en annan plats." }, HttpStatusCode.OK);

        Assert.Equal(JsonValueKind.Null, reopened.GetProperty("duplicateOfId").ValueKind);
        using var longKey = new HttpRequestMessage(HttpMethod.Post, $"/api/service-requests/{today}/duplicate") { Content = JsonContent.Create(new { duplicateOf = yesterday }) };
        longKey.Headers.Add("Idempotency-Key", new string('k', 5000));
        using var response = await coordinator.SendAsync(longKey);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"status\": \"pending\"}", "status")]
    [InlineData("{\"status\": \"duplicate\"}", "status")]
    [InlineData("{}", "status")]
    [InlineData("{\"status\": \"fixed\", \"note\": \"Ring 070-123 45 67\"}", "note")]
    [InlineData("{\"status\": \"fixed\", \"note\": \"Anmälaren 19811218-9876\"}", "note")]
    [InlineData("{\"status\": \"fixed\", \"note\": \"<script>\" ", "")]
    [InlineData("{\"status\": \"in_progress\", \"note\": \"Vi tittar\\u0001 på det\"}", "note")]
    public async Task A_bad_status_is_400_naming_the_field(string body, string field)
    {
        var key = await app.NewKeyAsync();
        var id = await app.CreateClient().FileAsync([.. Syringes(key, Places.Next())]);
        using var coordinator = app.ClientFor(Role.Coordinator);

        using var response = await coordinator.PostAsync($"/api/service-requests/{id}/status", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        if (field.Length > 0)
            Assert.True(JsonDocument.Parse(problem).RootElement.GetProperty("errors").TryGetProperty(field, out _), problem);
        Assert.Equal("open", await app.QueryAsync(db => db.ServiceRequests.Where(r => r.Id == id).Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_note_with_html_is_kept_as_text()
    {
        var key = await app.NewKeyAsync();
        var id = await app.CreateClient().FileAsync([.. Syringes(key, Places.Next())]);
        const string note = "<img src=x onerror=alert(1)> Klart.";

        await app.ClientFor(Role.Coordinator).PostJsonAsync($"/api/service-requests/{id}/status", new { status = "fixed", note }, HttpStatusCode.OK);

        var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync($"/open311/v2/requests/{id}.json")).RootElement[0];
        Assert.Equal(note, json.GetProperty("status_notes").GetString());
        Assert.DoesNotContain("<img", await app.CreateClient().GetStringAsync($"/open311/v2/requests/{id}.xml"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Role.Police)]
    [InlineData(Role.SocialServices)]
    [InlineData(Role.SchoolManager)]
    [InlineData(Role.SchoolStaff)]
    [InlineData(Role.Guard)]
    [InlineData(Role.ControlRoom)]
    [InlineData(Role.Analyst)]
    public async Task Only_coordinators_and_administrators_triage(Role role)
    {
        var key = await app.NewKeyAsync();
        var id = await app.CreateClient().FileAsync([.. Syringes(key, Places.Next())]);
        using var client = app.ClientFor(role);

        using var queue = await client.GetAsync("/api/service-requests");
        using var one = await client.GetAsync($"/api/service-requests/{id}");
        using var accept = await client.PostAsJsonAsync($"/api/service-requests/{id}/accept", new { });
        using var status = await client.PostAsJsonAsync($"/api/service-requests/{id}/status", new { status = "fixed", note = "x" });
        using var link = await client.PostAsJsonAsync($"/api/service-requests/{id}/duplicate", new { duplicateOf = 1 });
        using var anonymous = await app.CreateClient().GetAsync("/api/service-requests");

        Assert.All(new[] { queue, one, accept, status, link }, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var stored = await app.QueryAsync(db => db.ServiceRequests.SingleAsync(r => r.Id == id));
        Assert.Equal(("open", null), (stored.Status, stored.ObservationId));
    }

    [Fact]
    public async Task The_queue_refuses_an_unknown_state_and_unknown_reports_are_404()
    {
        using var admin = app.ClientFor(Role.Admin);
        using (var bad = await admin.GetAsync("/api/service-requests?state=everything"))
            await bad.ExpectProblemAsync(HttpStatusCode.BadRequest, "state");
        using var missing = await admin.GetAsync("/api/service-requests/999999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(JsonValueKind.Array, (await admin.GetJsonAsync("/api/service-requests?state=all")).ValueKind);
    }
}

public sealed class TriageOnSqlite(SqliteLagesbild app) : TriageTests<SqliteLagesbild>(app);

public sealed class TriageOnPostgres(PostgresLagesbild app) : TriageTests<PostgresLagesbild>(app);
