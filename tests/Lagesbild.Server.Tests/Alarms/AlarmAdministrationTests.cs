using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Core.Alarms;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Alarms;

/// <summary>What the administrator and the control room keep up: shifts changed and removed, a sensor's secret replaced.</summary>
public abstract class AlarmAdministrationTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static readonly DateTimeOffset Evening = new(2026, 11, 27, 18, 0, 0, TimeSpan.Zero);

    private static object Shift(int userId, int district, int hours = 10) => new { userId, from = Evening, to = Evening.AddHours(hours), districtIds = new[] { district } };

    private Task<List<string>> ActionsAsync(string entity, long id) =>
        app.QueryAsync(db => db.AuditEntries.Where(e => e.Entity == entity && e.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());

    [Fact]
    public async Task The_control_room_changes_and_removes_its_guards_shift_with_entries()
    {
        using var controlRoom = app.ClientFor(Role.ControlRoom);
        var districts = await app.QueryAsync(db => db.Districts.OrderBy(d => d.Id).Select(d => d.Id).Take(2).ToListAsync());
        var id = (await controlRoom.PostJsonAsync("/api/guard-shifts", Shift(app.UserIds[Role.Guard], districts[0]), HttpStatusCode.Created)).GetProperty("id").GetInt64();

        var changed = await controlRoom.PutJsonAsync($"/api/guard-shifts/{id}", Shift(app.UserIds[Role.Guard], districts[1], hours: 6), HttpStatusCode.OK);

        Assert.Equal([districts[1]], changed.GetProperty("districtIds").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(Evening.AddHours(6), changed.GetProperty("to").GetDateTimeOffset());
        using (var removed = await controlRoom.DeleteAsync($"/api/guard-shifts/{id}"))
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.DoesNotContain((await controlRoom.GetJsonAsync("/api/guard-shifts")).EnumerateArray(), s => s.GetProperty("id").GetInt64() == id);
        using (var again = await controlRoom.DeleteAsync($"/api/guard-shifts/{id}"))
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(["create-shift", "update-shift", "delete-shift"], await ActionsAsync("GuardShift", id));
    }

    [Fact]
    public async Task Another_company_a_guard_and_a_bad_patrol_area_change_no_shift()
    {
        using var controlRoom = app.ClientFor(Role.ControlRoom);
        using var otherControlRoom = await app.ClientInAsync(await app.OrganisationAsync("Annat vaktbolag", "GuardCompany"), Role.ControlRoom);
        using var guard = app.ClientFor(Role.Guard);
        var district = await app.QueryAsync(db => db.Districts.Select(d => d.Id).FirstAsync());
        var id = (await controlRoom.PostJsonAsync("/api/guard-shifts", Shift(app.UserIds[Role.Guard], district), HttpStatusCode.Created)).GetProperty("id").GetInt64();

        using (var other = await otherControlRoom.PutAsJsonAsync($"/api/guard-shifts/{id}", Shift(app.UserIds[Role.Guard], district, hours: 1)))
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        using (var otherDelete = await otherControlRoom.DeleteAsync($"/api/guard-shifts/{id}"))
            Assert.Equal(HttpStatusCode.NotFound, otherDelete.StatusCode);
        using (var byGuard = await guard.DeleteAsync($"/api/guard-shifts/{id}"))
            await byGuard.ExpectProblemAsync(HttpStatusCode.Forbidden);
        var tooMany = new { userId = app.UserIds[Role.Guard], from = Evening, to = Evening.AddHours(2), districtIds = Enumerable.Range(1, 5000).ToArray() };
        using (var bounded = await controlRoom.PutAsJsonAsync($"/api/guard-shifts/{id}", tooMany))
            await bounded.ExpectProblemAsync(HttpStatusCode.BadRequest, "districtIds");
        var reversed = new { userId = app.UserIds[Role.Guard], from = Evening, to = Evening.AddHours(-2), districtIds = new[] { district } };
        using (var backwards = await controlRoom.PutAsJsonAsync($"/api/guard-shifts/{id}", reversed))
            await backwards.ExpectCodeAsync(HttpStatusCode.BadRequest, "to", "DatesReversed");
        var month = new { userId = app.UserIds[Role.Guard], from = Evening, to = Evening.AddDays(40), districtIds = new[] { district } };
        using (var tooLong = await controlRoom.PutAsJsonAsync($"/api/guard-shifts/{id}", month))
            await tooLong.ExpectCodeAsync(HttpStatusCode.BadRequest, "to", "OutOfRange");
        var nowhere = new { userId = app.UserIds[Role.Guard], from = Evening, to = Evening.AddHours(2), districtIds = new[] { 999_999 } };
        using (var unknown = await controlRoom.PutAsJsonAsync($"/api/guard-shifts/{id}", nowhere))
            await unknown.ExpectCodeAsync(HttpStatusCode.BadRequest, "districtIds", "NotFound");
        var noGuard = new { userId = 999_999, from = Evening, to = Evening.AddHours(2), districtIds = new[] { district } };
        using (var stranger = await controlRoom.PutAsJsonAsync($"/api/guard-shifts/{id}", noGuard))
            await stranger.ExpectCodeAsync(HttpStatusCode.BadRequest, "userId", "NotFound");

        var shift = await app.QueryAsync(db => db.GuardShifts.AsNoTracking().SingleAsync(s => s.Id == id));
        Assert.Equal(Evening.AddHours(10), shift.To);
        Assert.Equal(["create-shift"], await ActionsAsync("GuardShift", id));
    }

    [Fact]
    public async Task A_new_secret_is_shown_once_and_the_old_one_stops_working()
    {
        var site = await app.SiteAsync(new Place(18.0500, 59.3150), await app.HomeOrganisationAsync(), kind: "School");
        using var admin = app.ClientFor(Role.Admin);
        var created = await admin.PostJsonAsync("/api/sensors", new { siteId = site.Id(), kind = "Door", name = "Dörr A", armingMode = "AlwaysArmed" }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        var old = created.GetProperty("secret").GetString()!;

        var rotated = await admin.PostJsonAsync($"/api/sensors/{id}/rotate-secret", new { }, HttpStatusCode.OK);

        var secret = rotated.GetProperty("secret").GetString()!;
        Assert.NotEqual(old, secret);
        Assert.True(Convert.FromBase64String(secret).Length >= 32);
        Assert.DoesNotContain(secret, await (await admin.GetAsync($"/api/sensors/{id}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var sensor = app.CreateClient();
        using (var withOld = await SendAsync(sensor, id, old, "e-old"))
            Assert.Equal(HttpStatusCode.Unauthorized, withOld.StatusCode);
        using (var withNew = await SendAsync(sensor, id, secret, "e-new"))
            Assert.Equal(HttpStatusCode.OK, withNew.StatusCode);
        Assert.Equal(["create-sensor", "rotate-sensor-secret"], await ActionsAsync("Sensor", id));
        using var nowhere = await admin.PostAsJsonAsync("/api/sensors", new { siteId = 999_999, kind = "Door", name = "Dörr B", armingMode = "AlwaysArmed" });
        await nowhere.ExpectCodeAsync(HttpStatusCode.BadRequest, "siteId", "NotFound");
    }

    [Theory]
    [InlineData(Role.Analyst)]
    [InlineData(Role.Guard)]
    [InlineData(Role.ControlRoom)]
    [InlineData(Role.SchoolManager)]
    public async Task Only_administrators_and_coordinators_replace_a_secret(Role role)
    {
        var site = await app.SiteAsync(new Place(18.0520, 59.3150), await app.HomeOrganisationAsync(), kind: "School");
        using var coordinator = app.ClientFor(Role.Coordinator);
        var id = (await coordinator.PostJsonAsync("/api/sensors", new { siteId = site.Id(), kind = "Motion", name = "Rörelse", armingMode = "Schedule" }, HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var before = await app.QueryAsync(db => db.Sensors.Where(s => s.Id == id).Select(s => s.ProtectedSecret).SingleAsync());
        using var client = app.ClientFor(role);

        using var response = await client.PostAsync($"/api/sensors/{id}/rotate-secret", null);

        await response.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await app.QueryAsync(db => db.Sensors.Where(s => s.Id == id).Select(s => s.ProtectedSecret).SingleAsync()));
        using var missing = await coordinator.PostAsync("/api/sensors/999999/rotate-secret", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpClient client, int sensorId, string secret, string eventId)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { sensorId, eventId = eventId + Guid.NewGuid().ToString("N"), type = "door-open", occurredAt = app.Clock.GetUtcNow() });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sensor-events") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Lagesbild-Signature", SensorSignature.Sign(Encoding.UTF8.GetBytes(secret), body));
        return await client.SendAsync(request);
    }
}

public sealed class AlarmAdministrationOnSqlite(SqliteLagesbild app) : AlarmAdministrationTests<SqliteLagesbild>(app);

public sealed class AlarmAdministrationOnPostgres(PostgresLagesbild app) : AlarmAdministrationTests<PostgresLagesbild>(app);
