using System.Net;
using System.Net.Http.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Lagesbild.Server.Tests.Alarms.Dc09Wire;

namespace Lagesbild.Server.Tests.Alarms;

/// <summary>The panel accounts' API: who keeps them, what is refused by field, keys never read back, and what the receiver then answers.</summary>
public abstract class Dc09PanelsTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : Dc09Factory
{
    private async Task<(int SiteId, int SensorId, int OtherSensorId)> SiteAsync(Place place)
    {
        var site = await app.SiteAsync(place, await app.HomeOrganisationAsync(), kind: "School");
        using var coordinator = app.ClientFor(Role.Coordinator);
        var sensor = await coordinator.PostJsonAsync("/api/sensors", new { siteId = site.Id(), kind = "Door", name = "Centralen", armingMode = "AlwaysArmed" }, HttpStatusCode.Created);
        var other = await coordinator.PostJsonAsync("/api/sensors", new { siteId = site.Id(), kind = "Motion", name = "Korridor", armingMode = "Schedule" }, HttpStatusCode.Created);
        return ((int)site.Id(), sensor.GetProperty("id").GetInt32(), other.GetProperty("id").GetInt32());
    }

    private Task<List<string>> ActionsAsync(int id) =>
        app.QueryAsync(db => db.AuditEntries.Where(e => e.Entity == "PanelAccount" && e.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());

    [Fact]
    public async Task A_coordinator_registers_changes_maps_and_removes_a_panel_with_audit_and_the_key_is_never_read_back()
    {
        var (siteId, sensorId, otherId) = await SiteAsync(new Place(18.0800, 59.3200));
        using var coordinator = app.ClientFor(Role.Coordinator);
        var account = NewAccount().ToLowerInvariant();
        var key = new string('a', 32);
        var body = new { account, name = "Centralapparat", siteId, sensorId, key, supervisionSeconds = 300, zones = new[] { new { zone = 2, sensorId = otherId } } };

        using var first = await coordinator.PostKeyedAsync("/api/alarm-panels", body, "panel-1");
        var created = await first.ExpectAsync(HttpStatusCode.Created);
        using var retry = await coordinator.PostKeyedAsync("/api/alarm-panels", body, "panel-1");
        var replayed = await retry.ExpectAsync(HttpStatusCode.Created);
        using var reused = await coordinator.PostKeyedAsync("/api/alarm-panels", body with { name = "Annan" }, "panel-1");

        var id = created.GetProperty("id").GetInt32();
        Assert.Equal(id, replayed.GetProperty("id").GetInt32());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal(account.ToUpperInvariant(), created.GetProperty("account").GetString());
        Assert.True(created.GetProperty("encrypted").GetBoolean());
        Assert.Equal((300, 30), (created.GetProperty("supervisionSeconds").GetInt32(), created.GetProperty("graceSeconds").GetInt32()));
        Assert.False(created.TryGetProperty("key", out _));
        var stored = await app.QueryAsync(db => db.PanelAccounts.SingleAsync(p => p.Id == id));
        Assert.DoesNotContain(key, stored.ProtectedKey!, StringComparison.OrdinalIgnoreCase);

        // Changed without a key: the key stays. An empty key removes it.
        var kept = await coordinator.PutJsonAsync($"/api/alarm-panels/{id}", new { account, name = "Ny central", siteId, sensorId, supervisionSeconds = 0 }, HttpStatusCode.OK);
        Assert.True(kept.GetProperty("encrypted").GetBoolean());
        Assert.Equal(2, kept.GetProperty("zones")[0].GetProperty("zone").GetInt32());
        var plain = await coordinator.PutJsonAsync($"/api/alarm-panels/{id}", new { account, name = "Ny central", siteId, sensorId, key = "" }, HttpStatusCode.OK);
        Assert.False(plain.GetProperty("encrypted").GetBoolean());
        var mapped = await coordinator.PutJsonAsync($"/api/alarm-panels/{id}/zones", new[] { new { zone = 1, sensorId }, new { zone = 7, sensorId = otherId } }, HttpStatusCode.OK);
        Assert.Equal([1, 7], mapped.GetProperty("zones").EnumerateArray().Select(z => z.GetProperty("zone").GetInt32()));
        Assert.Equal("Korridor", mapped.GetProperty("zones")[1].GetProperty("sensor").GetString());
        var read = await coordinator.GetJsonAsync($"/api/alarm-panels/{id}");
        Assert.Equal("Ny central", read.GetProperty("name").GetString());
        Assert.Contains((await coordinator.GetJsonAsync($"/api/alarm-panels?site={siteId}")).EnumerateArray(), p => p.GetProperty("id").GetInt32() == id);

        // Removed: the receiver answers its frames DUH from now on.
        var (tcp, _) = await app.ReceiverAsync();
        using var panel = await ConnectAsync(tcp);
        Assert.Equal("ACK", (await AskAsync(panel, Frame("NULL", account.ToUpperInvariant(), "", app.Clock.GetUtcNow())))?.Id);
        using (var removed = await coordinator.DeleteAsync($"/api/alarm-panels/{id}"))
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal("DUH", (await AskAsync(panel, Frame("NULL", account.ToUpperInvariant(), "", app.Clock.GetUtcNow(), sequence: "0002")))?.Id);
        using (var again = await coordinator.GetAsync($"/api/alarm-panels/{id}"))
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(["create", "update", "update", "update-zones", "delete"], await ActionsAsync(id));
    }

    [Theory]
    [InlineData(Role.Police)]
    [InlineData(Role.Guard)]
    [InlineData(Role.ControlRoom)]
    [InlineData(Role.Analyst)]
    [InlineData(Role.SchoolManager)]
    public async Task Others_neither_read_nor_keep_panels(Role role)
    {
        var (siteId, sensorId, _) = await SiteAsync(new Place(18.0810, 59.3205));
        using var coordinator = app.ClientFor(Role.Coordinator);
        var id = (await coordinator.PostJsonAsync("/api/alarm-panels", new { account = NewAccount(), name = "Central", siteId, sensorId }, HttpStatusCode.Created)).GetProperty("id").GetInt32();
        using var other = app.ClientFor(role);

        using (var list = await other.GetAsync("/api/alarm-panels"))
            await list.ExpectProblemAsync(HttpStatusCode.Forbidden);
        using (var one = await other.GetAsync($"/api/alarm-panels/{id}"))
            await one.ExpectProblemAsync(HttpStatusCode.Forbidden);
        using (var create = await other.PostAsJsonAsync("/api/alarm-panels", new { account = NewAccount(), name = "Central", siteId, sensorId }))
            await create.ExpectProblemAsync(HttpStatusCode.Forbidden);
        using (var update = await other.PutAsJsonAsync($"/api/alarm-panels/{id}", new { account = NewAccount(), name = "Central", siteId, sensorId }))
            await update.ExpectProblemAsync(HttpStatusCode.Forbidden);
        using (var zones = await other.PutAsJsonAsync($"/api/alarm-panels/{id}/zones", Array.Empty<object>()))
            await zones.ExpectProblemAsync(HttpStatusCode.Forbidden);
        using (var delete = await other.DeleteAsync($"/api/alarm-panels/{id}"))
            await delete.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(["create"], await ActionsAsync(id));
    }

    [Fact]
    public async Task Bad_panels_are_refused_by_field_and_nothing_is_written()
    {
        var (siteId, sensorId, _) = await SiteAsync(new Place(18.0820, 59.3210));
        var (_, elsewhere, _) = await SiteAsync(new Place(18.0830, 59.3215));
        using var admin = app.ClientFor(Role.Admin);
        var taken = NewAccount();
        await admin.PostJsonAsync("/api/alarm-panels", new { account = taken, name = "Central", siteId, sensorId }, HttpStatusCode.Created);
        var before = await app.QueryAsync(db => db.PanelAccounts.CountAsync());

        async Task RefusedAsync(object body, string field)
        {
            using var response = await admin.PostAsJsonAsync("/api/alarm-panels", body);
            await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        }

        await RefusedAsync(new { account = "12", name = "Central", siteId, sensorId }, "account");
        await RefusedAsync(new { account = "<script>", name = "Central", siteId, sensorId }, "account");
        await RefusedAsync(new { account = "1234'; DROP TABLE", name = "Central", siteId, sensorId }, "account");
        await RefusedAsync(new { account = taken, name = "Central", siteId, sensorId }, "account");
        await RefusedAsync(new { account = NewAccount(), name = "Central", siteId, sensorId = elsewhere }, "sensorId");
        await RefusedAsync(new { account = NewAccount(), name = "Central", siteId = 999_999, sensorId }, "siteId");
        await RefusedAsync(new { account = NewAccount(), name = "Central", siteId, sensorId, key = "00112233" }, "key");
        await RefusedAsync(new { account = NewAccount(), name = "Central", siteId, sensorId, key = new string('z', 32) }, "key");
        await RefusedAsync(new { account = NewAccount(), name = "Central", siteId, sensorId, supervisionSeconds = -1 }, "supervisionSeconds");
        await RefusedAsync(new { account = NewAccount(), name = "Central", siteId, sensorId, receiver = "XYZ" }, "receiver");
        await RefusedAsync(new { account = NewAccount(), name = "Central", siteId, sensorId, zones = new[] { new { zone = 1, sensorId }, new { zone = 1, sensorId } } }, "zones[1].zone");
        await RefusedAsync(new { account = NewAccount(), name = "Central", siteId, sensorId, zones = new[] { new { zone = 1, sensorId = elsewhere } } }, "zones[0].sensorId");
        using (var malformed = await admin.PostAsync("/api/alarm-panels", new StringContent("{\"account\": ", System.Text.Encoding.UTF8, "application/json")))
            await malformed.ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(before, await app.QueryAsync(db => db.PanelAccounts.CountAsync()));
    }
}

public sealed class Dc09PanelsOnSqlite(Dc09Sqlite app) : Dc09PanelsTests<Dc09Sqlite>(app);

public sealed class Dc09PanelsOnPostgres(Dc09Postgres app) : Dc09PanelsTests<Dc09Postgres>(app);
