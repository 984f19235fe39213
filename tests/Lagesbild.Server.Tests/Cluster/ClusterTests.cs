using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Core.Alarms;
using Lagesbild.Server.Features.Alarms;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Cluster;

/// <summary>
/// Two nodes on one PostgreSQL database and one Redis: an alarm taken by one reaches consoles on the other, a sign-in
/// made on one is good on the other, and a write on one is in the other's picture at its next read.
/// </summary>
public sealed class ClusterTests(NodesOnTestRedis nodes) : IClassFixture<NodesOnTestRedis>
{
    private static readonly DateTimeOffset FridayNight = new(2026, 11, 27, 1, 10, 0, TimeSpan.Zero);

    private static int _schools = -1;

    private static Place NextSchoolPlace() => new(18.0450 + (Interlocked.Increment(ref _schools) % 30 * 0.0015), 59.3160);

    [Fact]
    public async Task A_sensor_event_taken_by_node_A_reaches_a_guards_console_on_node_B_and_a_guards_move_on_B_reaches_a_console_on_A()
    {
        nodes.SetTime(FridayNight);
        var school = await nodes.A.GuardedSchoolAsync(NextSchoolPlace(), FridayNight);
        var heardOnB = new List<(AlarmView Alarm, AlarmSignal? Signal)>();
        var heardOnA = new List<(AlarmView Alarm, AlarmSignal? Signal)>();
        await using var consoleOnB = await nodes.B.ListenAsync(nodes.B.TokenOf(Role.Guard), heardOnB);
        await using var controlRoomOnA = await nodes.A.ListenAsync(nodes.A.TokenOf(Role.ControlRoom), heardOnA);
        using var sensor = nodes.A.CreateClient();

        var receipt = await (await Consoles.SendEventAsync(sensor, school.SensorId, school.Secret, "cluster-1", FridayNight)).ExpectAsync(HttpStatusCode.OK);
        var (opened, signal) = await Consoles.HeardAsync(heardOnB, "cluster-1");
        using var guardOnB = nodes.B.ClientFor(Role.Guard);
        await guardOnB.PostJsonAsync($"/api/alarms/{opened.Id}/acknowledge", new { }, HttpStatusCode.OK);
        var acknowledged = await HeardStatusAsync(heardOnA, opened.Id, AlarmStatus.Acknowledged);

        Assert.Equal(receipt.GetProperty("alarmId").GetInt64(), opened.Id);
        Assert.Equal(AlarmStatus.Dispatched, opened.Status);
        Assert.Equal("cluster-1", signal!.EventId);
        Assert.Equal("Test Guard", acknowledged.AssignedTo);
    }

    [Fact]
    public async Task A_bearer_token_a_cookie_and_a_sensor_secret_made_on_node_A_are_good_on_node_B_and_no_node_keeps_keys_in_its_folder()
    {
        nodes.SetTime(FridayNight);
        var school = await nodes.A.GuardedSchoolAsync(NextSchoolPlace(), FridayNight);
        using var bearerOnB = nodes.B.CreateClient();
        bearerOnB.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", nodes.A.TokenOf(Role.Coordinator));
        using var forgedOnB = nodes.B.CreateClient();
        forgedOnB.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", nodes.A.TokenOf(Role.Coordinator)[..^4] + "AAAA");
        var cookies = new System.Net.CookieContainer();
        using var browserOnA = nodes.A.CreateDefaultClient(new RedirectHandler(), new CookieContainerHandler(cookies));
        using var browserOnB = nodes.B.CreateDefaultClient(new RedirectHandler(), new CookieContainerHandler(cookies));
        await Cookies.SignInAsync(browserOnA, Role.Guard);
        using var sensorOnB = nodes.B.CreateClient();

        var me = await bearerOnB.GetJsonAsync("/api/auth/me");
        var cookieMe = await browserOnB.GetJsonAsync("/api/auth/me");
        var receipt = await (await Consoles.SendEventAsync(sensorOnB, school.SensorId, school.Secret, "secret-on-b", FridayNight)).ExpectAsync(HttpStatusCode.OK);
        using var forged = await forgedOnB.GetAsync("/api/auth/me");
        var keys = await nodes.A.QueryAsync(db => db.DataProtectionKeys.CountAsync());

        Assert.Equal(nodes.A.UserIds[Role.Coordinator], me.GetProperty("id").GetInt32());
        Assert.Equal(nodes.A.UserIds[Role.Guard], cookieMe.GetProperty("id").GetInt32());
        Assert.True(receipt.GetProperty("armed").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.True(keys >= 1);
        Assert.False(Directory.Exists(Path.Combine(nodes.A.DataDirectory, "keys")));
        Assert.False(Directory.Exists(Path.Combine(nodes.B.DataDirectory, "keys")));
    }

    [Fact]
    public async Task A_console_that_comes_back_on_the_other_node_reads_the_alarm_it_missed()
    {
        nodes.SetTime(FridayNight);
        var school = await nodes.A.GuardedSchoolAsync(NextSchoolPlace(), FridayNight);
        var heard = new List<(AlarmView Alarm, AlarmSignal? Signal)>();
        var console = await nodes.A.ListenAsync(nodes.A.TokenOf(Role.Guard), heard);
        await console.DisposeAsync(); // node A went away under the guard's phone
        using var sensor = nodes.A.CreateClient();
        var alarmId = (await (await Consoles.SendEventAsync(sensor, school.SensorId, school.Secret, "while-away", FridayNight)).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("alarmId").GetInt64();

        // The console connects to node B with the token node A gave it, and reads the open alarms, as alarms.js does.
        await using var again = await nodes.B.ListenAsync(nodes.A.TokenOf(Role.Guard), heard);
        using var guardOnB = nodes.B.CreateClient();
        guardOnB.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", nodes.A.TokenOf(Role.Guard));
        var open = await guardOnB.GetJsonAsync("/api/alarms?status=open");

        Assert.Contains(alarmId, open.EnumerateArray().Select(a => a.GetProperty("id").GetInt64()));
        lock (heard)
            Assert.Empty(heard);
    }

    [Fact]
    public async Task An_observation_written_on_node_A_is_in_node_Bs_picture_at_its_next_read_and_so_are_its_correction_and_withdrawal()
    {
        const string Week = "from=2026-11-16&to=2026-11-22";
        using var policeOnA = nodes.A.ClientFor(Role.Police);
        using var coordinatorOnB = nodes.B.ClientFor(Role.Coordinator);
        var place = Places.Next();
        var picture = $"/api/lagesbild?bbox={place.Bbox}&{Week}";
        var before = await coordinatorOnB.GetJsonAsync(picture);

        var id = (await policeOnA.PostObservationAsync(ObservationBody.At(place, new DateTimeOffset(2026, 11, 18, 19, 30, 0, TimeSpan.Zero), "Dealing"))).Id();
        var written = await coordinatorOnB.GetJsonAsync(picture);
        var (lon, lat) = place.At();
        using (var correction = await policeOnA.PutAsJsonAsync($"/api/observations/{id}", new
        {
            category = "Syringes",
            lat,
            lon,
            occurredFrom = new DateTimeOffset(2026, 11, 18, 19, 30, 0, TimeSpan.Zero),
            count = 1,
            classification = "Internal",
            reason = "Fel kategori: det var kanyler.",
        }))
            await correction.ExpectAsync(HttpStatusCode.OK);
        var corrected = await coordinatorOnB.GetJsonAsync(picture);
        using (var withdrawal = new HttpRequestMessage(HttpMethod.Delete, $"/api/observations/{id}") { Content = JsonContent.Create(new { reason = "Dubblett." }) })
            await (await policeOnA.SendAsync(withdrawal)).ExpectAsync(HttpStatusCode.OK);
        var withdrawn = await coordinatorOnB.GetJsonAsync(picture);

        Assert.Equal(0, before.GetProperty("total").GetDouble());
        Assert.Equal(1, written.GetProperty("total").GetDouble());
        Assert.Equal(1, Category(written, "Dealing"));
        Assert.Equal(1, corrected.GetProperty("total").GetDouble());
        Assert.Equal((0, 1), (Category(corrected, "Dealing"), Category(corrected, "Syringes")));
        Assert.Equal(0, withdrawn.GetProperty("total").GetDouble());
    }

    private static double Category(JsonElement picture, string category) =>
        picture.GetProperty("byCategory").TryGetProperty(category, out var value) ? value.GetDouble() : 0;

    private static async Task<AlarmView> HeardStatusAsync(List<(AlarmView Alarm, AlarmSignal? Signal)> heard, long alarmId, AlarmStatus status)
    {
        for (var wait = 0; wait < 200; wait++)
        {
            lock (heard)
            {
                if (heard.FirstOrDefault(h => h.Alarm.Id == alarmId && h.Alarm.Status == status) is { Alarm: not null } found)
                    return found.Alarm;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The console never heard alarm {alarmId} {status}.");
    }
}
