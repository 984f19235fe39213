using System.Net;
using System.Text;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Core.Alarms;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Lagesbild.Server.Tests.Cluster;

/// <summary>
/// PostgreSQL goes away under a running server (its sessions ended and new ones refused, as while it restarts) and
/// comes back: writes meanwhile answer 503 with Retry-After and store nothing, and the server recovers by itself.
/// </summary>
public sealed class DatabaseRestartTests(PostgresLagesbild app) : IClassFixture<PostgresLagesbild>
{
    private string Database => new NpgsqlConnectionStringBuilder(app.ConnectionString).Database!;

    private async Task AwayAsync()
    {
        await PostgresStore.ExecuteAsync(SharedStore.Server, $"ALTER DATABASE \"{Database}\" WITH ALLOW_CONNECTIONS false");
        await PostgresStore.ExecuteAsync(SharedStore.Server,
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Database}' AND pid <> pg_backend_pid()");
    }

    private Task BackAsync() => PostgresStore.ExecuteAsync(SharedStore.Server, $"ALTER DATABASE \"{Database}\" WITH ALLOW_CONNECTIONS true");

    private static async Task ExpectUnavailableAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task While_PostgreSQL_restarts_a_write_answers_503_with_Retry_After_stores_nothing_and_succeeds_once_when_sent_again()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var place = Places.Next();
        var body = ObservationBody.At(place, LagesbildFactory.Now.AddHours(-1));

        await AwayAsync();
        try
        {
            using var refused = await client.PostKeyedAsync("/api/observations", body, "restart-1");
            await ExpectUnavailableAsync(refused);
        }
        finally
        {
            await BackAsync();
        }
        using var again = await client.PostKeyedAsync("/api/observations", body, "restart-1");
        using var retried = await client.PostKeyedAsync("/api/observations", body, "restart-1");

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.True(retried.IsSuccessStatusCode);
        Assert.Single((await client.GetJsonAsync($"/api/observations?bbox={place.Bbox}")).Features());
    }

    private sealed record Sensor(int Id, string Secret);

    private async Task<Sensor> SensorAsync()
    {
        var site = await app.SiteAsync(Places.Next(), await app.HomeOrganisationAsync(), kind: "School");
        using var coordinator = app.ClientFor(Role.Coordinator);
        var sensor = await coordinator.PostJsonAsync("/api/sensors",
            new { siteId = site.Id(), kind = "Motion", name = "Rörelse entré", armingMode = "Schedule" }, HttpStatusCode.Created);
        return new Sensor(sensor.GetProperty("id").GetInt32(), sensor.GetProperty("secret").GetString()!);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpClient client, Sensor sensor, string eventId)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { sensorId = sensor.Id, eventId, type = "motion", occurredAt = app.Clock.GetUtcNow() });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sensor-events") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Lagesbild-Signature", SensorSignature.Sign(Encoding.UTF8.GetBytes(sensor.Secret), body));
        return await client.SendAsync(request);
    }

    private Task<List<string>> StoredAsync(Sensor sensor) =>
        app.QueryAsync(db => db.SensorEvents.Where(e => e.SensorId == sensor.Id).Select(e => e.EventId).ToListAsync());

    [Fact]
    public async Task A_sensor_event_that_cannot_be_stored_is_not_answered_as_stored_and_is_stored_once_when_sent_again()
    {
        var sensor = await SensorAsync();
        using var client = app.CreateClient();

        await AwayAsync();
        try
        {
            using var refused = await SendAsync(client, sensor, "restart-event");
            await ExpectUnavailableAsync(refused);
        }
        finally
        {
            await BackAsync();
        }
        using var stored = await SendAsync(client, sensor, "restart-event");
        using var again = await SendAsync(client, sensor, "restart-event");

        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(["restart-event"], await StoredAsync(sensor));
    }

    [Fact]
    public async Task Under_a_stream_of_sensor_events_every_event_answered_as_stored_is_stored_and_the_refused_ones_are_stored_once_when_sent_again()
    {
        var sensor = await SensorAsync();
        using var client = app.CreateClient();
        var ids = Enumerable.Range(0, 60).Select(i => $"stream-{i}").ToList();

        var sending = ids.Select(async (id, i) =>
        {
            await Task.Delay(i * 5);
            using var response = await SendAsync(client, sensor, id);
            return (id, response.StatusCode);
        }).ToList();
        await Task.Delay(100);
        await AwayAsync();
        HashSet<(string Id, HttpStatusCode Status)> answers;
        try
        {
            answers = [.. await Task.WhenAll(sending)];
        }
        finally
        {
            await BackAsync();
        }
        var answeredStored = answers.Where(a => a.Status == HttpStatusCode.OK).Select(a => a.Id).ToList();
        var storedBeforeResending = await StoredAsync(sensor);
        foreach (var (id, _) in answers.Where(a => a.Status != HttpStatusCode.OK))
        {
            using var again = await SendAsync(client, sensor, id);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        Assert.All(answers, a => Assert.Contains(a.Status, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        Assert.Contains(answers, a => a.Status == HttpStatusCode.ServiceUnavailable);
        Assert.All(answeredStored, id => Assert.Contains(id, storedBeforeResending));
        var stored = await StoredAsync(sensor);
        Assert.Equal(ids.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
    }
}
