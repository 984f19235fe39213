using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Core.Alarms;
using Lagesbild.Server.Features.Alarms;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MQTTnet;
using MQTTnet.Protocol;

namespace Lagesbild.Server.Tests.Alarms;

/// <summary>A server subscribed to the throwaway Mosquitto broker that scripts/test starts (LAGESBILD_TEST_MQTT=host:port).</summary>
public abstract class MqttFactory(TestStore store) : LagesbildFactory(store)
{
    public const string Variable = "LAGESBILD_TEST_MQTT";

    public static (string Host, int Port) Broker()
    {
        var value = Environment.GetEnvironmentVariable(Variable)
            ?? throw new InvalidOperationException($"{Variable} is not set: run scripts/test, which starts Mosquitto on loopback, or set it to host:port of a broker.");
        var (host, port) = value.Split(':') is [var h, var p] ? (h, int.Parse(p, CultureInfo.InvariantCulture)) : throw new InvalidOperationException($"{Variable} must be host:port.");
        return (host, port);
    }

    private readonly string _clientId = $"lagesbild-test-{Guid.NewGuid():N}";

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings
    {
        get
        {
            var (host, port) = Broker();
            return [new("Mqtt:Host", host), new("Mqtt:Port", port.ToString(CultureInfo.InvariantCulture)), new("Mqtt:ClientId", _clientId)];
        }
    }
}

public sealed class MqttSqlite() : MqttFactory(new SqliteStore());

public sealed class MqttPostgres() : MqttFactory(new PostgresStore());

public abstract class MqttTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : MqttFactory
{
    private static readonly DateTimeOffset FridayNight = new(2026, 11, 27, 1, 10, 0, TimeSpan.Zero);

    private static async Task PublishAsync(IMqttClient client, int topicSensor, int sensorId, string eventId, string secret)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { sensorId, eventId, type = "person", occurredAt = FridayNight });
        var message = new MqttApplicationMessageBuilder()
            .WithTopic($"lagesbild/sensors/{topicSensor}/events")
            .WithPayload(body)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithUserProperty(MqttIngest.SignatureProperty, new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes(SensorSignature.Sign(Encoding.UTF8.GetBytes(secret), body))))
            .Build();
        await client.PublishAsync(message);
    }

    private Task<bool> StoredAsync(int sensorId, string eventId) =>
        app.QueryAsync(db => db.SensorEvents.AnyAsync(e => e.SensorId == sensorId && e.EventId == eventId));

    [Fact]
    public async Task A_signed_event_published_to_the_broker_is_stored_with_its_alarm_and_a_forged_one_is_not()
    {
        app.Clock.AdjustTime(FridayNight);
        var site = await app.SiteAsync(new Place(18.0600, 59.3120), await app.HomeOrganisationAsync(), kind: "School");
        using var coordinator = app.ClientFor(Role.Coordinator);
        var sensor = await coordinator.PostJsonAsync("/api/sensors", new { siteId = site.Id(), kind = "Motion", name = "Rörelse", armingMode = "Schedule" }, HttpStatusCode.Created);
        var (sensorId, secret) = (sensor.GetProperty("id").GetInt32(), sensor.GetProperty("secret").GetString()!);
        var (host, port) = MqttFactory.Broker();
        using var publisher = new MqttClientFactory().CreateMqttClient();
        await publisher.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(host, port).WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build());

        // The server subscribes when it has started; publish until the first event is in.
        string? first = null;
        for (var attempt = 0; attempt < 60 && first is null; attempt++)
        {
            var eventId = $"warm-{attempt}";
            await PublishAsync(publisher, sensorId, sensorId, eventId, secret);
            await Task.Delay(250);
            if (await StoredAsync(sensorId, eventId))
                first = eventId;
        }
        Assert.NotNull(first);
        await PublishAsync(publisher, sensorId, sensorId, "forged", "not the secret");
        await PublishAsync(publisher, sensorId + 1, sensorId, "wrong-topic", secret);
        await PublishAsync(publisher, sensorId, sensorId, "after", secret);
        for (var wait = 0; wait < 60 && !await StoredAsync(sensorId, "after"); wait++)
            await Task.Delay(250);

        Assert.True(await StoredAsync(sensorId, "after"));
        Assert.False(await StoredAsync(sensorId, "forged"));
        Assert.False(await StoredAsync(sensorId, "wrong-topic"));
        var alarmIds = await app.QueryAsync(db => db.SensorEvents.Where(e => e.SensorId == sensorId).Select(e => e.AlarmId).Distinct().ToListAsync());
        var alarmId = Assert.Single(alarmIds);
        Assert.NotNull(alarmId);
    }
}

public sealed class MqttOnSqlite(MqttSqlite app) : MqttTests<MqttSqlite>(app);

public sealed class MqttOnPostgres(MqttPostgres app) : MqttTests<MqttPostgres>(app);
