using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Core.Alarms;
using Lagesbild.Data;
using Lagesbild.Server.Features.Alarms;
using Lagesbild.Server.Features.Retention;
using Lagesbild.Server.Tests.Infrastructure;
using Lagesbild.Server.Tests.Retention;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Alarms;

/// <summary>
/// Verification: when an alarm opens, the stills of its site's cameras are fetched through the server from cameras on a
/// real loopback port (plain, Basic, Digest, ONVIF), within a timeout and a size cap, only from cameras that may record
/// then, stored under the camera's retention, and shown to exactly those who may read the alarm.
/// </summary>
public abstract class SnapshotTests<TFactory>(TFactory app, FakeCameras cameras) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static readonly DateTimeOffset FridayNight = new(2026, 11, 27, 1, 10, 0, TimeSpan.Zero);

    private const string Assessment = "Skadegörelse och kanyler på gården nattetid; bevakning bara när skolan är stängd väger tyngre än intrånget.";

    private sealed record School(long SiteId, int SensorId, string Secret);

    private static int _places = -1;

    private static Place NextPlace() => new(18.0450 + (Interlocked.Increment(ref _places) % 30 * 0.0015), 59.3175);

    /// <summary>A school with a sensor and the home company's guard on duty over its district tonight.</summary>
    private async Task<School> SchoolAsync()
    {
        app.Clock.AdjustTime(FridayNight);
        var site = await app.SiteAsync(NextPlace(), await app.HomeOrganisationAsync(), kind: "School");
        using var coordinator = app.ClientFor(Role.Coordinator);
        var sensor = await coordinator.PostJsonAsync("/api/sensors", new { siteId = site.Id(), kind = "Motion", name = "Rörelsevakt", armingMode = "Schedule" }, HttpStatusCode.Created);
        var districtId = site.Props().GetProperty("districtId").GetInt32();
        await app.QueryAsync(db =>
        {
            db.GuardShifts.Add(new GuardShift
            {
                UserId = app.UserIds[Role.Guard],
                From = FridayNight.AddHours(-4),
                To = FridayNight.AddHours(8),
                DistrictIds = districtId.ToString(CultureInfo.InvariantCulture),
            });
            return db.SaveChangesAsync();
        });
        return new School(site.Id(), sensor.GetProperty("id").GetInt32(), sensor.GetProperty("secret").GetString()!);
    }

    private async Task<int> CameraAsync(School school, string name, string? snapshotUrl = null, string? onvifUrl = null, string? user = null, string? password = null,
        object? recordingHours = null, int retentionDays = 7)
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        var camera = await coordinator.PostJsonAsync("/api/cameras", new Dictionary<string, object?>
        {
            ["siteId"] = school.SiteId,
            ["name"] = name,
            ["purpose"] = "Förebygga skadegörelse när skolan är stängd.",
            ["coveredArea"] = "Gården; inte gatan.",
            ["assessment"] = new { text = Assessment, madeOn = "2026-10-01", madeBy = "Säkerhetschef" },
            ["recordingHours"] = recordingHours,
            ["retentionDays"] = retentionDays,
            ["signage"] = false,
            ["snapshotUrl"] = snapshotUrl,
            ["onvifUrl"] = onvifUrl,
            ["snapshotUserName"] = user,
            ["snapshotPassword"] = password,
        }, HttpStatusCode.Created);
        return camera.GetProperty("id").GetInt32();
    }

    /// <summary>A signed event from the school's sensor; answers the ingest's answer.</summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, School school, string eventId, DateTimeOffset occurredAt)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { sensorId = school.SensorId, eventId, type = "motion", occurredAt });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sensor-events") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Lagesbild-Signature", SensorSignature.Sign(Encoding.UTF8.GetBytes(school.Secret), body));
        return await client.SendAsync(request);
    }

    private async Task<long> AlarmAsync(School school, string eventId)
    {
        using var sensorClient = app.CreateClient();
        using var answer = await SendAsync(sensorClient, school, eventId, app.Clock.GetUtcNow());
        return (await answer.ExpectAsync(HttpStatusCode.OK)).GetProperty("alarmId").GetInt64();
    }

    /// <summary>Waits (real time) until the worker has stored the alarm's stills.</summary>
    private async Task<List<AlarmSnapshot>> StillsAsync(long alarmId, int count)
    {
        for (var wait = 0; wait < 150; wait++)
        {
            var stored = await app.QueryAsync(db => db.AlarmSnapshots.AsNoTracking().Where(s => s.AlarmId == alarmId).OrderBy(s => s.CameraName).ToListAsync());
            if (stored.Count >= count)
                return stored;
            await Task.Delay(100);
        }
        throw new TimeoutException($"The stills of alarm {alarmId} were never stored.");
    }

    private static string Unique(string path) => $"{path}?t={Guid.NewGuid():N}";

    [Fact]
    public async Task A_new_alarm_shows_the_cameras_still_to_the_guard_uncached_and_audited_and_a_joining_event_fetches_nothing_more()
    {
        var school = await SchoolAsync();
        var camera = await CameraAsync(school, "Entrén", cameras.Url(Unique("still.jpg")));
        await using var console = await app.ConsoleAsync(app.TokenOf(Role.Guard));
        var pushed = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        console.On<long>(nameof(IAlarmClient.SnapshotsChanged), id => pushed.TrySetResult(id));

        var alarmId = await AlarmAsync(school, "still-1");
        Assert.Equal(alarmId, await pushed.Task.WaitAsync(TimeSpan.FromSeconds(15)));
        await AlarmAsync(school, "still-2"); // joins the open alarm
        using var guard = app.ClientFor(Role.Guard);
        using var listed = await guard.GetAsync($"/api/alarms/{alarmId}/snapshots");
        var list = await listed.ExpectAsync(HttpStatusCode.OK);
        using var image = await guard.GetAsync(list[0].GetProperty("url").GetString());

        var still = Assert.Single(list.EnumerateArray());
        Assert.Equal("Entrén", still.GetProperty("camera").GetString());
        Assert.Equal(camera, still.GetProperty("cameraId").GetInt32());
        Assert.Equal(JsonValueKind.Null, still.GetProperty("failure").ValueKind);
        Assert.Equal(FridayNight, still.GetProperty("fetchedAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/jpeg", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal(FakeCameras.Jpeg, await image.Content.ReadAsByteArrayAsync());
        Assert.True(image.Headers.CacheControl?.NoStore);
        Assert.True(listed.Headers.CacheControl?.NoStore);
        Assert.Single(await StillsAsync(alarmId, 1));
        var id = still.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
        Assert.Equal(1, await app.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Entity == nameof(AlarmSnapshot) && a.EntityId == id && a.Action == "read")));
    }

    [Fact]
    public async Task A_slow_camera_is_recorded_as_not_answering_in_time_and_the_sensor_was_answered_long_before()
    {
        var school = await SchoolAsync();
        await CameraAsync(school, "Gården", cameras.Url(Unique("slow.jpg")));
        using var sensorClient = app.CreateClient();

        var started = Stopwatch.GetTimestamp();
        using var answer = await SendAsync(sensorClient, school, "slow-1", FridayNight);
        var answered = Stopwatch.GetTimestamp();
        var alarmId = (await answer.ExpectAsync(HttpStatusCode.OK)).GetProperty("alarmId").GetInt64();
        var storedWhenAnswered = await app.QueryAsync(db => db.AlarmSnapshots.CountAsync(s => s.AlarmId == alarmId));
        var still = Assert.Single(await StillsAsync(alarmId, 1));
        using var guard = app.ClientFor(Role.Guard);
        var listed = await guard.GetJsonAsync($"/api/alarms/{alarmId}/snapshots");

        // The sensor was answered within the camera's 1 s timeout (the camera takes 3 s), before the fetch had stored anything.
        Assert.True(Stopwatch.GetElapsedTime(started, answered) < TimeSpan.FromSeconds(1));
        Assert.Equal(0, storedWhenAnswered);
        Assert.Equal(SnapshotFailure.Timeout, still.Failure);
        Assert.Equal("1", still.FailureDetail);
        Assert.Null(still.Image);
        Assert.Equal(JsonValueKind.Null, listed[0].GetProperty("url").ValueKind);
        Assert.Equal("Timeout", listed[0].GetProperty("failure").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await guard.GetAsync($"/api/alarms/{alarmId}/snapshots/{still.Id}")).StatusCode);
    }

    [Fact]
    public async Task Ten_megabytes_a_web_page_and_a_page_posing_as_a_jpeg_are_refused_and_never_shown_as_pictures()
    {
        var school = await SchoolAsync();
        await CameraAsync(school, "A stor", cameras.Url(Unique("huge.jpg")));
        await CameraAsync(school, "B sida", cameras.Url(Unique("page")));
        await CameraAsync(school, "C lögn", cameras.Url(Unique("lying.jpg")));
        await CameraAsync(school, "D png", cameras.Url(Unique("still.png")));

        var alarmId = await AlarmAsync(school, "refused-1");
        var stills = await StillsAsync(alarmId, 4);

        Assert.Equal([SnapshotFailure.TooLarge, SnapshotFailure.NotAnImage, SnapshotFailure.NotAnImage, null], stills.Select(s => s.Failure));
        Assert.Equal("2", stills[0].FailureDetail);
        Assert.Equal("text/html", stills[1].FailureDetail);
        Assert.All(stills.Take(3), s => Assert.Null(s.Image));
        Assert.Equal("image/png", stills[3].ContentType);
    }

    [Fact]
    public async Task Basic_and_digest_credentials_are_sent_a_wrong_password_is_refused_and_the_password_is_never_shown()
    {
        var school = await SchoolAsync();
        var basic = await CameraAsync(school, "A basic", cameras.Url(Unique("basic.jpg")), user: FakeCameras.User, password: FakeCameras.Password);
        await CameraAsync(school, "B digest", cameras.Url(Unique("digest.jpg")), user: FakeCameras.User, password: FakeCameras.Password);
        await CameraAsync(school, "C fel", cameras.Url(Unique("digest.jpg")), user: FakeCameras.User, password: "fel-lösen");
        await CameraAsync(school, "D utan", cameras.Url(Unique("basic.jpg")));

        var alarmId = await AlarmAsync(school, "auth-1");
        var stills = await StillsAsync(alarmId, 4);
        using var coordinator = app.ClientFor(Role.Coordinator);
        using var read = await coordinator.GetAsync($"/api/cameras/{basic}");
        var text = await read.Content.ReadAsStringAsync();
        var stored = await app.QueryAsync(db => db.Cameras.Where(c => c.Id == basic).Select(c => c.SnapshotPassword).SingleAsync());

        Assert.Equal([null, null, SnapshotFailure.HttpStatus, SnapshotFailure.HttpStatus], stills.Select(s => s.Failure));
        Assert.Equal(FakeCameras.Jpeg, stills[0].Image);
        Assert.Equal(FakeCameras.Jpeg, stills[1].Image);
        Assert.Equal("401", stills[2].FailureDetail);
        Assert.DoesNotContain(FakeCameras.Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(stored!, text, StringComparison.Ordinal);
        using var camera = JsonDocument.Parse(text);
        Assert.Equal(FakeCameras.User, camera.RootElement.GetProperty("snapshotUserName").GetString());
        Assert.True(camera.RootElement.GetProperty("snapshotPasswordSet").GetBoolean());
        Assert.NotEqual(FakeCameras.Password, stored);
    }

    [Fact]
    public async Task A_password_left_out_of_an_update_is_kept_and_no_user_name_clears_it()
    {
        var school = await SchoolAsync();
        var id = await CameraAsync(school, "Entrén", cameras.Url("basic.jpg"), user: FakeCameras.User, password: FakeCameras.Password);
        using var coordinator = app.ClientFor(Role.Coordinator);
        var entry = await coordinator.GetJsonAsync($"/api/cameras/{id}");
        var body = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(entry.GetRawText())!;
        var update = new Dictionary<string, object?>
        {
            ["siteId"] = school.SiteId,
            ["name"] = "Entrén",
            ["purpose"] = body["purpose"].GetString(),
            ["coveredArea"] = body["coveredArea"].GetString(),
            ["assessment"] = new { text = Assessment, madeOn = "2026-10-01", madeBy = "Säkerhetschef" },
            ["retentionDays"] = 7,
            ["signage"] = false,
            ["snapshotUrl"] = cameras.Url("basic.jpg"),
            ["snapshotUserName"] = FakeCameras.User,
        };
        var kept = await coordinator.PutJsonAsync($"/api/cameras/{id}", update, HttpStatusCode.OK);
        update["snapshotUserName"] = null;
        var cleared = await coordinator.PutJsonAsync($"/api/cameras/{id}", update, HttpStatusCode.OK);
        update["snapshotPassword"] = "lösen-utan-namn";
        using var orphan = await coordinator.PutAsJsonAsync($"/api/cameras/{id}", update);

        Assert.True(kept.GetProperty("snapshotPasswordSet").GetBoolean());
        Assert.False(cleared.GetProperty("snapshotPasswordSet").GetBoolean());
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("snapshotUserName").ValueKind);
        await orphan.ExpectProblemAsync(HttpStatusCode.BadRequest, "snapshotUserName");
    }

    [Theory]
    [InlineData("onvifUrl", "ftp://kamera.example/onvif")]
    [InlineData("onvifUrl", "http://admin:x@kamera.example/onvif/device_service")]
    [InlineData("snapshotUserName", "admin:root")]
    [InlineData("snapshotUserName", "<script>alert(1)</script>\u202e")]
    public async Task A_bad_onvif_address_or_user_name_is_refused_naming_the_field_and_nothing_is_written(string field, string value)
    {
        var school = await SchoolAsync();
        var before = await app.QueryAsync(db => db.Cameras.CountAsync());
        using var coordinator = app.ClientFor(Role.Coordinator);
        using var response = await coordinator.PostAsJsonAsync("/api/cameras", new Dictionary<string, object?>
        {
            ["siteId"] = school.SiteId,
            ["name"] = "Entrén",
            ["purpose"] = "Förebygga skadegörelse.",
            ["coveredArea"] = "Gården.",
            ["assessment"] = new { text = Assessment, madeOn = "2026-10-01", madeBy = "Säkerhetschef" },
            ["retentionDays"] = 7,
            ["signage"] = false,
            [field] = value,
            ["snapshotPassword"] = "x",
        });
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await app.QueryAsync(db => db.Cameras.CountAsync()));
    }

    [Fact]
    public async Task An_onvif_camera_gives_its_snapshot_address_through_its_media_service_with_a_username_token()
    {
        var school = await SchoolAsync();
        await CameraAsync(school, "ONVIF", onvifUrl: cameras.Url("onvif/device_service"), user: FakeCameras.User, password: FakeCameras.Password);
        await CameraAsync(school, "ONVIF fel", onvifUrl: cameras.Url("onvif/device_service"), user: FakeCameras.User, password: "fel-lösen");
        var verifiedBefore = cameras.OnvifVerified.Count;

        var alarmId = await AlarmAsync(school, "onvif-1");
        var stills = await StillsAsync(alarmId, 2);

        Assert.Equal((null, null), (stills[0].Failure, stills[0].FailureDetail));
        Assert.Equal(FakeCameras.Jpeg, stills[0].Image);
        Assert.Equal(["GetCapabilities", "GetProfiles", "GetSnapshotUri"], cameras.OnvifVerified.Skip(verifiedBefore).Take(3));
        Assert.Equal(SnapshotFailure.Onvif, stills[1].Failure);
    }

    [Fact]
    public async Task A_camera_that_may_not_record_now_is_not_asked_and_the_list_says_why()
    {
        var school = await SchoolAsync();
        var path = Unique("still.jpg");
        // Saturdays only: on a Friday night it may not record, so its picture is not fetched.
        await CameraAsync(school, "Lördagar", cameras.Url(path), recordingHours: new { mode = "Windows", windows = new[] { new { day = "Saturday", from = "00:00", to = "24:00" } } });

        var alarmId = await AlarmAsync(school, "hours-1");
        var still = Assert.Single(await StillsAsync(alarmId, 1));

        Assert.Equal(SnapshotFailure.NotRecording, still.Failure);
        Assert.DoesNotContain("/" + path, cameras.Asked);
    }

    [Fact]
    public async Task Stills_are_culled_after_their_cameras_retention_and_not_before()
    {
        var school = await SchoolAsync();
        await CameraAsync(school, "Tre dagar", cameras.Url(Unique("still.jpg")), retentionDays: 3);
        await CameraAsync(school, "Sju dagar", cameras.Url(Unique("still.jpg")), retentionDays: 7);
        var alarmId = await AlarmAsync(school, "retention-1");
        await StillsAsync(alarmId, 2);

        app.Clock.AdjustTime(FridayNight.AddDays(3).AddMinutes(-1));
        await app.PassAsync();
        var beforeThree = await app.QueryAsync(db => db.AlarmSnapshots.Where(s => s.AlarmId == alarmId).Select(s => s.CameraName).ToListAsync());
        app.Clock.AdjustTime(FridayNight.AddDays(3).AddMinutes(1));
        var culled = await app.PassAsync();
        var afterThree = await app.QueryAsync(db => db.AlarmSnapshots.Where(s => s.AlarmId == alarmId).Select(s => s.CameraName).ToListAsync());
        app.Clock.AdjustTime(FridayNight.AddDays(7).AddMinutes(1));
        await app.PassAsync();

        Assert.Equal(2, beforeThree.Count);
        Assert.True(culled[RetentionPolicy.CameraStills] >= 1);
        Assert.Equal(["Sju dagar"], afterThree);
        Assert.Equal(0, await app.QueryAsync(db => db.AlarmSnapshots.CountAsync(s => s.AlarmId == alarmId)));
        Assert.Equal(1, await app.QueryAsync(db => db.Alarms.CountAsync(a => a.Id == alarmId)));
    }

    [Fact]
    public async Task Only_those_who_may_read_the_alarm_see_its_stills()
    {
        var school = await SchoolAsync();
        await CameraAsync(school, "Entrén", cameras.Url(Unique("still.jpg")));
        var alarmId = await AlarmAsync(school, "access-1");
        var still = Assert.Single(await StillsAsync(alarmId, 1));
        var image = $"/api/alarms/{alarmId}/snapshots/{still.Id}";
        var otherAlarm = await AlarmAsync(await SchoolAsync(), "access-2");
        using var otherCompany = await app.ClientInAsync(await app.OrganisationAsync("Annat vaktbolag", "GuardCompany"), Role.Guard);
        using var otherControlRoom = await app.ClientInAsync(await app.OrganisationAsync("Annan larmcentral", "GuardCompany"), Role.ControlRoom);
        using var otherSchool = await app.ClientInAsync(await app.OrganisationAsync("Annan skola"), Role.SchoolManager);
        using var anonymous = app.CreateClient();

        foreach (var role in new[] { Role.Guard, Role.ControlRoom, Role.Coordinator, Role.Police, Role.Admin, Role.SchoolManager })
        {
            using var client = app.ClientFor(role);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(image)).StatusCode);
        }
        foreach (var role in new[] { Role.Analyst, Role.SocialServices, Role.DataProtection })
        {
            using var client = app.ClientFor(role);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(image)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/alarms/{alarmId}/snapshots")).StatusCode);
        }
        foreach (var client in new[] { otherCompany, otherControlRoom, otherSchool })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(image)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/alarms/{alarmId}/snapshots")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(image)).StatusCode);
        using var guard = app.ClientFor(Role.Guard);
        // A still asked for under another alarm is not found, even by someone who may read both.
        Assert.Equal(HttpStatusCode.NotFound, (await guard.GetAsync($"/api/alarms/{otherAlarm}/snapshots/{still.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await guard.GetAsync("/api/alarms/999999/snapshots")).StatusCode);
    }
}

/// <summary>A camera gets a second to answer here, so that the slow one (three seconds) times out quickly.</summary>
public static class SnapshotSettings
{
    public static readonly KeyValuePair<string, string>[] Fast = [new("Alarms:Snapshots:Timeout", "00:00:01")];
}

public sealed class SqliteSnapshots() : LagesbildFactory(new SqliteStore())
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => SnapshotSettings.Fast;
}

public sealed class PostgresSnapshots() : LagesbildFactory(new PostgresStore())
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => SnapshotSettings.Fast;
}

// The fake cameras are a fixture of each concrete class (a generic class cannot name two fixtures that might be one type).
public sealed class SnapshotOnSqlite(SqliteSnapshots app, FakeCameras cameras) : SnapshotTests<SqliteSnapshots>(app, cameras), IClassFixture<FakeCameras>;

public sealed class SnapshotOnPostgres(PostgresSnapshots app, FakeCameras cameras) : SnapshotTests<PostgresSnapshots>(app, cameras), IClassFixture<FakeCameras>;
