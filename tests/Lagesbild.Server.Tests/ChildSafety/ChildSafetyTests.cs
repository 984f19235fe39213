using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Data;
using Lagesbild.Server.Features.Residents;
using Lagesbild.Server.Features.Rounds;
using Lagesbild.Server.Tests.Infrastructure;
using Lagesbild.Server.Tests.Rounds;
using Microsoft.EntityFrameworkCore;
using static Lagesbild.Server.Tests.Open311.Open311Client;

namespace Lagesbild.Server.Tests.ChildSafety;

/// <summary>
/// Child-safety alerts: a syringe left in the yard told at once to the principal and the property contact, the
/// residents' 24-hour promise as a deadline, and the principal told when scenes meet opening hours or findings jump.
/// </summary>
public abstract class ChildSafetyTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : NotifyingFactory
{
    private static readonly DateTimeOffset SundayEvening = new(2026, 11, 29, 20, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MondayMorning = new(2026, 11, 30, 4, 40, 0, TimeSpan.Zero);

    /// <summary>A preschool of the test users' school with a property contact (an e-mail and an organisation with one user), and its Monday round.</summary>
    private async Task<(long SiteId, long RoundId, Place Place, string Email, HttpClient Contact)> SiteWithContactAsync()
    {
        var place = Places.Next();
        var site = await app.SiteAsync(place, await app.HomeOrganisationAsync());
        var housing = await app.OrganisationAsync("Bostadsbolaget", "HousingCompany");
        var contact = await app.ClientInAsync(housing, Role.Coordinator);
        var email = $"felanmalan-{Guid.NewGuid():N}@bostad.example";
        using var coordinator = app.ClientFor(Role.Coordinator);
        var saved = await coordinator.PutJsonAsync($"/api/sites/{site.Id()}", SiteBody(site, place, email, housing), HttpStatusCode.OK);
        Assert.Equal(email, saved.Props().GetProperty("propertyContactEmail").GetString());
        Assert.Equal(housing, saved.Props().GetProperty("propertyContactOrganisationId").GetInt32());
        app.Clock.AdjustTime(SundayEvening);
        using var staff = app.ClientFor(Role.SchoolStaff);
        var round = await staff.RoundOfAsync(site.Id(), "2026-11-30") ?? throw new Xunit.Sdk.XunitException("No round was planned.");
        return (site.Id(), round.GetProperty("id").GetInt64(), place, email, contact);
    }

    private static object SiteBody(JsonElement site, Place place, string? email, int? organisation) => new
    {
        name = site.Props().GetProperty("name").GetString(),
        kind = "Preschool",
        lat = place.Lat,
        lon = place.Lon,
        yard = new { type = "Polygon", coordinates = place.Square() },
        organisationId = site.Props().GetProperty("organisationId").GetInt32(),
        openingHours = Schools.PreschoolHours,
        roundsFlagged = true,
        propertyContactEmail = email,
        propertyContactOrganisationId = organisation,
    };

    private static object Finding(Place place, string category, bool removed, int count = 2)
    {
        var (lon, lat) = place.At(0.3, -0.2);
        return new { category, count, lat, lon, removedSafely = removed, text = "Vid staketet.", foundAt = MondayMorning };
    }

    private Task<List<Notification>> NoticesAsync(string kind, string link) =>
        app.QueryAsync(db => db.Notifications.AsNoTracking().Where(n => n.Kind == kind && n.Link == link).ToListAsync());

    private Task<List<OutboxMessage>> OutboxAsync(string containing) =>
        app.QueryAsync(async db => (await db.OutboxMessages.AsNoTracking().ToListAsync()).Where(m => m.Body.Contains(containing, StringComparison.Ordinal)).ToList());

    [Fact]
    public async Task Two_syringes_not_removed_tell_the_principal_and_the_property_contact_at_once_and_a_retry_tells_nobody_twice()
    {
        var (siteId, roundId, place, email, contact) = await SiteWithContactAsync();
        app.Clock.AdjustTime(MondayMorning);
        using var staff = app.ClientFor(Role.SchoolStaff);
        using var manager = app.ClientFor(Role.SchoolManager);

        using var first = await staff.PostFindingAsync(roundId, Finding(place, "Syringes", removed: false), "syringes-left");
        var finding = await first.ExpectAsync(HttpStatusCode.Created);
        using var retry = await staff.PostFindingAsync(roundId, Finding(place, "Syringes", removed: false), "syringes-left");
        await retry.ExpectAsync(HttpStatusCode.Created);

        var link = $"/rounds/{roundId}";
        var notices = await NoticesAsync(ChildSafetyAlerts.NotRemoved, link);
        var managerId = await app.QueryAsync(db => db.Users.Where(u => u.Email == LagesbildFactory.EmailOf(Role.SchoolManager)).Select(u => u.Id).SingleAsync());
        // The principal and the housing company's one user, each once, though the phone sent the finding twice.
        Assert.Equal(2, notices.Count);
        Assert.Single(notices, n => n.UserId == managerId);
        Assert.Contains("2 kanyler/sprutor", notices[0].Text, StringComparison.Ordinal);
        var managerList = await manager.GetJsonAsync("/api/notifications");
        Assert.Contains(managerList.GetProperty("items").EnumerateArray(), n => n.GetProperty("kind").GetString() == ChildSafetyAlerts.NotRemoved && n.GetProperty("link").GetString() == link);
        var contactList = await contact.GetJsonAsync("/api/notifications");
        Assert.Single(contactList.GetProperty("items").EnumerateArray(), n => n.GetProperty("link").GetString() == link);
        // Through the outbox: one webhook, and e-mails to the principal, the housing company's user and the fault desk.
        var findingId = finding.GetProperty("id").GetInt64();
        var webhooks = (await OutboxAsync($"\"findingId\":{findingId},")).Where(m => m.Channel == OutboxChannel.Webhook).ToList();
        Assert.Equal("finding.not-removed", Assert.Single(webhooks).Subject);
        var site = await app.QueryAsync(db => db.Sites.AsNoTracking().SingleAsync(s => s.Id == siteId));
        var mails = (await app.QueryAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Channel == OutboxChannel.Email).ToListAsync()))
            .Where(m => m.Subject.Contains(site.Name, StringComparison.Ordinal)).Select(m => m.Recipient).Order().ToList();
        Assert.Equal(3, mails.Count);
        Assert.Contains(email, mails);
        Assert.Contains(LagesbildFactory.EmailOf(Role.SchoolManager), mails);
        contact.Dispose();
    }

    [Fact]
    public async Task Syringes_removed_safely_and_other_finds_not_removed_tell_nobody()
    {
        var (_, roundId, place, _, contact) = await SiteWithContactAsync();
        app.Clock.AdjustTime(MondayMorning);
        using var staff = app.ClientFor(Role.SchoolStaff);

        using var removed = await staff.PostFindingAsync(roundId, Finding(place, "Syringes", removed: true), "removed");
        await removed.ExpectAsync(HttpStatusCode.Created);
        using var vandalism = await staff.PostFindingAsync(roundId, Finding(place, "Vandalism", removed: false, count: 1), "vandalism");
        await vandalism.ExpectAsync(HttpStatusCode.Created);
        // A refused finding writes nothing, its notice neither (one transaction).
        using var refused = await staff.PostFindingAsync(roundId, Finding(place, "Syringes", removed: false, count: 0), "refused");
        await refused.ExpectProblemAsync(HttpStatusCode.BadRequest, "count");

        Assert.Empty(await NoticesAsync(ChildSafetyAlerts.NotRemoved, $"/rounds/{roundId}"));
        contact.Dispose();
    }

    [Fact]
    public async Task A_property_contact_that_is_no_address_or_no_organisation_is_refused_naming_the_field()
    {
        var place = Places.Next();
        var site = await app.SiteAsync(place, await app.HomeOrganisationAsync());
        using var coordinator = app.ClientFor(Role.Coordinator);
        using var staff = app.ClientFor(Role.SchoolStaff);

        foreach (var hostile in new[] { "<script>alert(1)</script>", "a@b.se'; DROP TABLE Sites;--", "Rektor <rektor@skola.example>", "felanmalan@bostad.example\r\nBcc: x@y.example" })
        {
            using var response = await coordinator.PutAsJsonAsync($"/api/sites/{site.Id()}", SiteBody(site, place, hostile, null));
            await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "propertyContactEmail");
        }
        using var unknown = await coordinator.PutAsJsonAsync($"/api/sites/{site.Id()}", SiteBody(site, place, null, 999_999));
        await unknown.ExpectProblemAsync(HttpStatusCode.BadRequest, "propertyContactOrganisationId");
        using var byStaff = await staff.PutAsJsonAsync($"/api/sites/{site.Id()}", SiteBody(site, place, "felanmalan@bostad.example", null));
        Assert.Equal(HttpStatusCode.Forbidden, byStaff.StatusCode);
        Assert.Null(await app.QueryAsync(db => db.Sites.Where(s => s.Id == site.Id()).Select(s => s.PropertyContactEmail).SingleAsync()));
    }

    [Fact]
    public async Task The_promise_to_a_resident_counts_down_in_triage_and_an_overdue_report_tells_the_coordinators_once()
    {
        app.Clock.AdjustTime(LagesbildFactory.Now);
        var key = await app.NewKeyAsync();
        using var resident = app.CreateClient();
        var kept = await resident.FileAsync([.. Syringes(key, Places.Next())]);
        var broken = await resident.FileAsync([.. Syringes(key, Places.Next())]);
        using var coordinator = app.ClientFor(Role.Coordinator);

        app.Clock.AdjustTime(LagesbildFactory.Now.AddHours(20));
        var running = await coordinator.GetJsonAsync($"/api/service-requests/{broken}");
        await coordinator.PostJsonAsync($"/api/service-requests/{kept}/status", new { status = "fixed", note = "Upplockat." }, HttpStatusCode.OK);
        app.Clock.AdjustTime(LagesbildFactory.Now.AddHours(25));
        var told = await app.RunAsync<PromiseWatch, int>(w => w.AlertOverdueAsync(CancellationToken.None));
        var again = await app.RunAsync<PromiseWatch, int>(w => w.AlertOverdueAsync(CancellationToken.None));
        var overdue = await coordinator.GetJsonAsync($"/api/service-requests/{broken}");
        var closed = await coordinator.GetJsonAsync($"/api/service-requests/{kept}");

        Assert.Equal("Running", running.GetProperty("promise").GetString());
        Assert.Equal(4 * 60, running.GetProperty("promiseMinutesLeft").GetInt32());
        Assert.True(told >= 1);
        Assert.Equal(0, again);
        Assert.Equal("Overdue", overdue.GetProperty("promise").GetString());
        Assert.Equal(-60, overdue.GetProperty("promiseMinutesLeft").GetInt32());
        Assert.Equal("Closed", closed.GetProperty("promise").GetString());
        var notices = await app.QueryAsync(db => db.Notifications.AsNoTracking().Where(n => n.Kind == PromiseWatch.Kind).ToListAsync());
        var coordinatorId = await app.QueryAsync(db => db.Users.Where(u => u.Email == LagesbildFactory.EmailOf(Role.Coordinator)).Select(u => u.Id).SingleAsync());
        Assert.Single(notices, n => n.UserId == coordinatorId && n.Text.Contains($"rapport {broken} ", StringComparison.Ordinal));
        Assert.DoesNotContain(notices, n => n.Text.Contains($"rapport {kept} ", StringComparison.Ordinal));
        Assert.Single(await OutboxAsync($"\"reportId\":{broken},"), m => m.Channel == OutboxChannel.Webhook);
    }

    [Fact]
    public async Task Scene_activity_that_starts_to_meet_the_opening_hours_is_told_once_and_again_only_when_it_grows()
    {
        var place = Places.Next();
        app.Clock.AdjustTime(LagesbildFactory.Now);
        var site = await app.SiteAsync(place, await app.HomeOrganisationAsync(), kind: "School");
        using var coordinator = app.ClientFor(Role.Coordinator);
        // A scene 150 m away, active Monday evenings only: no overlap with the school's 08-16.
        var scene = await coordinator.PostSceneAsync(new Place(place.Lon, place.Lat + 0.00135).Square(), status: "Active", statusAt: LagesbildFactory.Now.AddDays(-10));
        await SetActiveHoursAsync(scene.Id(), 19, 20, 21);
        await app.RunAsync<ChildSafetyAlerts, int>(a => a.CheckOverlapsAsync(CancellationToken.None));
        var link = $"/sites/{site.Id()}";
        Assert.Empty(await NoticesAsync(ChildSafetyAlerts.OverlapStarted, link));

        // Active from Monday 14:00: two hours inside opening hours.
        await SetActiveHoursAsync(scene.Id(), 14, 15, 19, 20, 21);
        await app.RunAsync<ChildSafetyAlerts, int>(a => a.CheckOverlapsAsync(CancellationToken.None));
        await app.RunAsync<ChildSafetyAlerts, int>(a => a.CheckOverlapsAsync(CancellationToken.None));
        var first = await NoticesAsync(ChildSafetyAlerts.OverlapStarted, link);
        // Shrinking tells nobody; growing into a new hour tells again.
        await SetActiveHoursAsync(scene.Id(), 15);
        await app.RunAsync<ChildSafetyAlerts, int>(a => a.CheckOverlapsAsync(CancellationToken.None));
        var afterShrink = await NoticesAsync(ChildSafetyAlerts.OverlapStarted, link);
        await SetActiveHoursAsync(scene.Id(), 10, 15);
        await app.RunAsync<ChildSafetyAlerts, int>(a => a.CheckOverlapsAsync(CancellationToken.None));
        var afterGrowth = await NoticesAsync(ChildSafetyAlerts.OverlapStarted, link);

        var managerId = await app.QueryAsync(db => db.Users.Where(u => u.Email == LagesbildFactory.EmailOf(Role.SchoolManager)).Select(u => u.Id).SingleAsync());
        Assert.Single(first, n => n.UserId == managerId);
        Assert.Contains("mån 14, mån 15", first[0].Text, StringComparison.Ordinal);
        Assert.Equal(first.Count, afterShrink.Count);
        Assert.Equal(2 * first.Count, afterGrowth.Count);
        Assert.Contains(afterGrowth, n => n.Text.EndsWith("mån 10.", StringComparison.Ordinal));
    }

    private int _edits;

    /// <summary>Sets a scene's activity by hand, as a change of the scene (its UpdatedAt moves, so the cache of active scenes reads it again).</summary>
    private Task<int> SetActiveHoursAsync(long sceneId, params int[] hours)
    {
        var profile = new double[168];
        foreach (var h in hours)
            profile[h] = 1;
        var at = LagesbildFactory.Now.AddSeconds(++_edits);
        return app.QueryAsync(db => db.Scenes.Where(s => s.Id == sceneId).ExecuteUpdateAsync(s => s.SetProperty(x => x.ManualActiveHours, profile).SetProperty(x => x.UpdatedAt, at)));
    }

    [Fact]
    public async Task A_week_whose_findings_jump_against_the_four_before_is_told_once()
    {
        var place = Places.Next();
        app.Clock.AdjustTime(LagesbildFactory.Now);
        var site = await app.SiteAsync(place, await app.HomeOrganisationAsync());
        // Friday 27 November 2026 is in week 48; the four weeks before had 1 finding each (mean 1): three this week jump.
        await AddFindingsAsync(site.Id(), (new DateOnly(2026, 10, 28), 1), (new DateOnly(2026, 11, 4), 1), (new DateOnly(2026, 11, 11), 1), (new DateOnly(2026, 11, 18), 1),
            (new DateOnly(2026, 11, 23), 2));
        var link = $"/sites/{site.Id()}";

        await app.RunAsync<ChildSafetyAlerts, int>(a => a.CheckJumpsAsync(CancellationToken.None));
        var two = await NoticesAsync(ChildSafetyAlerts.FindingsJumped, link);
        await AddFindingsAsync(site.Id(), (new DateOnly(2026, 11, 25), 1));
        await app.RunAsync<ChildSafetyAlerts, int>(a => a.CheckJumpsAsync(CancellationToken.None));
        await app.RunAsync<ChildSafetyAlerts, int>(a => a.CheckJumpsAsync(CancellationToken.None));
        await AddFindingsAsync(site.Id(), (new DateOnly(2026, 11, 26), 1));
        await app.RunAsync<ChildSafetyAlerts, int>(a => a.CheckJumpsAsync(CancellationToken.None));
        var three = await NoticesAsync(ChildSafetyAlerts.FindingsJumped, link);

        Assert.Empty(two);
        var notice = Assert.Single(three);
        Assert.Contains("3 fynd vecka 2026-W48, mot i snitt 1 i veckan", notice.Text, StringComparison.Ordinal);
        Assert.Equal("2026-W48", await app.QueryAsync(db => db.Sites.Where(s => s.Id == site.Id()).Select(s => s.FindingJumpToldWeek).SingleAsync()));
    }

    /// <summary>Findings on completed rounds of a site, as many as given on each date (at 07:00 local).</summary>
    private Task<int> AddFindingsAsync(long siteId, params (DateOnly Date, int Findings)[] days) => app.QueryAsync(async db =>
    {
        var site = await db.Sites.SingleAsync(s => s.Id == siteId);
        var userId = await db.Users.Where(u => u.Email == LagesbildFactory.EmailOf(Role.SchoolStaff)).Select(u => u.Id).SingleAsync();
        foreach (var (date, count) in days)
        {
            var at = Core.Time.Stockholm.StartOfDay(date).AddHours(7);
            var round = await db.Rounds.SingleOrDefaultAsync(r => r.SiteId == siteId && r.Date == date)
                ?? db.Rounds.Add(new Round { SiteId = site.Id, Date = date, Deadline = at, Status = Core.Rounds.RoundStatus.Completed, StartedAt = at, CompletedAt = at, CreatedAt = at }).Entity;
            await db.SaveChangesAsync();
            for (var i = 0; i < count; i++)
            {
                var observation = new Observation
                {
                    Category = Core.Observations.ObservationCategory.Vandalism,
                    Lat = site.Location.Y,
                    Lon = site.Location.X,
                    OccurredFrom = at,
                    ReportedAt = at,
                    Source = ObservationSource.Round,
                    Classification = Core.Observations.Classification.Internal,
                    Location = site.Location,
                };
                db.Observations.Add(observation);
                await db.SaveChangesAsync();
                db.Findings.Add(new Finding { RoundId = round.Id, Category = Core.Rounds.FindingCategory.Vandalism, Lat = site.Location.Y, Lon = site.Location.X, FoundAt = at, RecordedAt = at, CreatedById = userId, ObservationId = observation.Id });
            }
        }
        return await db.SaveChangesAsync();
    });
}

public sealed class ChildSafetyOnSqlite(NotifyingSqlite app) : ChildSafetyTests<NotifyingSqlite>(app);

public sealed class ChildSafetyOnPostgres(NotifyingPostgres app) : ChildSafetyTests<NotifyingPostgres>(app);
