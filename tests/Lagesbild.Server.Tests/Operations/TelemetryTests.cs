using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lagesbild.Core.Access;
using Lagesbild.Core.Alarms;
using Lagesbild.Core.Rounds;
using Lagesbild.Data;
using Lagesbild.Server.Features.Alarms;
using Lagesbild.Server.Features.Operations;
using Lagesbild.Server.Tests.Auth;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lagesbild.Server.Tests.Operations;

/// <summary>
/// The server with Prometheus's scrape endpoint on, scrapable from 10.20.0.0/24 besides this machine. Requests say
/// where they come from with X-Test-Address, as in the sign-in tests.
/// </summary>
public abstract class TelemetryLagesbild(TestStore store) : SignInLagesbild(store)
{
    public const string ScrapeNetwork = "10.20.0.0/24";

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
        [.. base.ExtraSettings, new("Telemetry:Prometheus", "true"), new("Telemetry:ScrapeFrom:0", ScrapeNetwork)];

    /// <summary>A client whose requests come from this address.</summary>
    public HttpClient From(string address)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(AddressHeader, address);
        return client;
    }
}

public sealed class TelemetrySqlite() : TelemetryLagesbild(new SqliteStore());

public sealed class TelemetryPostgres() : TelemetryLagesbild(new PostgresStore());

/// <summary>
/// The measures an operator watches, read from the database and served to Prometheus. One collection: every host in
/// the test process shares the meter's name, so two telemetry hosts at once would see each other's gauges.
/// </summary>
public abstract class TelemetryTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : TelemetryLagesbild
{
    public const string Telemetry = "Telemetry";

    private Task<OperationsReading> ReadAsync() => app.RunAsync<OperationsReader, OperationsReading>(r => r.ReadAsync(CancellationToken.None));

    private async Task<string> ScrapeAsync()
    {
        using var client = app.From("127.0.0.1");
        using var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The value of one series in Prometheus's text format (its name and labels as a pattern), 0 when it is not there.</summary>
    private static double Series(string scrape, string pattern)
    {
        var match = Regex.Match(scrape, $@"^{pattern} (?<value>\S+)", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture) : 0;
    }

    [Fact]
    public async Task Prometheus_may_scrape_from_this_machine_and_the_configured_network_and_nobody_else()
    {
        app.Services.GetRequiredService<OperationsReadings>().Current = await ReadAsync();

        using var local = app.From("127.0.0.1");
        using var scrapeNetwork = app.From("10.20.0.7");
        using var outsider = app.From("203.0.113.50");
        using var relayed = app.From("127.0.0.1");
        relayed.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.50");
        using var unknown = app.CreateClient();

        using var fromHere = await local.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, fromHere.StatusCode);
        var scrape = await fromHere.Content.ReadAsStringAsync();
        foreach (var measure in new[] { "lagesbild_outbox_depth", "lagesbild_outbox_oldest_age_seconds", "lagesbild_escalation_lag_seconds", "lagesbild_escalation_overdue",
                     "lagesbild_rounds_missed_pass_lag_seconds", "lagesbild_picture_index_lag_seconds", "lagesbild_picture_index_behind", "lagesbild_health", "lagesbild_operations_reading_age_seconds" })
            Assert.Contains($"\n{measure}", scrape, StringComparison.Ordinal);
        Assert.Equal(1, Series(scrape, "lagesbild_health\\{[^}]*check=\"database\"[^}]*\\}"));
        Assert.DoesNotContain("check=\"redis\"", scrape, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await scrapeNetwork.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await relayed.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await unknown.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task An_alarm_pushed_to_the_consoles_is_counted_in_the_latency_histogram()
    {
        var opened = "lagesbild_alarm_latency_seconds_count\\{[^}]*alarm_event=\"opened\"[^}]*\\}";
        var before = Series(await ScrapeAsync(), opened);

        var (_, sensorId, secret) = await ArmedSensorAsync();
        var body = JsonSerializer.SerializeToUtf8Bytes(new { sensorId, eventId = $"evt-{Guid.NewGuid():N}", type = "person", occurredAt = app.Clock.GetUtcNow() });
        using var sensor = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sensor-events") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Lagesbild-Signature", SensorSignature.Sign(Encoding.UTF8.GetBytes(secret), body));
        var receipt = await (await sensor.SendAsync(request)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(receipt.GetProperty("alarmId").GetInt64() > 0);

        var scrape = await ScrapeAsync();
        Assert.True(Series(scrape, opened) >= before + 1, $"The histogram counted {Series(scrape, opened)} opened alarms, {before} before this one: {string.Join('\n', scrape.Split('\n').Where(l => l.StartsWith("lagesbild", StringComparison.Ordinal)))}");
        Assert.Contains("lagesbild_alarm_latency_seconds_bucket{", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_readings_count_the_outbox_the_overdue_escalations_and_the_rounds_not_yet_marked_missed()
    {
        var before = await ReadAsync();
        var now = app.Clock.GetUtcNow();
        var (siteId, _, _) = await ArmedSensorAsync();
        await app.QueryAsync(async db =>
        {
            db.OutboxMessages.AddRange(
                Message(now.AddSeconds(-3600), sentAt: null), Message(now.AddSeconds(-5), sentAt: null), Message(now, sentAt: null),
                Message(now.AddSeconds(-7200), sentAt: now.AddSeconds(-7000)));
            db.Alarms.AddRange(
                new Alarm { SiteId = siteId, Status = AlarmStatus.Dispatched, OpenedAt = now.AddMinutes(-50), LastEventAt = now.AddMinutes(-50), EventCount = 1, AcknowledgeBy = now.AddMinutes(-40) },
                new Alarm { SiteId = siteId, Status = AlarmStatus.Dispatched, OpenedAt = now, LastEventAt = now, EventCount = 1, AcknowledgeBy = now.AddSeconds(60) },
                new Alarm { SiteId = siteId, Status = AlarmStatus.Acknowledged, OpenedAt = now.AddHours(-3), LastEventAt = now.AddHours(-3), EventCount = 1, AcknowledgeBy = now.AddHours(-2) });
            db.Rounds.AddRange(
                new Round { SiteId = siteId, Date = new DateOnly(2026, 11, 2), Deadline = now.AddMinutes(-30), Status = RoundStatus.Due, CreatedAt = now.AddDays(-1) },
                new Round { SiteId = siteId, Date = new DateOnly(2026, 11, 3), Deadline = now.AddHours(-5), Status = RoundStatus.Completed, CompletedAt = now.AddHours(-6), CreatedAt = now.AddDays(-1) },
                new Round { SiteId = siteId, Date = new DateOnly(2026, 11, 4), Deadline = now.AddHours(1), Status = RoundStatus.Due, CreatedAt = now.AddDays(-1) });
            return await db.SaveChangesAsync();
        });

        var after = await ReadAsync();

        Assert.Equal(before.OutboxDepth + 3, after.OutboxDepth);
        Assert.Equal(TimeSpan.FromHours(1), after.OutboxOldestAge);
        Assert.Equal(before.EscalationsOverdue + 1, after.EscalationsOverdue);
        Assert.Equal(TimeSpan.FromMinutes(40), after.EscalationLag);
        Assert.Equal(TimeSpan.FromMinutes(30), after.MissedRoundLag);
        Assert.True(after.Health["database"]);
        Assert.True(after.Health["startup"]);
        Assert.False(after.Health.ContainsKey("redis"), "Redis is not configured, so it is not reported.");

        // Served as they were read.
        app.Services.GetRequiredService<OperationsReadings>().Current = after;
        var scrape = await ScrapeAsync();
        Assert.Equal(after.OutboxDepth, Series(scrape, "lagesbild_outbox_depth(\\{[^}]*\\})?"));
        Assert.Equal(3600, Series(scrape, "lagesbild_outbox_oldest_age_seconds(\\{[^}]*\\})?"));
        Assert.Equal(2400, Series(scrape, "lagesbild_escalation_lag_seconds(\\{[^}]*\\})?"));
        Assert.Equal(1800, Series(scrape, "lagesbild_rounds_missed_pass_lag_seconds(\\{[^}]*\\})?"));
    }

    /// <summary>
    /// The index is behind by what was written since it last read the database, and the lag is the age of the oldest
    /// of those; the next picture request catches it up.
    /// </summary>
    [Fact]
    public async Task The_picture_index_lag_is_the_age_of_the_oldest_observation_it_has_not_read_and_a_picture_request_clears_it()
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        var now = app.Clock.GetUtcNow();
        var picture = $"/api/lagesbild?from={now.AddDays(-3):yyyy-MM-dd}&to={now.AddDays(1):yyyy-MM-dd}";
        await coordinator.GetStringAsync(picture);
        Assert.Equal((0, TimeSpan.Zero), PictureLag(await ReadAsync()));

        await coordinator.PostObservationAsync(ObservationBody.At(Places.Next(), now.AddHours(-1), "Dealing"));
        app.Clock.Advance(TimeSpan.FromSeconds(4));
        await coordinator.PostObservationAsync(ObservationBody.At(Places.Next(), now.AddHours(-1), "Use"));
        app.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal((2, TimeSpan.FromSeconds(7)), PictureLag(await ReadAsync()));

        await coordinator.GetStringAsync(picture);
        Assert.Equal((0, TimeSpan.Zero), PictureLag(await ReadAsync()));

        static (long, TimeSpan) PictureLag(OperationsReading reading) => (reading.PictureIndexBehind, reading.PictureIndexLag);
    }

    private static OutboxMessage Message(DateTimeOffset createdAt, DateTimeOffset? sentAt) => new()
    {
        Channel = OutboxChannel.Webhook,
        Recipient = "https://mottagare.example/hook",
        Subject = "test",
        Body = "{}",
        CreatedAt = createdAt,
        NextAttemptAt = createdAt,
        SentAt = sentAt,
    };

    private static int _places = -1;

    /// <summary>A school with an always-armed camera, at a place of its own; answers the site and the sensor.</summary>
    private async Task<(int SiteId, int SensorId, string Secret)> ArmedSensorAsync()
    {
        var place = new Place(18.0450 + (Interlocked.Increment(ref _places) % 30 * 0.0015), 59.3180);
        var site = await app.SiteAsync(place, await app.HomeOrganisationAsync(), kind: "School");
        using var coordinator = app.ClientFor(Role.Coordinator);
        var sensor = await coordinator.PostJsonAsync("/api/sensors",
            new { siteId = site.Id(), kind = "Camera", name = "Kamera skolgården", armingMode = "AlwaysArmed" }, HttpStatusCode.Created);
        return ((int)site.Id(), sensor.GetProperty("id").GetInt32(), sensor.GetProperty("secret").GetString()!);
    }
}

[Collection(TelemetryTests<TelemetrySqlite>.Telemetry)]
public sealed class TelemetryOnSqlite(TelemetrySqlite app) : TelemetryTests<TelemetrySqlite>(app);

[Collection(TelemetryTests<TelemetrySqlite>.Telemetry)]
public sealed class TelemetryOnPostgres(TelemetryPostgres app) : TelemetryTests<TelemetryPostgres>(app);
