using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Core.Alarms;
using Lagesbild.Data;
using Lagesbild.Server.Features.Alarms;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lagesbild.Server.Tests.Alarms;

/// <summary>
/// Sensors, signed events and alarms through the API. Each test works on a school of its own; the clock is set
/// by each test (02:10 on a Friday night in Stockholm: the school is closed).
/// </summary>
public abstract class AlarmTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    protected TFactory App => app;

    protected static readonly DateTimeOffset FridayNight = new(2026, 11, 27, 1, 10, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FridayMorning = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A place on Södermalm, a different one for each school, so that every school lies in a district.</summary>
    private static int _schools = -1;

    private static Place NextSchoolPlace() => new(18.0450 + (Interlocked.Increment(ref _schools) % 30 * 0.0015), 59.3145);

    /// <summary>A school with a camera, and the test organisation's guard on duty over its district tonight.</summary>
    protected Task<Consoles.School> SchoolAsync(string arming = "Schedule", bool guardOnDuty = true) =>
        app.GuardedSchoolAsync(NextSchoolPlace(), FridayNight, arming, guardOnDuty);

    private Task<int> ShiftAsync(int userId, int districtId) => app.ShiftAsync(userId, districtId, FridayNight);

    protected static Task<HttpResponseMessage> SendAsync(HttpClient client, Consoles.School school, string eventId, DateTimeOffset occurredAt, string? secret = null, string? signature = null, string type = "person") =>
        Consoles.SendEventAsync(client, school.SensorId, secret ?? school.Secret, eventId, occurredAt, signature, type);

    private Task<int> EventsAsync(int sensorId) => app.QueryAsync(db => db.SensorEvents.CountAsync(e => e.SensorId == sensorId));

    [Fact]
    public async Task A_person_in_the_closed_yard_opens_an_alarm_for_the_guard_on_duty_and_the_same_event_again_changes_nothing()
    {
        app.Clock.AdjustTime(FridayNight);
        var school = await SchoolAsync();
        using var sensorClient = app.CreateClient();
        using var guard = app.ClientFor(Role.Guard);

        using var first = await SendAsync(sensorClient, school, "evt-1", FridayNight);
        var receipt = await first.ExpectAsync(HttpStatusCode.OK);
        using var again = await SendAsync(sensorClient, school, "evt-1", FridayNight);
        var replay = await again.ExpectAsync(HttpStatusCode.OK);
        using var second = await SendAsync(sensorClient, school, "evt-2", FridayNight.AddMinutes(3));
        var joined = await second.ExpectAsync(HttpStatusCode.OK);
        var alarmId = receipt.GetProperty("alarmId").GetInt64();
        var alarm = await guard.GetJsonAsync($"/api/alarms/{alarmId}");

        Assert.True(receipt.GetProperty("armed").GetBoolean());
        Assert.Equal(alarmId, replay.GetProperty("alarmId").GetInt64());
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(alarmId, joined.GetProperty("alarmId").GetInt64());
        Assert.Equal(2, await EventsAsync(school.SensorId));
        Assert.Equal("Dispatched", alarm.GetProperty("status").GetString());
        Assert.Equal(2, alarm.GetProperty("events").GetInt32());
        Assert.Equal("Test Guard", alarm.GetProperty("assignedTo").GetString());
        Assert.Equal(FridayNight.AddSeconds(60), alarm.GetProperty("acknowledgeBy").GetDateTimeOffset());
        Assert.Contains((await guard.GetJsonAsync("/api/alarms")).EnumerateArray(), a => a.GetProperty("id").GetInt64() == alarmId);
    }

    [Fact]
    public async Task The_rehearsal_at_start_goes_through_the_alarm_path_and_leaves_nothing_behind()
    {
        app.Clock.AdjustTime(FridayNight);
        await SchoolAsync();
        var school = await SchoolAsync();
        var heard = new List<(AlarmView Alarm, AlarmSignal? Signal)>();
        await using var console = await ListenAsync(app.TokenOf(Role.Guard), heard);
        Task<(int Events, int Alarms, int Entries)> StoredAsync() =>
            app.QueryAsync(async db => (await db.SensorEvents.CountAsync(), await db.Alarms.CountAsync(), await db.AlarmEntries.CountAsync()));
        var before = await StoredAsync();

        var rehearsed = await app.Services.GetRequiredService<AlarmWarmUp>().RehearseAsync(rounds: 2, CancellationToken.None);
        var after = await StoredAsync();
        int pushed;
        lock (heard)
            pushed = heard.Count;
        // A real event next: its alarm may take the id a rolled-back one had, and must show its own site's card.
        using var sensorClient = app.CreateClient();
        using var sent = await SendAsync(sensorClient, school, "after-rehearsal", FridayNight);
        var alarmId = (await sent.ExpectAsync(HttpStatusCode.OK)).GetProperty("alarmId").GetInt64();
        var (view, _) = await HeardAsync(heard, "after-rehearsal");
        var place = await app.QueryAsync(db => db.Sites.Where(s => s.Id == school.SiteId).Select(s => new { s.Location.X, s.Location.Y }).SingleAsync());

        Assert.Equal(6, rehearsed); // each round one event alone, then two sites' events together
        Assert.Equal(before, after);
        Assert.Equal(0, pushed);
        Assert.Equal(alarmId, view.Id);
        Assert.Equal(school.SiteId, (long)view.SiteId);
        Assert.Equal((place.Y, place.X), (view.Card.Lat, view.Card.Lon));
    }

    [Fact]
    public async Task Many_events_from_one_site_at_once_make_one_alarm()
    {
        app.Clock.AdjustTime(FridayNight);
        var school = await SchoolAsync();
        using var sensorClient = app.CreateClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => SendAsync(sensorClient, school, $"burst-{i}", FridayNight.AddSeconds(i))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(1, await app.QueryAsync(db => db.Alarms.CountAsync(a => a.SiteId == school.SiteId)));
        Assert.Equal(12, await app.QueryAsync(db => db.Alarms.Where(a => a.SiteId == school.SiteId).Select(a => a.EventCount).SingleAsync()));
        foreach (var answer in answers)
            answer.Dispose();
    }

    [Fact]
    public async Task Events_sent_again_among_new_ones_from_two_sites_at_once_are_answered_as_the_first_time_and_stored_once()
    {
        app.Clock.AdjustTime(FridayNight);
        var school = await SchoolAsync();
        var other = await SchoolAsync();
        using var sensorClient = app.CreateClient();
        var first = await (await SendAsync(sensorClient, school, "again-0", FridayNight)).ExpectAsync(HttpStatusCode.OK);

        // Stored events come in again (a retry, a redelivery) among new ones, and one new event comes three times at once.
        var sends = new List<(Consoles.School School, string EventId)> { (school, "again-0"), (school, "again-1"), (school, "again-1"), (school, "again-1") };
        sends.AddRange(Enumerable.Range(2, 8).Select(i => (school, $"again-{i}")));
        sends.AddRange(Enumerable.Range(0, 6).Select(i => (other, $"again-{i}")));
        var answers = await Task.WhenAll(sends.Select((s, i) => SendAsync(sensorClient, s.School, s.EventId, FridayNight.AddSeconds(i % 5))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var replayOfFirst = await answers[0].ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(first.GetProperty("alarmId").GetInt64(), replayOfFirst.GetProperty("alarmId").GetInt64());
        Assert.True(answers[0].Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, answers.Skip(1).Take(3).Count(a => a.Headers.Contains("Idempotent-Replayed")));
        Assert.Equal(10, await app.QueryAsync(db => db.SensorEvents.CountAsync(e => e.SensorId == school.SensorId)));
        Assert.Equal(6, await app.QueryAsync(db => db.SensorEvents.CountAsync(e => e.SensorId == other.SensorId)));
        Assert.Equal(10, await app.QueryAsync(db => db.Alarms.Where(a => a.SiteId == school.SiteId).Select(a => a.EventCount).SingleAsync()));
        Assert.Equal(6, await app.QueryAsync(db => db.Alarms.Where(a => a.SiteId == other.SiteId).Select(a => a.EventCount).SingleAsync()));
        foreach (var answer in answers)
            answer.Dispose();
    }

    [Fact]
    public async Task New_opening_hours_decide_at_once_whether_the_sites_sensors_are_armed()
    {
        app.Clock.AdjustTime(FridayNight);
        var school = await SchoolAsync();
        using var sensorClient = app.CreateClient();
        using var coordinator = app.ClientFor(Role.Coordinator);
        var closed = await (await SendAsync(sensorClient, school, "hours-1", FridayNight)).ExpectAsync(HttpStatusCode.OK);

        // Night school on Fridays, 01:00-03:00 Stockholm time: at 02:10 the school is open.
        var site = await coordinator.GetJsonAsync($"/api/sites/{school.SiteId}");
        var point = site.GetProperty("geometry").GetProperty("coordinates");
        using var put = await coordinator.PutAsJsonAsync($"/api/sites/{school.SiteId}", new
        {
            name = site.Props().GetProperty("name").GetString(),
            kind = "School",
            lat = point[1].GetDouble(),
            lon = point[0].GetDouble(),
            openingHours = new[] { new { day = "Friday", opens = "01:00", closes = "03:00" } },
        });
        await put.ExpectAsync(HttpStatusCode.OK);
        var open = await (await SendAsync(sensorClient, school, "hours-2", FridayNight.AddSeconds(30))).ExpectAsync(HttpStatusCode.OK);

        Assert.True(closed.GetProperty("armed").GetBoolean());
        Assert.False(open.GetProperty("armed").GetBoolean());
    }

    [Fact]
    public async Task While_the_school_is_open_or_the_sensor_is_disarmed_events_are_stored_but_nothing_is_dispatched()
    {
        app.Clock.AdjustTime(FridayMorning);
        var school = await SchoolAsync();
        var disarmed = await SchoolAsync("Disarmed");
        using var sensorClient = app.CreateClient();

        var open = await (await SendAsync(sensorClient, school, "children", FridayMorning)).ExpectAsync(HttpStatusCode.OK);
        app.Clock.AdjustTime(FridayNight);
        var night = await (await SendAsync(sensorClient, disarmed, "night", FridayNight)).ExpectAsync(HttpStatusCode.OK);

        Assert.False(open.GetProperty("armed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, open.GetProperty("alarmId").ValueKind);
        Assert.False(night.GetProperty("armed").GetBoolean());
        Assert.Equal(1, await EventsAsync(school.SensorId));
        Assert.Equal(0, await app.QueryAsync(db => db.Alarms.CountAsync(a => a.SiteId == school.SiteId || a.SiteId == disarmed.SiteId)));
    }

    [Fact]
    public async Task Wrong_stale_or_unsigned_events_and_unknown_sensors_are_refused_and_nothing_is_stored()
    {
        app.Clock.AdjustTime(FridayNight);
        var school = await SchoolAsync();
        using var client = app.CreateClient();

        await (await SendAsync(client, school, "wrong", FridayNight, secret: "not the secret")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await SendAsync(client, school, "forged", FridayNight, signature: "sha256=" + new string('0', 64))).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await SendAsync(client, school, "stale", FridayNight.AddMinutes(-10))).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await SendAsync(client, school, "future", FridayNight.AddMinutes(10))).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await SendAsync(client, school with { SensorId = 999_999 }, "unknown", FridayNight)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        using var unsigned = await client.PostAsync("/api/sensor-events", new StringContent("""{"sensorId":1,"eventId":"x"}""", Encoding.UTF8, "application/json"));
        await unsigned.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        using var malformed = await client.PostAsync("/api/sensor-events", new StringContent("{not json", Encoding.UTF8, "application/json"));
        await malformed.ExpectProblemAsync(HttpStatusCode.BadRequest, "body");
        using var huge = await client.PostAsync("/api/sensor-events", new StringContent(new string('x', 20_000), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        await (await SendAsync(client, school, "<script>alert(1)</script>" + new string('x', 100), FridayNight)).ExpectProblemAsync(HttpStatusCode.BadRequest, "eventId");

        Assert.Equal(0, await EventsAsync(school.SensorId));
    }

    [Fact]
    public async Task Not_acknowledged_in_a_minute_the_alarm_goes_to_the_next_guard_and_then_the_control_room()
    {
        app.Clock.AdjustTime(FridayNight);
        var school = await SchoolAsync();
        // Another company's guard on duty over the same district, listed before the second guard of the home company.
        using var otherCompanyGuard = await app.ClientInAsync(await app.OrganisationAsync("Annat vaktbolag"), Role.Guard);
        await ShiftAsync((await otherCompanyGuard.GetJsonAsync("/api/auth/me")).GetProperty("id").GetInt32(), school.DistrictId);
        using var secondGuard = await app.ClientInAsync(await app.HomeOrganisationAsync(), Role.Guard);
        var secondId = (await secondGuard.GetJsonAsync("/api/auth/me")).GetProperty("id").GetInt32();
        await ShiftAsync(secondId, school.DistrictId);
        using var sensorClient = app.CreateClient();
        var alarmId = (await (await SendAsync(sensorClient, school, "esc-1", FridayNight)).ExpectAsync(HttpStatusCode.OK)).GetProperty("alarmId").GetInt64();
        using var controlRoom = app.ClientFor(Role.ControlRoom);

        app.Clock.AdjustTime(FridayNight.AddSeconds(59));
        await app.RunAsync<EscalationPass, int>(p => p.RunAsync(CancellationToken.None));
        var stillFirst = await controlRoom.GetJsonAsync($"/api/alarms/{alarmId}");
        app.Clock.AdjustTime(FridayNight.AddSeconds(61));
        await app.RunAsync<EscalationPass, int>(p => p.RunAsync(CancellationToken.None));
        var toSecond = await controlRoom.GetJsonAsync($"/api/alarms/{alarmId}");
        var secondAssigned = await app.QueryAsync(db => db.Alarms.Where(a => a.Id == alarmId).Select(a => a.AssignedUserId).SingleAsync());
        app.Clock.AdjustTime(FridayNight.AddSeconds(122));
        await app.RunAsync<EscalationPass, int>(p => p.RunAsync(CancellationToken.None));
        var toControlRoom = await controlRoom.GetJsonAsync($"/api/alarms/{alarmId}");

        Assert.Equal(0, stillFirst.GetProperty("escalationLevel").GetInt32());
        Assert.Equal(1, toSecond.GetProperty("escalationLevel").GetInt32());
        Assert.Equal("Annan Guard", toSecond.GetProperty("assignedTo").GetString());
        // It stays with the company that had it.
        Assert.Equal(secondId, secondAssigned);
        Assert.Equal(HttpStatusCode.NotFound, (await otherCompanyGuard.GetAsync($"/api/alarms/{alarmId}")).StatusCode);
        Assert.Equal(2, toControlRoom.GetProperty("escalationLevel").GetInt32());
        Assert.Equal(AlarmDispatcher.ControlRoomName, toControlRoom.GetProperty("assignedTo").GetString());
        Assert.Equal(JsonValueKind.Null, toControlRoom.GetProperty("acknowledgeBy").ValueKind);
        Assert.Contains(toControlRoom.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("action").GetString() == "escalated");
    }

    [Fact]
    public async Task Of_two_guards_acknowledging_at_once_one_wins_and_another_companys_guard_does_not_see_it()
    {
        app.Clock.AdjustTime(FridayNight);
        var school = await SchoolAsync();
        using var sensorClient = app.CreateClient();
        var alarmId = (await (await SendAsync(sensorClient, school, "ack-1", FridayNight)).ExpectAsync(HttpStatusCode.OK)).GetProperty("alarmId").GetInt64();
        using var guard = app.ClientFor(Role.Guard);
        using var controlRoom = app.ClientFor(Role.ControlRoom);
        using var otherCompany = await app.ClientInAsync(await app.OrganisationAsync("Annat vaktbolag"), Role.Guard);
        using var otherSchool = await app.ClientInAsync(await app.OrganisationAsync("Annan skola"), Role.SchoolManager);
        using var manager = app.ClientFor(Role.SchoolManager);

        var answers = await Task.WhenAll(
            guard.PostAsync($"/api/alarms/{alarmId}/acknowledge", null),
            controlRoom.PostAsync($"/api/alarms/{alarmId}/acknowledge", null));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        Assert.Equal(HttpStatusCode.NotFound, (await otherCompany.PostAsync($"/api/alarms/{alarmId}/on-site", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherCompany.GetAsync($"/api/alarms/{alarmId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherSchool.GetAsync($"/api/alarms/{alarmId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/api/alarms/{alarmId}")).StatusCode); // the school's own history
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsync($"/api/alarms/{alarmId}/on-site", null)).StatusCode);
        foreach (var answer in answers)
            answer.Dispose();
    }

    [Fact]
    public async Task Resolved_as_syringes_found_the_alarm_becomes_an_observation_and_a_false_alarm_does_not()
    {
        app.Clock.AdjustTime(FridayNight);
        var school = await SchoolAsync();
        var other = await SchoolAsync();
        using var sensorClient = app.CreateClient();
        using var guard = app.ClientFor(Role.Guard);
        var syringes = (await (await SendAsync(sensorClient, school, "res-1", FridayNight)).ExpectAsync(HttpStatusCode.OK)).GetProperty("alarmId").GetInt64();
        var falseAlarm = (await (await SendAsync(sensorClient, other, "res-2", FridayNight)).ExpectAsync(HttpStatusCode.OK)).GetProperty("alarmId").GetInt64();

        await guard.PostJsonAsync($"/api/alarms/{syringes}/acknowledge", new { }, HttpStatusCode.OK);
        app.Clock.AdjustTime(FridayNight.AddMinutes(12));
        await guard.PostJsonAsync($"/api/alarms/{syringes}/on-site", new { }, HttpStatusCode.OK);
        app.Clock.AdjustTime(FridayNight.AddMinutes(30));
        var resolved = await guard.PostJsonAsync($"/api/alarms/{syringes}/resolve", new { outcome = "SyringesFound", note = "Två personer gick därifrån, sprutor vid sandlådan." }, HttpStatusCode.OK);
        await guard.PostJsonAsync($"/api/alarms/{falseAlarm}/acknowledge", new { }, HttpStatusCode.OK);
        var dismissed = await guard.PostJsonAsync($"/api/alarms/{falseAlarm}/resolve", new { outcome = "FalseAlarm" }, HttpStatusCode.OK);
        using var twice = await guard.PostAsJsonAsync($"/api/alarms/{syringes}/resolve", new { outcome = "SyringesFound" });
        using var unknown = await guard.PostAsJsonAsync($"/api/alarms/{falseAlarm}/resolve", new { outcome = "Aliens" });

        Assert.Equal("Resolved", resolved.GetProperty("status").GetString());
        var observation = await app.QueryAsync(db => db.Observations.SingleAsync(o => o.Id == resolved.GetProperty("observationId").GetInt64()));
        Assert.Equal(ObservationSource.Alarm, observation.Source);
        Assert.Equal(Core.Observations.ObservationCategory.Syringes, observation.Category);
        Assert.Equal(FridayNight, observation.OccurredFrom);
        Assert.Equal(FridayNight.AddMinutes(30), observation.OccurredTo);
        Assert.Equal(JsonValueKind.Null, dismissed.GetProperty("observationId").ValueKind);
        Assert.Equal(["opened", "dispatched", "acknowledged", "on-site", "resolved"], resolved.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("action").GetString()));
        await twice.ExpectProblemAsync(HttpStatusCode.Conflict);
        await unknown.ExpectProblemAsync(HttpStatusCode.BadRequest, "outcome");

        // The school's morning round knows where to look.
        using var staff = app.ClientFor(Role.SchoolStaff);
        var round = await staff.RoundOfAsync(school.SiteId, "2026-11-27");
        var detail = await staff.GetJsonAsync($"/api/rounds/{round!.Value.GetProperty("id").GetInt64()}");
        var night = Assert.Single(detail.GetProperty("alarms").EnumerateArray());
        Assert.Equal("SyringesFound", night.GetProperty("outcome").GetString());
        Assert.Contains("sandlådan", night.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_console_is_told_what_a_guard_may_do_and_keeps_the_shifts_closed_alarms()
    {
        app.Clock.AdjustTime(FridayNight);
        var school = await SchoolAsync();
        using var sensorClient = app.CreateClient();
        using var guard = app.ClientFor(Role.Guard);
        var id = (await (await SendAsync(sensorClient, school, "history-1", FridayNight, type: "door-open")).ExpectAsync(HttpStatusCode.OK)).GetProperty("alarmId").GetInt64();
        static string[] Actions(JsonElement alarm) => [.. alarm.GetProperty("actions").EnumerateArray().Select(a => a.GetString()!)];

        var opened = await guard.GetJsonAsync($"/api/alarms/{id}");
        Assert.True(opened.GetProperty("open").GetBoolean());
        Assert.Equal(["Acknowledge", "ArriveOnSite"], Actions(opened)); // dispatched to the guard on duty
        var taken = await guard.PostJsonAsync($"/api/alarms/{id}/acknowledge", new { }, HttpStatusCode.OK);
        Assert.Equal(["ArriveOnSite", "Resolve"], Actions(taken));
        app.Clock.AdjustTime(FridayNight.AddMinutes(20));
        var closed = await guard.PostJsonAsync($"/api/alarms/{id}/resolve", new { outcome = "FalseAlarm" }, HttpStatusCode.OK);
        Assert.False(closed.GetProperty("open").GetBoolean());
        Assert.Empty(Actions(closed));

        // Closed an hour ago: in the shift's history, not among the open ones; gone from the default twelve hours the next evening.
        app.Clock.AdjustTime(FridayNight.AddHours(1));
        Assert.DoesNotContain(id, (await guard.GetJsonAsync("/api/alarms")).EnumerateArray().Select(a => a.GetProperty("id").GetInt64()));
        var history = (await guard.GetJsonAsync("/api/alarms?status=closed")).EnumerateArray().ToList();
        Assert.Contains(id, history.Select(a => a.GetProperty("id").GetInt64()));
        Assert.All(history, a => Assert.False(a.GetProperty("open").GetBoolean()));
        var resolvedAt = history.Select(a => a.GetProperty("timeline").EnumerateArray().Last().GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(resolvedAt.OrderDescending(), resolvedAt);
        app.Clock.AdjustTime(FridayNight.AddHours(14));
        Assert.DoesNotContain(id, (await guard.GetJsonAsync("/api/alarms?status=closed")).EnumerateArray().Select(a => a.GetProperty("id").GetInt64()));
        Assert.Contains(id, (await guard.GetJsonAsync("/api/alarms?status=closed&hours=24")).EnumerateArray().Select(a => a.GetProperty("id").GetInt64()));
        // Another guard company's guard does not see it in his history either.
        using var stranger = await app.ClientInAsync(await app.OrganisationAsync("Annat vaktbolag"), Role.Guard);
        Assert.DoesNotContain(id, (await stranger.GetJsonAsync("/api/alarms?status=closed&hours=24")).EnumerateArray().Select(a => a.GetProperty("id").GetInt64()));

        using var badStatus = await guard.GetAsync("/api/alarms?status=resolved");
        await badStatus.ExpectProblemAsync(HttpStatusCode.BadRequest, "status");
        using var tooLong = await guard.GetAsync("/api/alarms?status=closed&hours=73");
        await tooLong.ExpectProblemAsync(HttpStatusCode.BadRequest, "hours");
        using var hoursAlone = await guard.GetAsync("/api/alarms?hours=5");
        await hoursAlone.ExpectProblemAsync(HttpStatusCode.BadRequest, "hours");
    }

    private Task<HubConnection> ConsoleAsync(string token) => app.ConsoleAsync(token);

    [Fact]
    public async Task A_site_guarded_by_contract_sends_its_alarm_to_its_company_not_to_another_on_patrol_nearby()
    {
        app.Clock.AdjustTime(FridayNight);
        var school = await SchoolAsync(guardOnDuty: false);
        var contracted = await app.OrganisationAsync("Kontrakterat vaktbolag", "GuardCompany");
        var nearby = await app.OrganisationAsync("Annat vaktbolag", "GuardCompany");
        using var theirs = await app.ClientInAsync(contracted, Role.Guard);
        using var other = await app.ClientInAsync(nearby, Role.Guard);
        var theirsId = (await theirs.GetJsonAsync("/api/auth/me")).GetProperty("id").GetInt32();
        var otherId = (await other.GetJsonAsync("/api/auth/me")).GetProperty("id").GetInt32();
        // The other company's guard comes on duty first: without a contract he would get the alarm.
        await ShiftAsync(otherId, school.DistrictId);
        await ShiftAsync(theirsId, school.DistrictId);
        using var admin = app.ClientFor(Role.Admin);
        await (await admin.PutAsJsonAsync($"/api/organisations/{contracted}/guarded-sites", new { sites = new[] { school.SiteId } })).ExpectAsync(HttpStatusCode.OK);
        using var sensorClient = app.CreateClient();

        var alarmId = (await (await SendAsync(sensorClient, school, "contract-1", FridayNight)).ExpectAsync(HttpStatusCode.OK)).GetProperty("alarmId").GetInt64();

        Assert.Equal("Dispatched", (await theirs.GetJsonAsync($"/api/alarms/{alarmId}")).GetProperty("status").GetString());
        Assert.Equal(theirsId, (await app.QueryAsync(db => db.Alarms.SingleAsync(a => a.Id == alarmId))).AssignedUserId);
        using var hidden = await other.GetAsync($"/api/alarms/{alarmId}");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    [Fact]
    public async Task The_guards_console_hears_the_alarm_and_another_companys_console_does_not()
    {
        app.Clock.AdjustTime(FridayNight);
        var school = await SchoolAsync();
        var heard = new List<(AlarmView Alarm, AlarmSignal? Signal)>();
        var colleagueHeard = new List<(AlarmView Alarm, AlarmSignal? Signal)>();
        var otherHeard = new List<long>();
        await using var console = await ListenAsync(app.TokenOf(Role.Guard), heard);
        // A colleague in the same company, not on duty here: he sees the alarm open, not every event after it.
        using var colleague = await app.ClientInAsync(await app.HomeOrganisationAsync(), Role.Guard);
        await using var colleagueConsole = await ListenAsync(colleague.DefaultRequestHeaders.Authorization!.Parameter!, colleagueHeard);
        var otherOrganisation = await app.OrganisationAsync("Annat vaktbolag");
        using var otherClient = await app.ClientInAsync(otherOrganisation, Role.Guard);
        await using var otherConsole = await ConsoleAsync(otherClient.DefaultRequestHeaders.Authorization!.Parameter!);
        otherConsole.On<AlarmView, AlarmSignal?>(nameof(IAlarmClient.AlarmChanged), (alarm, _) =>
        {
            lock (otherHeard)
                otherHeard.Add(alarm.Id);
        });
        using var sensorClient = app.CreateClient();

        var receipt = await (await SendAsync(sensorClient, school, "push-1", FridayNight)).ExpectAsync(HttpStatusCode.OK);
        var opened = await HeardAsync(heard, "push-1");
        await HeardAsync(colleagueHeard, "push-1");
        using var guard = app.ClientFor(Role.Guard);
        await guard.PostJsonAsync($"/api/alarms/{opened.Alarm.Id}/acknowledge", new { }, HttpStatusCode.OK);
        await (await SendAsync(sensorClient, school, "push-2", FridayNight.AddSeconds(5))).ExpectAsync(HttpStatusCode.OK);
        var joined = await HeardAsync(heard, "push-2");

        Assert.Equal(receipt.GetProperty("alarmId").GetInt64(), opened.Alarm.Id);
        Assert.Equal(AlarmStatus.Dispatched, opened.Alarm.Status);
        Assert.Equal(new AlarmSignal("push-1", "Kamera skolgården", SensorKind.Camera, "person", FridayNight), opened.Signal);
        Assert.Equal(2, joined.Alarm.Events);
        // A joining event's push carries the alarm as it stands, with what the guard did in its timeline.
        Assert.Equal(AlarmStatus.Acknowledged, joined.Alarm.Status);
        Assert.Equal(["opened", "dispatched", "acknowledged"], joined.Alarm.Timeline.Select(t => t.Action));
        lock (colleagueHeard)
            Assert.DoesNotContain(colleagueHeard, h => h.Signal?.EventId == "push-2");
        lock (otherHeard)
            Assert.DoesNotContain(opened.Alarm.Id, otherHeard);
    }

    private Task<HubConnection> ListenAsync(string token, List<(AlarmView Alarm, AlarmSignal? Signal)> heard) => app.ListenAsync(token, heard);

    private static Task<(AlarmView Alarm, AlarmSignal? Signal)> HeardAsync(List<(AlarmView Alarm, AlarmSignal? Signal)> heard, string eventId) =>
        Consoles.HeardAsync(heard, eventId);

    [Fact]
    public async Task A_hub_client_may_send_its_token_in_the_query_as_websockets_must_but_only_to_the_hub()
    {
        using var client = app.CreateClient();
        var token = Uri.EscapeDataString(app.TokenOf(Role.Guard));

        using var withToken = await client.PostAsync($"{AlarmHub.Path}/negotiate?negotiateVersion=1&access_token={token}", null);
        using var without = await client.PostAsync($"{AlarmHub.Path}/negotiate?negotiateVersion=1", null);
        using var forged = await client.PostAsync($"{AlarmHub.Path}/negotiate?negotiateVersion=1&access_token=forged", null);
        using var api = await client.GetAsync($"/api/alarms?access_token={token}");

        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task The_control_room_plans_its_own_guards_shifts_only()
    {
        using var controlRoom = app.ClientFor(Role.ControlRoom);
        using var otherControlRoom = await app.ClientInAsync(await app.OrganisationAsync("Annat vaktbolag"), Role.ControlRoom);
        using var guard = app.ClientFor(Role.Guard);
        var districtId = await app.QueryAsync(db => db.Districts.Select(d => d.Id).FirstAsync());
        object Shift(int userId, int district, int hours = 10) => new { userId, from = FridayNight, to = FridayNight.AddHours(hours), districtIds = new[] { district } };

        var planned = await controlRoom.PostJsonAsync("/api/guard-shifts", Shift(app.UserIds[Role.Guard], districtId), HttpStatusCode.Created);

        Assert.Equal([districtId], planned.GetProperty("districtIds").EnumerateArray().Select(d => d.GetInt32()));
        await (await otherControlRoom.PostAsJsonAsync("/api/guard-shifts", Shift(app.UserIds[Role.Guard], districtId))).ExpectProblemAsync(HttpStatusCode.BadRequest, "userId");
        await (await guard.PostAsJsonAsync("/api/guard-shifts", Shift(app.UserIds[Role.Guard], districtId))).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await controlRoom.PostAsJsonAsync("/api/guard-shifts", Shift(app.UserIds[Role.Guard], 999_999))).ExpectProblemAsync(HttpStatusCode.BadRequest, "districtIds");
        await (await controlRoom.PostAsJsonAsync("/api/guard-shifts", Shift(app.UserIds[Role.Guard], districtId, hours: -1))).ExpectProblemAsync(HttpStatusCode.BadRequest, "to");
        await (await controlRoom.PostAsJsonAsync("/api/guard-shifts", Shift(app.UserIds[Role.Coordinator], districtId))).ExpectProblemAsync(HttpStatusCode.BadRequest, "userId");
        Assert.DoesNotContain((await otherControlRoom.GetJsonAsync("/api/guard-shifts")).EnumerateArray(), s => s.GetProperty("id").GetInt64() == planned.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task A_sensor_shows_its_secret_once_and_whether_it_is_armed_now()
    {
        app.Clock.AdjustTime(FridayMorning);
        var school = await SchoolAsync();
        using var coordinator = app.ClientFor(Role.Coordinator);
        using var staff = app.ClientFor(Role.SchoolStaff);

        var sensor = await coordinator.GetJsonAsync($"/api/sensors/{school.SensorId}");
        using var byStaff = await staff.PostAsJsonAsync("/api/sensors", new { siteId = school.SiteId, kind = "Door", name = "Dörr", armingMode = "Schedule" });
        using var badKind = await coordinator.PostAsJsonAsync("/api/sensors", new { siteId = school.SiteId, kind = "Laser", name = "X", armingMode = "Schedule" });
        using var noSite = await coordinator.PostAsJsonAsync("/api/sensors", new { siteId = 999_999, kind = "Door", name = "Dörr", armingMode = "Schedule" });

        Assert.False(sensor.TryGetProperty("secret", out _));
        Assert.False(sensor.GetProperty("armedNow").GetBoolean()); // Friday 10:00 in Stockholm: the school is open
        Assert.True(school.Secret.Length >= 40);
        Assert.DoesNotContain(school.Secret, await app.QueryAsync(db => db.Sensors.Where(s => s.Id == school.SensorId).Select(s => s.ProtectedSecret).SingleAsync()), StringComparison.Ordinal);
        await byStaff.ExpectProblemAsync(HttpStatusCode.Forbidden);
        await badKind.ExpectProblemAsync(HttpStatusCode.BadRequest, "kind");
        await noSite.ExpectProblemAsync(HttpStatusCode.BadRequest, "siteId");
    }
}

public sealed class AlarmsOnSqlite(SqliteLagesbild app) : AlarmTests<SqliteLagesbild>(app);

public sealed class AlarmsOnPostgres(PostgresLagesbild app) : AlarmTests<PostgresLagesbild>(app)
{
    /// <summary>
    /// On PostgreSQL the event writer and a guard work at once: the writer holds its site's lock while it joins an event
    /// to the open alarm, and a guard's move takes the same lock, so it waits for the writer's commit (and an event after
    /// the move reads the alarm as the move left it). Here the test holds the site's lock as the writer would.
    /// </summary>
    [Fact]
    public async Task A_guards_move_waits_for_the_sites_alarm_lock_that_the_event_writer_holds()
    {
        App.Clock.AdjustTime(FridayNight);
        var school = await SchoolAsync();
        using var sensorClient = App.CreateClient();
        var alarmId = (await (await SendAsync(sensorClient, school, "lock-1", FridayNight)).ExpectAsync(HttpStatusCode.OK)).GetProperty("alarmId").GetInt64();
        using var guard = App.ClientFor(Role.Guard);
        await using var scope = App.Services.CreateAsyncScope();
        var writer = scope.ServiceProvider.GetRequiredService<LagesbildDb>();
        await using var held = await writer.Database.BeginTransactionAsync();
        await AlarmDispatcher.LockSitesAsync(writer, [(int)school.SiteId], CancellationToken.None);
        Task<int> WaitingAsync() => App.QueryAsync(db => db.Database.SqlQuery<int>(
            $"""SELECT count(*)::int AS "Value" FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = 4711 AND objsubid = 2 AND objid = {(int)school.SiteId}""").SingleAsync());

        var acknowledging = guard.PostAsync($"/api/alarms/{alarmId}/acknowledge", null);
        for (var tries = 0; tries < 300 && await WaitingAsync() == 0 && !acknowledging.IsCompleted; tries++)
            await Task.Delay(100);
        var waitedForTheLock = await WaitingAsync() == 1 && !acknowledging.IsCompleted;
        await held.CommitAsync();
        using var acknowledged = await acknowledging;

        Assert.True(waitedForTheLock);
        Assert.Equal("Acknowledged", (await acknowledged.ExpectAsync(HttpStatusCode.OK)).GetProperty("status").GetString());
    }
}
