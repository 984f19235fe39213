using System.Net;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Core.Alarms;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Residents;
using Lagesbild.Data;
using Lagesbild.Server.Features.Retention;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Retention;

/// <summary>Retention (gallring): each type culled after its period and not before, keeping what the statistics need.</summary>
public abstract class RetentionTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static readonly TimeSpan JustBefore = TimeSpan.FromDays(RetentionSettings.Days - 1);
    private static readonly TimeSpan Past = TimeSpan.FromDays(RetentionSettings.Days + 1);

    private DateTimeOffset Now => app.Clock.GetUtcNow();

    [Fact]
    public async Task A_residents_words_photo_link_exact_point_and_token_go_but_the_cell_status_and_map_stay()
    {
        var place = Places.Next();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
            ids.Add(await app.ClosedReportAsync(place, Now));
        var before = await app.QueryAsync(db => db.ServiceRequests.AsNoTracking().SingleAsync(r => r.Id == ids[0]));
        using var anonymous = app.CreateClient();
        var mapBefore = await anonymous.GetJsonAsync("/public/v1/report-cells");

        app.Clock.Advance(JustBefore);
        await app.PassAsync();
        Assert.Equal("Tre kanyler vid gungorna", (await app.QueryAsync(db => db.ServiceRequests.SingleAsync(r => r.Id == ids[0]))).Description);

        app.Clock.Advance(Past - JustBefore);
        var culled = await app.PassAsync();

        Assert.True(culled[RetentionPolicy.ResidentReports] >= 5);
        var after = await app.QueryAsync(db => db.ServiceRequests.AsNoTracking().SingleAsync(r => r.Id == ids[0]));
        Assert.Null(after.Description);
        Assert.Null(after.MediaUrl);
        Assert.Null(after.AddressString);
        Assert.NotEqual(before.Token, after.Token);
        Assert.Equal(Now, after.CulledAt);
        Assert.Equal(before.CellKey, after.CellKey);
        var centre = GridCell.FromKey(before.CellKey!.Value).Centre;
        Assert.Equal(centre.X, after.X!.Value, 3);
        Assert.Equal(centre.Y, after.Y!.Value, 3);
        var (lon, lat) = Sweref99Tm.Unproject(centre);
        Assert.Equal(lat, after.Lat!.Value, 9);
        Assert.Equal(lon, after.Lon!.Value, 9);
        Assert.Equal(lon, after.Location!.X, 9);
        Assert.Equal(before.Status, after.Status);
        Assert.Equal(before.ObservationId, after.ObservationId);
        // The report is still found by its number, with its status; the public map counts the same cells.
        var document = await anonymous.GetJsonAsync($"/open311/v2/requests/{ids[0]}.json");
        Assert.Equal("closed", document[0].GetProperty("status").GetString());
        Assert.Equal(mapBefore.ToString(), (await anonymous.GetJsonAsync("/public/v1/report-cells")).ToString());
        using var oldToken = await anonymous.GetAsync($"/open311/v2/tokens/{before.Token}.json");
        Assert.Equal(HttpStatusCode.NotFound, oldToken.StatusCode);
    }

    [Fact]
    public async Task A_report_still_waiting_for_someone_keeps_its_words()
    {
        var place = Places.Next();
        var waiting = await app.ClosedReportAsync(place, Now);
        await app.QueryAsync(db => db.ServiceRequests.Where(r => r.Id == waiting)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, "open").SetProperty(r => r.TriagedAt, (DateTimeOffset?)null)));

        app.Clock.Advance(Past);
        await app.PassAsync();

        Assert.Null((await app.QueryAsync(db => db.ServiceRequests.SingleAsync(r => r.Id == waiting))).CulledAt);
    }

    [Fact]
    public async Task A_report_waiting_in_the_polices_queue_keeps_its_words_until_they_receive_it()
    {
        var place = Places.Next();
        var forwarded = await app.ClosedReportAsync(place, Now);
        // Forwarding closes the report for the city (not the city's responsibility), but the police have it to do.
        await app.QueryAsync(db => db.ServiceRequests.Where(r => r.Id == forwarded).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, RequestStatus.NotCouncilsResponsibility).SetProperty(r => r.ForwardedTo, "police").SetProperty(r => r.ForwardedAt, Now)));

        app.Clock.Advance(Past);
        await app.PassAsync();
        Assert.Null((await app.QueryAsync(db => db.ServiceRequests.SingleAsync(r => r.Id == forwarded))).CulledAt);

        await app.QueryAsync(db => db.ServiceRequests.Where(r => r.Id == forwarded).ExecuteUpdateAsync(s => s.SetProperty(r => r.ReceivedAt, Now)));
        await app.PassAsync();
        var culled = await app.QueryAsync(db => db.ServiceRequests.SingleAsync(r => r.Id == forwarded));
        Assert.NotNull(culled.CulledAt);
        Assert.Null(culled.Description);
    }

    [Fact]
    public async Task A_findings_photo_and_text_go_and_its_count_and_observation_stay()
    {
        var finding = await app.FindingWithPhotoAsync(Places.Next(), Now, app.UserIds[Role.SchoolStaff]);

        app.Clock.Advance(JustBefore);
        await app.PassAsync();
        Assert.True(await app.QueryAsync(db => db.FindingPhotos.AnyAsync(p => p.FindingId == finding)));

        app.Clock.Advance(Past - JustBefore);
        await app.PassAsync();

        Assert.False(await app.QueryAsync(db => db.FindingPhotos.AnyAsync(p => p.FindingId == finding)));
        var after = await app.QueryAsync(db => db.Findings.AsNoTracking().SingleAsync(f => f.Id == finding));
        Assert.False(after.HasPhoto);
        Assert.Null(after.Text);
        Assert.Equal(2, after.Count);
        Assert.True(await app.QueryAsync(db => db.Observations.AnyAsync(o => o.Id == after.ObservationId)));
    }

    [Fact]
    public async Task Raw_sensor_events_go_unless_their_alarm_is_open_and_the_alarm_keeps_its_count()
    {
        var (resolved, _) = await app.AlarmAsync(Places.Next(), Now, AlarmStatus.Resolved, 4);
        var (open, _) = await app.AlarmAsync(Places.Next(), Now, AlarmStatus.Acknowledged, 2);

        app.Clock.Advance(JustBefore);
        await app.PassAsync();
        Assert.Equal(4, await app.QueryAsync(db => db.SensorEvents.CountAsync(e => e.AlarmId == resolved)));

        app.Clock.Advance(Past - JustBefore);
        await app.PassAsync();

        Assert.Equal(0, await app.QueryAsync(db => db.SensorEvents.CountAsync(e => e.AlarmId == resolved)));
        Assert.Equal(2, await app.QueryAsync(db => db.SensorEvents.CountAsync(e => e.AlarmId == open)));
        Assert.Equal(4, (await app.QueryAsync(db => db.Alarms.SingleAsync(a => a.Id == resolved))).EventCount);
        Assert.Equal(2, (await app.QueryAsync(db => db.Alarms.SingleAsync(a => a.Id == open))).EventCount);
    }

    [Fact]
    public async Task Notifications_go_after_their_period()
    {
        var notification = await app.NotificationAsync(app.UserIds[Role.SchoolManager], Now);

        app.Clock.Advance(JustBefore);
        await app.PassAsync();
        Assert.True(await app.QueryAsync(db => db.Notifications.AnyAsync(n => n.Id == notification)));

        app.Clock.Advance(Past - JustBefore);
        await app.PassAsync();
        Assert.False(await app.QueryAsync(db => db.Notifications.AnyAsync(n => n.Id == notification)));
    }

    [Fact]
    public async Task An_observations_text_goes_with_a_culled_revision_and_the_picture_counts_the_same()
    {
        var place = Places.Next();
        using var police = app.ClientFor(Role.Police);
        var (lon, lat) = place.At();
        var created = await police.PostObservationAsync(new ObservationBody("Dealing", lat, lon, Now.AddHours(-1), Count: 3, Text: "Två personer vid kiosken"));
        var id = created.Id();
        var window = $"/api/lagesbild?bbox={place.Bbox}&from={Api.Query(Now.AddDays(-2))}&to={Api.Query(Now.AddDays(1))}";
        var pictureBefore = await police.GetJsonAsync(window);

        app.Clock.Advance(JustBefore);
        await app.PassAsync();
        Assert.NotNull((await app.QueryAsync(db => db.Observations.SingleAsync(o => o.Id == id))).Text);

        app.Clock.Advance(Past - JustBefore);
        await app.PassAsync();

        var after = await app.QueryAsync(db => db.Observations.AsNoTracking().SingleAsync(o => o.Id == id));
        Assert.Null(after.Text);
        Assert.Equal(Now, after.CulledAt);
        Assert.Equal(2, after.Version);
        Assert.Equal(3, after.Count);
        var revision = await app.QueryAsync(db => db.ObservationRevisions.AsNoTracking().SingleAsync(r => r.ObservationId == id));
        Assert.Equal(RevisionKind.Culled, revision.Kind);
        Assert.Equal(RetentionPass.Reason, revision.Reason);
        Assert.Equal(2, revision.Version);
        Assert.DoesNotContain("kiosken", revision.Before, StringComparison.Ordinal);
        var pictureAfter = await police.GetJsonAsync(window);
        Assert.Equal(1, pictureBefore.GetProperty("total").GetDouble());
        foreach (var part in new[] { "total", "grid", "byCategory", "hourOfWeek" })
            Assert.Equal(pictureBefore.GetProperty(part).ToString(), pictureAfter.GetProperty(part).ToString());
    }

    [Fact]
    public void An_earlier_versions_text_is_emptied_wherever_it_sits()
    {
        var stripped = RetentionPass.WithoutText("""{"category":"Dealing","Text":"Namn Namnsson","nested":[{"text":"mer"}]}""");

        Assert.DoesNotContain("Namnsson", stripped, StringComparison.Ordinal);
        Assert.DoesNotContain("mer", stripped, StringComparison.Ordinal);
        Assert.Contains("Dealing", stripped, StringComparison.Ordinal);
        Assert.Equal("{}", RetentionPass.WithoutText("Namn Namnsson"));
    }

    [Fact]
    public async Task Running_twice_culls_nothing_the_second_time()
    {
        await app.NotificationAsync(app.UserIds[Role.SchoolManager], Now);
        for (var i = 0; i < 4; i++)
            await app.ClosedReportAsync(Places.Next(), Now);
        app.Clock.Advance(Past);

        var first = await app.PassAsync();
        var total = (await app.RunOfAsync(RetentionPolicy.ResidentReports))!.TotalCulled;
        var second = await app.PassAsync();

        Assert.True(first[RetentionPolicy.ResidentReports] >= 4, "four reports over batches of three");
        Assert.True(first[RetentionPolicy.Notifications] >= 1);
        Assert.All(RetentionPolicy.Types, type => Assert.Equal(0, second[type]));
        var run = (await app.RunOfAsync(RetentionPolicy.ResidentReports))!;
        Assert.Equal(total, run.TotalCulled);
        Assert.Equal(0, run.LastCulled);
        Assert.Equal(Now, run.LastRunAt);
        Assert.Null(run.ClaimedBy);
    }

    [Fact]
    public async Task Two_passes_at_once_cull_each_row_once()
    {
        for (var i = 0; i < 7; i++)
            await app.NotificationAsync(app.UserIds[Role.Coordinator], Now);
        for (var i = 0; i < 5; i++)
            await app.ClosedReportAsync(Places.Next(), Now);
        app.Clock.Advance(Past);
        var cutoff = Now.AddDays(-RetentionSettings.Days);
        var dueNotifications = await app.QueryAsync(db => db.Notifications.CountAsync(n => n.CreatedAt < cutoff));
        var dueReports = await app.QueryAsync(db => db.ServiceRequests.CountAsync(r => r.CulledAt == null && r.UpdatedAt < cutoff && r.Status == "fixed"));
        var notificationsBefore = (await app.RunOfAsync(RetentionPolicy.Notifications))?.TotalCulled ?? 0;
        var reportsBefore = (await app.RunOfAsync(RetentionPolicy.ResidentReports))?.TotalCulled ?? 0;

        var passes = await Task.WhenAll(app.PassAsync(), app.PassAsync());

        Assert.Equal(dueNotifications, passes.Sum(p => p.GetValueOrDefault(RetentionPolicy.Notifications)));
        Assert.Equal(dueReports, passes.Sum(p => p.GetValueOrDefault(RetentionPolicy.ResidentReports)));
        Assert.Equal(notificationsBefore + dueNotifications, (await app.RunOfAsync(RetentionPolicy.Notifications))!.TotalCulled);
        Assert.Equal(reportsBefore + dueReports, (await app.RunOfAsync(RetentionPolicy.ResidentReports))!.TotalCulled);
        Assert.Equal(0, await app.QueryAsync(db => db.Notifications.CountAsync(n => n.CreatedAt < cutoff)));
    }

    [Fact]
    public async Task A_claim_held_by_another_server_is_respected_until_it_runs_out()
    {
        var notification = await app.NotificationAsync(app.UserIds[Role.Analyst], Now);
        app.Clock.Advance(Past);
        await app.PassAsync();
        var late = await app.NotificationAsync(app.UserIds[Role.Analyst], Now);
        app.Clock.Advance(Past);
        await app.QueryAsync(db => db.RetentionRuns.Where(r => r.DataType == RetentionPolicy.Notifications)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClaimedBy, "another-server").SetProperty(r => r.ClaimedUntil, Now.AddMinutes(5))));

        var held = await app.PassAsync();

        Assert.False(held.ContainsKey(RetentionPolicy.Notifications));
        Assert.True(held.ContainsKey(RetentionPolicy.ResidentReports));
        Assert.True(await app.QueryAsync(db => db.Notifications.AnyAsync(n => n.Id == late)));
        Assert.False(await app.QueryAsync(db => db.Notifications.AnyAsync(n => n.Id == notification)));

        app.Clock.Advance(TimeSpan.FromMinutes(6));
        var taken = await app.PassAsync();

        Assert.True(taken[RetentionPolicy.Notifications] >= 1);
        Assert.False(await app.QueryAsync(db => db.Notifications.AnyAsync(n => n.Id == late)));
        Assert.Null((await app.RunOfAsync(RetentionPolicy.Notifications))!.ClaimedBy);
    }

    [Fact]
    public async Task Any_signed_in_user_reads_the_policy_and_the_last_runs()
    {
        await app.PassAsync();
        using var guard = app.ClientFor(Role.Guard);

        var policy = await guard.GetJsonAsync("/api/retention");

        var types = policy.GetProperty("types").EnumerateArray().ToDictionary(t => t.GetProperty("type").GetString()!);
        Assert.Equal(RetentionPolicy.Types, types.Keys);
        var reports = types[RetentionPolicy.ResidentReports];
        Assert.Equal("P10D", reports.GetProperty("period").GetString());
        Assert.Equal(10, reports.GetProperty("days").GetInt32());
        Assert.Contains("description", reports.GetProperty("removed").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(reports.GetProperty("kept").EnumerateArray(), e => e.GetString()!.Contains("250 m cell", StringComparison.Ordinal));
        Assert.Equal("P1Y", types[RetentionPolicy.Audit].GetProperty("period").GetString());
        Assert.Equal(Now, reports.GetProperty("lastRunAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Number, reports.GetProperty("totalCulled").ValueKind);
        Assert.Equal(JsonValueKind.Number, reports.GetProperty("lastCulled").ValueKind);
    }

    [Fact]
    public async Task Nobody_reads_the_policy_without_signing_in()
    {
        using var anonymous = app.CreateClient();
        using var response = await anonymous.GetAsync("/api/retention");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

public sealed class RetentionOnSqlite(SqliteRetention app) : RetentionTests<SqliteRetention>(app);

public sealed class RetentionOnPostgres(PostgresRetention app) : RetentionTests<PostgresRetention>(app);
