using System.Net;
using System.Net.Http.Headers;
using Lagesbild.Core.Access;
using Lagesbild.Core.Alarms;
using Lagesbild.Server.Features.Alarms;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lagesbild.Server.Tests.Cluster;

/// <summary>
/// Redis killed under two nodes: the node that takes an alarm stores it and tells its own consoles; when Redis is back,
/// the other node's consoles reconnect and read it.
/// </summary>
public sealed class RedisDownTests(NodesOnOwnRedis nodes) : IClassFixture<NodesOnOwnRedis>
{
    private static readonly DateTimeOffset FridayNight = new(2026, 11, 27, 1, 10, 0, TimeSpan.Zero);

    [Fact]
    public async Task Without_Redis_node_A_stores_the_alarm_and_tells_its_own_console_and_node_Bs_console_reads_it_when_Redis_is_back()
    {
        nodes.SetTime(FridayNight);
        var before = await nodes.A.GuardedSchoolAsync(new Place(18.0450, 59.3175), FridayNight);
        var during = await nodes.A.GuardedSchoolAsync(new Place(18.0600, 59.3175), FridayNight);
        var heardOnA = new List<(AlarmView Alarm, AlarmSignal? Signal)>();
        var heardOnB = new List<(AlarmView Alarm, AlarmSignal? Signal)>();
        await using var consoleOnA = await nodes.A.ListenAsync(nodes.A.TokenOf(Role.Guard), heardOnA);
        await using var consoleOnB = await nodes.B.ListenAsync(nodes.B.TokenOf(Role.Guard), heardOnB);
        // What alarms.js does when the server closes its connection: connect again, and read the open alarms from the API.
        var readOnReconnect = new List<long>();
        using var guardOnB = nodes.B.ClientFor(Role.Guard);
        consoleOnB.Closed += async _ =>
        {
            await consoleOnB.JoinAsync();
            var open = await guardOnB.GetJsonAsync("/api/alarms?status=open");
            lock (readOnReconnect)
                readOnReconnect.AddRange(open.EnumerateArray().Select(a => a.GetProperty("id").GetInt64()));
        };
        using var sensor = nodes.A.CreateClient();
        await (await Consoles.SendEventAsync(sensor, before.SensorId, before.Secret, "redis-up", FridayNight)).ExpectAsync(HttpStatusCode.OK);
        await Consoles.HeardAsync(heardOnB, "redis-up");

        nodes.Redis.Kill();
        await UntilAsync(() => !nodes.A.Services.GetRequiredService<RedisLink>().Up, "node A never noticed that Redis was gone");
        var receipt = await (await Consoles.SendEventAsync(sensor, during.SensorId, during.Secret, "redis-down", FridayNight.AddSeconds(5))).ExpectAsync(HttpStatusCode.OK);
        var alarmId = receipt.GetProperty("alarmId").GetInt64();
        var (heard, _) = await Consoles.HeardAsync(heardOnA, "redis-down");
        var stored = await nodes.A.QueryAsync(db => db.Alarms.CountAsync(a => a.Id == alarmId));
        bool heardOnBWhileDown;
        lock (heardOnB)
            heardOnBWhileDown = heardOnB.Any(h => h.Alarm.Id == alarmId);

        await nodes.Redis.StartAsync();
        await UntilAsync(() => { lock (readOnReconnect) return readOnReconnect.Contains(alarmId); }, "node B's console never read the alarm after Redis came back");

        Assert.Equal(alarmId, heard.Id);
        Assert.Equal(1, stored);
        Assert.False(heardOnBWhileDown);
        Assert.Equal(HubConnectionState.Connected, consoleOnB.State);
        // And Redis carries again, once both nodes have their link back: an alarm taken by node B reaches a console on
        // node A (connected again, as node A closed its own too).
        await UntilAsync(() => nodes.A.Services.GetRequiredService<RedisLink>().Up && nodes.B.Services.GetRequiredService<RedisLink>().Up,
            "the nodes never took up their Redis link again");
        var again = await nodes.B.GuardedSchoolAsync(new Place(18.0750, 59.3175), FridayNight);
        var heardAgainOnA = new List<(AlarmView Alarm, AlarmSignal? Signal)>();
        await using var againOnA = await nodes.A.ListenAsync(nodes.A.TokenOf(Role.Guard), heardAgainOnA);
        using var sensorOnB = nodes.B.CreateClient();
        await (await Consoles.SendEventAsync(sensorOnB, again.SensorId, again.Secret, "redis-back", FridayNight.AddSeconds(10))).ExpectAsync(HttpStatusCode.OK);
        await Consoles.HeardAsync(heardAgainOnA, "redis-back");
    }

    internal static async Task UntilAsync(Func<bool> condition, string failure)
    {
        for (var wait = 0; wait < 300; wait++)
        {
            if (condition())
                return;
            await Task.Delay(100);
        }
        throw new TimeoutException(failure);
    }
}

/// <summary>Nodes that start before their Redis: they serve alone, and join each other when Redis comes.</summary>
public sealed class RedisLateTests(NodesBeforeRedis nodes) : IClassFixture<NodesBeforeRedis>
{
    private static readonly DateTimeOffset FridayNight = new(2026, 11, 27, 1, 10, 0, TimeSpan.Zero);

    [Fact]
    public async Task Nodes_started_without_Redis_carry_alarms_between_them_once_Redis_is_there()
    {
        nodes.SetTime(FridayNight);
        var school = await nodes.A.GuardedSchoolAsync(new Place(18.0450, 59.3205), FridayNight);
        var alone = new List<(AlarmView Alarm, AlarmSignal? Signal)>();
        await using (var consoleOnA = await nodes.A.ListenAsync(nodes.A.TokenOf(Role.Guard), alone))
        {
            // Joining the groups waited up to Redis:PublishTimeoutMilliseconds for the absent Redis.
            using var sensorToA = nodes.A.CreateClient();
            await (await Consoles.SendEventAsync(sensorToA, school.SensorId, school.Secret, "before-redis", FridayNight)).ExpectAsync(HttpStatusCode.OK);
            await Consoles.HeardAsync(alone, "before-redis");
        }

        await nodes.Redis.StartAsync();
        await RedisDownTests.UntilAsync(() => nodes.A.Services.GetRequiredService<RedisLink>().Up && nodes.B.Services.GetRequiredService<RedisLink>().Up, "the nodes never connected to Redis");
        var heardOnB = new List<(AlarmView Alarm, AlarmSignal? Signal)>();
        await using var consoleOnB = await nodes.B.ListenAsync(nodes.B.TokenOf(Role.Guard), heardOnB);
        using var sensor = nodes.A.CreateClient();
        var other = await nodes.A.GuardedSchoolAsync(new Place(18.0600, 59.3205), FridayNight);
        var receipt = await (await Consoles.SendEventAsync(sensor, other.SensorId, other.Secret, "after-redis", FridayNight.AddSeconds(5))).ExpectAsync(HttpStatusCode.OK);
        var (heard, _) = await Consoles.HeardAsync(heardOnB, "after-redis");

        Assert.Equal(receipt.GetProperty("alarmId").GetInt64(), heard.Id);
    }
}
