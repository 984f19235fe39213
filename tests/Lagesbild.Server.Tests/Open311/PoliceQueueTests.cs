using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Core.Geo;
using Lagesbild.Data;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Lagesbild.Server.Tests.Open311.Open311Client;

namespace Lagesbild.Server.Tests.Open311;

/// <summary>Reports the city forwards to the police: the police's queue, receiving one, what the resident is told; and Open311's snapped places.</summary>
public abstract class PoliceQueueTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private const string Queue = "/api/reports?forwardedTo=police";

    private async Task<(long Id, Place Place)> DealingReportAsync(string description = "Försäljning vid trappan varje kväll.")
    {
        var key = await app.NewKeyAsync();
        var place = Places.Next();
        using var client = app.CreateClient();
        var id = await client.FileAsync(
            ("api_key", key), ("service_code", "drug-dealing"),
            ("lat", place.Lat.ToString("R", CultureInfo.InvariantCulture)), ("long", place.Lon.ToString("R", CultureInfo.InvariantCulture)),
            ("description", description));
        return (id, place);
    }

    private async Task ForwardAsync(long id)
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        await coordinator.PostJsonAsync($"/api/service-requests/{id}/status",
            new { status = "not_councils_responsibility", note = "Vi har skickat din anmälan vidare till polisen." }, HttpStatusCode.OK);
    }

    private static Task<HttpResponseMessage> ReceiveAsync(HttpClient client, long id, object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/reports/{id}/receive") { Content = JsonContent.Create(body) };
        if (key is not null)
            request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    private static bool Lists(JsonElement queue, long id) => queue.EnumerateArray().Any(r => r.GetProperty("id").GetInt64() == id);

    [Fact]
    public async Task A_forwarded_report_is_in_the_police_queue_with_words_place_time_and_note_audited()
    {
        var (id, place) = await DealingReportAsync();
        using var police = app.ClientFor(Role.Police);
        Assert.False(Lists(await police.GetJsonAsync(Queue), id));

        await ForwardAsync(id);

        var stored = await app.QueryAsync(db => db.ServiceRequests.AsNoTracking().SingleAsync(r => r.Id == id));
        Assert.Equal(("police", LagesbildFactory.Now), (stored.ForwardedTo, stored.ForwardedAt));
        var item = (await police.GetJsonAsync(Queue)).EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == id);
        Assert.Equal("Försäljning vid trappan varje kväll.", item.GetProperty("description").GetString());
        Assert.Equal(place.Lat, item.GetProperty("lat").GetDouble(), 9);
        Assert.Equal("Vi har skickat din anmälan vidare till polisen.", item.GetProperty("triageNote").GetString());
        Assert.Equal(LagesbildFactory.Now, item.GetProperty("forwardedAt").GetDateTimeOffset());
        var entity = id.ToString(CultureInfo.InvariantCulture);
        Assert.True(await app.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "read" && a.Entity == "ServiceRequest" && a.EntityId == entity && a.UserId == app.UserIds[Role.Police])));
    }

    [Theory]
    [InlineData(Role.Coordinator)]
    [InlineData(Role.Guard)]
    [InlineData(Role.Admin)]
    [InlineData(Role.DataProtection)]
    public async Task Only_the_police_read_or_receive_their_queue(Role role)
    {
        var (id, _) = await DealingReportAsync();
        await ForwardAsync(id);
        using var client = app.ClientFor(role);

        await (await client.GetAsync(Queue)).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await ReceiveAsync(client, id, new { classification = "Internal" })).ExpectProblemAsync(HttpStatusCode.Forbidden);
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Queue)).StatusCode);
        Assert.Null(await app.QueryAsync(db => db.ServiceRequests.Where(r => r.Id == id).Select(r => r.ReceivedAt).SingleAsync()));
    }

    [Fact]
    public async Task Receiving_makes_one_police_observation_tells_the_resident_and_a_second_receive_answers_the_first()
    {
        var (id, _) = await DealingReportAsync();
        await ForwardAsync(id);
        using var police = app.ClientFor(Role.Police);
        var before = await app.QueryAsync(db => db.Observations.CountAsync());

        var received = await (await ReceiveAsync(police, id, new { classification = "Restricted" }, "recv-1")).ExpectAsync(HttpStatusCode.OK);
        var again = await (await ReceiveAsync(police, id, new { classification = "Restricted" }, "recv-1")).ExpectAsync(HttpStatusCode.OK);
        var other = await (await ReceiveAsync(police, id, new { classification = "Internal" })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(before + 1, await app.QueryAsync(db => db.Observations.CountAsync()));
        var observationId = received.GetProperty("observationId").GetInt64();
        Assert.Equal(observationId, again.GetProperty("observationId").GetInt64());
        Assert.Equal(observationId, other.GetProperty("observationId").GetInt64());
        Assert.Equal(LagesbildFactory.Now, received.GetProperty("receivedAt").GetDateTimeOffset());
        var observation = await app.QueryAsync(db => db.Observations.AsNoTracking().SingleAsync(o => o.Id == observationId));
        Assert.Equal((ObservationSource.PublicReport, Core.Observations.Classification.Restricted, app.UserIds[Role.Police]),
            (observation.Source, observation.Classification, observation.CreatedById!.Value));
        // The resident's words stay with the report (read by the police in their queue), not in the observation others may read.
        Assert.Null(observation.Text);
        // The resident reads the truth in Swedish, once.
        var updates = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/open311/v2/servicerequestupdates.json")).RootElement
            .EnumerateArray().Where(u => u.GetProperty("service_request_id").GetString() == id.ToString(CultureInfo.InvariantCulture)).ToList();
        Assert.Single(updates, u => u.GetProperty("description").GetString()!.StartsWith("Polisen har tagit emot din anmälan", StringComparison.Ordinal));
        Assert.False(Lists(await police.GetJsonAsync(Queue), id));
        // The same key for another report body is refused.
        await (await ReceiveAsync(police, id, new { classification = "Internal" }, "recv-1")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_report_not_forwarded_is_not_found_and_bad_input_is_named()
    {
        var (id, _) = await DealingReportAsync();
        using var police = app.ClientFor(Role.Police);
        Assert.Equal(HttpStatusCode.NotFound, (await ReceiveAsync(police, id, new { classification = "Internal" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ReceiveAsync(police, long.MaxValue, new { classification = "Internal" })).StatusCode);

        await ForwardAsync(id);
        await (await ReceiveAsync(police, id, new { classification = "Public" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "classification");
        await (await ReceiveAsync(police, id, new { })).ExpectProblemAsync(HttpStatusCode.BadRequest, "classification");
        await (await ReceiveAsync(police, id, new { classification = "Internal", category = "Unicorns" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "category");
        await (await police.GetAsync("/api/reports?forwardedTo=fire")).ExpectProblemAsync(HttpStatusCode.BadRequest, "forwardedTo");
        Assert.Null(await app.QueryAsync(db => db.ServiceRequests.Where(r => r.Id == id).Select(r => r.ReceivedAt).SingleAsync()));
    }

    [Fact]
    public async Task Another_status_before_the_police_received_it_takes_it_out_of_their_queue()
    {
        var (id, _) = await DealingReportAsync();
        await ForwardAsync(id);
        using var coordinator = app.ClientFor(Role.Coordinator);

        await coordinator.PostJsonAsync($"/api/service-requests/{id}/status", new { status = "in_progress", note = "Vi tittar på det själva." }, HttpStatusCode.OK);

        Assert.False(Lists(await app.ClientFor(Role.Police).GetJsonAsync(Queue), id));
        Assert.Null(await app.QueryAsync(db => db.ServiceRequests.Where(r => r.Id == id).Select(r => r.ForwardedTo).SingleAsync()));
    }

    [Fact]
    public async Task Open311_gives_the_centre_of_the_cell_for_public_services_and_no_place_for_dealing()
    {
        var key = await app.NewKeyAsync();
        using var client = app.CreateClient();
        var place = Places.Next();
        var syringes = await client.FileAsync(Syringes(key, place));
        var (dealing, _) = await DealingReportAsync();

        var request = JsonDocument.Parse(await client.GetStringAsync($"/open311/v2/requests/{syringes}.json")).RootElement[0];
        var cell = GridCell.Of(Sweref99Tm.Project(place.Lon, place.Lat));
        var (lon, lat) = Sweref99Tm.Unproject(cell.Centre);
        Assert.Equal(Math.Round(lat, 6), request.GetProperty("lat").GetDouble());
        Assert.Equal(Math.Round(lon, 6), request.GetProperty("long").GetDouble());
        Assert.NotEqual(place.Lat, request.GetProperty("lat").GetDouble());
        // Snapped: the point given lies in the report's own cell, 125 m or less from each side's centre line.
        Assert.Equal(cell, GridCell.Of(Sweref99Tm.Project(request.GetProperty("long").GetDouble(), request.GetProperty("lat").GetDouble())));

        var hidden = JsonDocument.Parse(await client.GetStringAsync($"/open311/v2/requests/{dealing}.json")).RootElement[0];
        Assert.Equal(JsonValueKind.Null, hidden.GetProperty("lat").ValueKind);
        Assert.Equal(JsonValueKind.Null, hidden.GetProperty("long").ValueKind);
        var xml = System.Xml.Linq.XDocument.Parse(await client.GetStringAsync($"/open311/v2/requests/{dealing}.xml"));
        Assert.Equal("", xml.Root!.Element("request")!.Element("lat")!.Value);
    }
}

public sealed class PoliceQueueOnSqlite(SqliteLagesbild app) : PoliceQueueTests<SqliteLagesbild>(app);

public sealed class PoliceQueueOnPostgres(PostgresLagesbild app) : PoliceQueueTests<PostgresLagesbild>(app);
