using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Data;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Rounds;

/// <summary>
/// Morning rounds through the API. The tests share one database and one clock, so each sets the clock it needs
/// and works on a site of its own (flagged for rounds, so that no other test's scene decides for it).
/// </summary>
public abstract class RoundTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    // Sunday evening before Monday 30 November 2026; Monday 05:40 in Stockholm; and the deadline of a preschool round then.
    private static readonly DateTimeOffset SundayEvening = new(2026, 11, 29, 20, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MondayMorning = new(2026, 11, 30, 4, 40, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset PreschoolDeadline = new(2026, 11, 30, 5, 0, 0, TimeSpan.Zero);
    private const string Monday = "2026-11-30";

    private async Task<(long SiteId, long RoundId, Place Place)> PreschoolRoundAsync()
    {
        var place = Places.Next();
        var site = await app.SiteAsync(place, await app.HomeOrganisationAsync());
        app.Clock.AdjustTime(SundayEvening);
        using var staff = app.ClientFor(Role.SchoolStaff);
        var round = await staff.RoundOfAsync(site.Id(), Monday) ?? throw new Xunit.Sdk.XunitException("No round was planned.");
        return (site.Id(), round.GetProperty("id").GetInt64(), place);
    }

    private static object Finding(Place place, string category = "Syringes", int? count = 2, string? text = null, DateTimeOffset? foundAt = null)
    {
        var (lon, lat) = place.At(0.3, -0.2);
        return new { category, count, lat, lon, removedSafely = true, text, foundAt };
    }

    private static object Checklist(int items, bool ok = true) =>
        new { checklist = Enumerable.Range(0, items).Select(_ => new { ok, note = ok ? null : "Trasigt staket vid grinden." }).ToArray(), note = "Allt lugnt." };

    [Fact]
    public async Task Tomorrows_rounds_are_planned_for_flagged_sites_and_sites_near_an_active_scene_only()
    {
        app.Clock.AdjustTime(SundayEvening);
        using var coordinator = app.ClientFor(Role.Coordinator);
        var scenePlace = new Place(18.0580, 59.3420); // Vasastan, away from the places of the other tests
        await coordinator.PostSceneAsync(scenePlace.Square(), status: "Active", statusAt: SundayEvening.AddDays(-10));
        var near = await app.SiteAsync(new Place(scenePlace.Lon, scenePlace.Lat + 0.0025), null, flagged: false); // about 280 m north
        var far = await app.SiteAsync(new Place(scenePlace.Lon, scenePlace.Lat + 0.02), null, flagged: false); // about 2.2 km
        var flaggedSchool = await app.SiteAsync(new Place(scenePlace.Lon + 0.03, scenePlace.Lat - 0.02), null, flagged: true, kind: "School");

        var nearRound = await coordinator.RoundOfAsync(near.Id(), Monday);
        var schoolRound = await coordinator.RoundOfAsync(flaggedSchool.Id(), Monday);

        Assert.NotNull(nearRound);
        Assert.Null(await coordinator.RoundOfAsync(far.Id(), Monday));
        Assert.Equal("Due", nearRound.Value.GetProperty("status").GetString());
        Assert.Equal(PreschoolDeadline, nearRound.Value.GetProperty("deadline").GetDateTimeOffset());
        // The school opens at 08:00: its round is due at 07:30 Stockholm time, 06:30 UTC.
        Assert.Equal(PreschoolDeadline.AddMinutes(90), schoolRound!.Value.GetProperty("deadline").GetDateTimeOffset());
        // Asking again plans nothing twice.
        await coordinator.GetJsonAsync($"/api/rounds?date={Monday}");
        Assert.Equal(1, await app.QueryAsync(db => db.Rounds.CountAsync(r => r.SiteId == near.Id())));
        // No round on Saturday, when the site is closed.
        app.Clock.AdjustTime(new DateTimeOffset(2026, 11, 27, 20, 0, 0, TimeSpan.Zero));
        Assert.Null(await coordinator.RoundOfAsync(near.Id(), "2026-11-28"));
    }

    [Fact]
    public async Task The_caretaker_walks_the_round_records_two_syringes_and_completes_it_before_the_deadline()
    {
        var (_, roundId, place) = await PreschoolRoundAsync();
        app.Clock.AdjustTime(MondayMorning);
        using var staff = app.ClientFor(Role.SchoolStaff);

        var started = await staff.PostJsonAsync($"/api/rounds/{roundId}/start", new { }, HttpStatusCode.OK);
        using var first = await staff.PostFindingAsync(roundId, Finding(place), "finding-1");
        var finding = await first.ExpectAsync(HttpStatusCode.Created);
        using var retry = await staff.PostFindingAsync(roundId, Finding(place), "finding-1");
        var replayed = await retry.ExpectAsync(HttpStatusCode.Created);
        var round = await staff.GetJsonAsync($"/api/rounds/{roundId}");
        var items = round.GetProperty("checklist").GetArrayLength();
        var completed = await staff.PostJsonAsync($"/api/rounds/{roundId}/complete", Checklist(items), HttpStatusCode.OK);

        Assert.Equal("InProgress", started.GetProperty("round").GetProperty("status").GetString());
        Assert.Equal(finding.GetProperty("id").GetInt64(), replayed.GetProperty("id").GetInt64());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(2, finding.GetProperty("count").GetInt32());
        Assert.True(finding.GetProperty("removedSafely").GetBoolean());
        Assert.False(finding.GetProperty("outsideYard").GetBoolean());
        Assert.Single(round.GetProperty("findings").EnumerateArray());
        Assert.True(items >= 5);
        Assert.Equal("Completed", completed.GetProperty("round").GetProperty("status").GetString());
        Assert.False(completed.GetProperty("round").GetProperty("late").GetBoolean());
        Assert.All(completed.GetProperty("checklist").EnumerateArray(), c => Assert.True(c.GetProperty("ok").GetBoolean()));

        // The finding is an observation of the picture, over the hours since the preschool closed on Friday at 18:00.
        var observation = await app.QueryAsync(db => db.Observations.SingleAsync(o => o.Id == finding.GetProperty("observationId").GetInt64()));
        Assert.Equal(ObservationSource.Round, observation.Source);
        Assert.Equal(Core.Observations.ObservationCategory.Syringes, observation.Category);
        Assert.Equal(2, observation.Count);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 17, 0, 0, TimeSpan.Zero), observation.OccurredFrom);
        Assert.Equal(MondayMorning, observation.OccurredTo);
        Assert.Equal(1, await app.QueryAsync(db => db.Findings.CountAsync(f => f.RoundId == roundId)));
    }

    [Fact]
    public async Task Completing_twice_is_a_conflict_but_a_retried_completion_answers_as_the_first()
    {
        var (_, roundId, _) = await PreschoolRoundAsync();
        app.Clock.AdjustTime(MondayMorning.AddMinutes(90)); // after the deadline: the round is late, but can still be completed
        using var staff = app.ClientFor(Role.SchoolStaff);
        var items = (await staff.GetJsonAsync($"/api/rounds/{roundId}")).GetProperty("checklist").GetArrayLength();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rounds/{roundId}/complete") { Content = JsonContent.Create(Checklist(items, ok: false)) };
        request.Headers.Add("Idempotency-Key", "complete-1");
        using var first = await staff.SendAsync(request);
        var completed = await first.ExpectAsync(HttpStatusCode.OK);
        using var retryRequest = new HttpRequestMessage(HttpMethod.Post, $"/api/rounds/{roundId}/complete") { Content = JsonContent.Create(Checklist(items, ok: false)) };
        retryRequest.Headers.Add("Idempotency-Key", "complete-1");
        using var retry = await staff.SendAsync(retryRequest);
        using var again = await staff.PostAsJsonAsync($"/api/rounds/{roundId}/complete", Checklist(items));
        using var otherBodyRequest = new HttpRequestMessage(HttpMethod.Post, $"/api/rounds/{roundId}/complete") { Content = JsonContent.Create(Checklist(items, ok: true)) };
        otherBodyRequest.Headers.Add("Idempotency-Key", "complete-1");
        using var otherBody = await staff.SendAsync(otherBodyRequest);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        using var lateFinding = await staff.PostFindingAsync(roundId, Finding(Places.Next()));

        Assert.True(completed.GetProperty("round").GetProperty("late").GetBoolean());
        await retry.ExpectAsync(HttpStatusCode.OK);
        await again.ExpectProblemAsync(HttpStatusCode.Conflict);
        await otherBody.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await lateFinding.ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_finding_well_outside_the_yard_is_accepted_with_a_flag_and_keeps_its_position()
    {
        var (_, roundId, place) = await PreschoolRoundAsync();
        app.Clock.AdjustTime(MondayMorning);
        using var staff = app.ClientFor(Role.SchoolStaff);
        var (lat, lon) = (place.Lat + 0.002, place.Lon); // about 200 m north of the yard

        using var response = await staff.PostFindingAsync(roundId, new { category = "Vandalism", lat, lon, removedSafely = false, text = "Klotter på förrådet" });
        var finding = await response.ExpectAsync(HttpStatusCode.Created);

        Assert.True(finding.GetProperty("outsideYard").GetBoolean());
        Assert.InRange(finding.GetProperty("metresOutsideYard").GetDouble(), 150, 220);
        Assert.Equal(lat, finding.GetProperty("lat").GetDouble());
        Assert.Equal(lon, finding.GetProperty("lon").GetDouble());
    }

    [Fact]
    public async Task Bad_findings_are_refused_naming_the_field_and_nothing_is_written()
    {
        var (_, roundId, place) = await PreschoolRoundAsync();
        app.Clock.AdjustTime(MondayMorning);
        using var staff = app.ClientFor(Role.SchoolStaff);
        var (lon, lat) = place.At();
        var cases = new (object Body, string Field)[]
        {
            (new { category = "Unicorns", lat, lon }, "category"),
            (new { category = "Syringes", count = 0, lat, lon }, "count"),
            (new { category = "Vandalism", count = 3, lat, lon }, "count"),
            (new { category = "Syringes", lat = 48.85, lon = 2.35 }, "lat"),
            (new { category = "Syringes", lat = 91.0, lon }, "lat"),
            (new { category = "Syringes", lat, lon, foundAt = MondayMorning.AddHours(2) }, "foundAt"),
            (new { category = "Other", lat, lon, text = "Personen 19811218-9876 sov här" }, "text"),
            (new { lat, lon }, "category"),
        };
        foreach (var (body, field) in cases)
        {
            using var response = await staff.PostFindingAsync(roundId, body);
            await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        }
        using var malformed = await staff.PostAsync($"/api/rounds/{roundId}/findings", new StringContent("{\"category\": \"Syringes\", \"lat\": ", System.Text.Encoding.UTF8, "application/json"));
        await malformed.ExpectProblemAsync(HttpStatusCode.BadRequest);
        using var huge = await staff.PostAsync($"/api/rounds/{roundId}/findings", new StringContent(new string('x', 1_100_000), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        using var keyed = await staff.PostFindingAsync(roundId, Finding(place), "reused-key");
        await keyed.ExpectAsync(HttpStatusCode.Created);
        using var reused = await staff.PostFindingAsync(roundId, Finding(place, count: 5), "reused-key");
        await reused.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        var items = (await staff.GetJsonAsync($"/api/rounds/{roundId}")).GetProperty("checklist").GetArrayLength();
        using var shortList = await staff.PostAsJsonAsync($"/api/rounds/{roundId}/complete", Checklist(items - 1));
        await shortList.ExpectProblemAsync(HttpStatusCode.BadRequest, "checklist");
        // A "Brist" says what is wrong: an item not OK without a note is refused by its place in the list.
        var unexplained = Enumerable.Range(0, items).Select(i => new { ok = i != 1, note = (string?)(i == 1 ? "  " : null) }).ToArray();
        using var withoutNote = await staff.PostAsJsonAsync($"/api/rounds/{roundId}/complete", new { checklist = unexplained });
        await withoutNote.ExpectProblemAsync(HttpStatusCode.BadRequest, "checklist[1].note");

        Assert.Equal(1, await app.QueryAsync(db => db.Findings.CountAsync(f => f.RoundId == roundId)));
        Assert.Equal("InProgress", (await staff.GetJsonAsync($"/api/rounds/{roundId}")).GetProperty("round").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Hostile_text_is_kept_as_text()
    {
        var (_, roundId, place) = await PreschoolRoundAsync();
        app.Clock.AdjustTime(MondayMorning);
        using var staff = app.ClientFor(Role.SchoolStaff);
        const string hostile = "<script>alert(1)</script>'; DROP TABLE \"Findings\"; --";

        using var response = await staff.PostFindingAsync(roundId, Finding(place, category: "Other", count: null, text: hostile));
        var finding = await response.ExpectAsync(HttpStatusCode.Created);
        var round = await staff.GetJsonAsync($"/api/rounds/{roundId}");
        var observation = await app.QueryAsync(db => db.Observations.SingleAsync(o => o.Id == finding.GetProperty("observationId").GetInt64()));

        Assert.Equal(hostile, finding.GetProperty("text").GetString());
        Assert.Equal(hostile, round.GetProperty("findings")[0].GetProperty("text").GetString());
        // The school's words stay with the school: the observation the whole city reads carries what and where, not the text.
        Assert.Null(observation.Text);
    }

    [Fact]
    public async Task Concurrent_retries_of_one_finding_store_it_once_and_two_phones_cannot_both_complete()
    {
        var (_, roundId, place) = await PreschoolRoundAsync();
        app.Clock.AdjustTime(MondayMorning);
        using var staff = app.ClientFor(Role.SchoolStaff);
        using var manager = app.ClientFor(Role.SchoolManager);
        var observationsBefore = await app.QueryAsync(db => db.Observations.CountAsync(o => o.Source == ObservationSource.Round));

        var retries = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => staff.PostFindingAsync(roundId, Finding(place), "same-finding")));
        var items = (await staff.GetJsonAsync($"/api/rounds/{roundId}")).GetProperty("checklist").GetArrayLength();
        var completions = await Task.WhenAll(
            staff.PostAsJsonAsync($"/api/rounds/{roundId}/complete", Checklist(items)),
            manager.PostAsJsonAsync($"/api/rounds/{roundId}/complete", Checklist(items, ok: false)));

        Assert.All(retries, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single((await Task.WhenAll(retries.Select(r => r.JsonAsync()))).Select(f => f.GetProperty("id").GetInt64()).Distinct());
        Assert.Equal(1, await app.QueryAsync(db => db.Findings.CountAsync(f => f.RoundId == roundId)));
        Assert.Equal(observationsBefore + 1, await app.QueryAsync(db => db.Observations.CountAsync(o => o.Source == ObservationSource.Round)));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], completions.Select(c => c.StatusCode).Order());
        foreach (var response in retries.Concat(completions))
            response.Dispose();
    }

    [Fact]
    public async Task A_finding_sent_late_from_a_second_phone_is_taken_if_it_was_found_before_the_round_was_completed()
    {
        var (_, roundId, place) = await PreschoolRoundAsync();
        app.Clock.AdjustTime(MondayMorning);
        using var staff = app.ClientFor(Role.SchoolStaff);
        var items = (await staff.GetJsonAsync($"/api/rounds/{roundId}")).GetProperty("checklist").GetArrayLength();
        await staff.PostJsonAsync($"/api/rounds/{roundId}/complete", Checklist(items), HttpStatusCode.OK);
        app.Clock.AdjustTime(MondayMorning.AddMinutes(20));

        using var foundBefore = await staff.PostFindingAsync(roundId, Finding(place, foundAt: MondayMorning.AddMinutes(-5)));
        using var foundAfter = await staff.PostFindingAsync(roundId, Finding(place, foundAt: MondayMorning.AddMinutes(10)));
        // A phone whose clock runs a few minutes ahead: taken as found now.
        var (_, otherRound, otherPlace) = await PreschoolRoundAsync();
        app.Clock.AdjustTime(MondayMorning);
        using var ahead = await staff.PostFindingAsync(otherRound, Finding(otherPlace, foundAt: MondayMorning.AddMinutes(10)));

        await foundBefore.ExpectAsync(HttpStatusCode.Created);
        await foundAfter.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(MondayMorning, (await ahead.ExpectAsync(HttpStatusCode.Created)).GetProperty("foundAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_round_completed_offline_before_its_deadline_is_on_time_though_it_arrived_after_and_was_marked_missed()
    {
        var (siteId, roundId, _) = await PreschoolRoundAsync();
        app.Clock.AdjustTime(PreschoolDeadline.AddHours(3));
        await app.RunAsync<Features.Rounds.MissedRounds, int>(m => m.MarkAsync(CancellationToken.None));
        using var staff = app.ClientFor(Role.SchoolStaff);
        var items = (await staff.GetJsonAsync($"/api/rounds/{roundId}")).GetProperty("checklist").GetArrayLength();

        var completed = await staff.PostJsonAsync($"/api/rounds/{roundId}/complete",
            new { checklist = Enumerable.Range(0, items).Select(_ => new { ok = true }).ToArray(), completedAt = MondayMorning }, HttpStatusCode.OK);
        using var tomorrow = await staff.PostAsJsonAsync($"/api/rounds/{roundId}/complete",
            new { checklist = Enumerable.Range(0, items).Select(_ => new { ok = true }).ToArray(), completedAt = MondayMorning.AddDays(1) });

        Assert.Equal(MondayMorning, completed.GetProperty("round").GetProperty("completedAt").GetDateTimeOffset());
        Assert.False(completed.GetProperty("round").GetProperty("late").GetBoolean());
        Assert.NotNull(await app.QueryAsync(db => db.Rounds.Where(r => r.Id == roundId).Select(r => r.MissedAt).SingleAsync()));
        Assert.Equal(HttpStatusCode.Conflict, tomorrow.StatusCode);
        Assert.True(siteId > 0);
    }

    [Fact]
    public async Task Yesterdays_round_can_no_longer_be_walked()
    {
        var (_, roundId, place) = await PreschoolRoundAsync();
        app.Clock.AdjustTime(MondayMorning.AddDays(1));
        using var staff = app.ClientFor(Role.SchoolStaff);

        using var start = await staff.PostAsJsonAsync($"/api/rounds/{roundId}/start", new { });
        using var finding = await staff.PostFindingAsync(roundId, Finding(place));
        using var foundYesterday = await staff.PostFindingAsync(roundId, Finding(place, foundAt: MondayMorning));

        await start.ExpectProblemAsync(HttpStatusCode.Conflict);
        await finding.ExpectProblemAsync(HttpStatusCode.Conflict);
        // Found on the round's day by a phone that was offline until now: still taken.
        await foundYesterday.ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_round_cannot_be_walked_before_its_day()
    {
        var (_, roundId, place) = await PreschoolRoundAsync();
        using var staff = app.ClientFor(Role.SchoolStaff);

        using var start = await staff.PostAsJsonAsync($"/api/rounds/{roundId}/start", new { });
        using var finding = await staff.PostFindingAsync(roundId, Finding(place));

        await start.ExpectProblemAsync(HttpStatusCode.Conflict);
        await finding.ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Another_schools_staff_neither_see_nor_touch_the_round_and_readers_cannot_walk_it()
    {
        var (siteId, roundId, place) = await PreschoolRoundAsync();
        app.Clock.AdjustTime(MondayMorning);
        using var other = await app.ClientInAsync(await app.OrganisationAsync("Annan förskola"), Role.SchoolStaff);
        using var otherManager = await app.ClientInAsync(await app.OrganisationAsync("Annan skola"), Role.SchoolManager);
        using var analyst = app.ClientFor(Role.Analyst);

        Assert.Null(await other.RoundOfAsync(siteId, Monday));
        await (await other.GetAsync($"/api/rounds/{roundId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        using var otherFinding = await other.PostFindingAsync(roundId, Finding(place));
        Assert.Equal(HttpStatusCode.NotFound, otherFinding.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherManager.PostAsJsonAsync($"/api/rounds/{roundId}/start", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/sites/{siteId}")).StatusCode);
        Assert.DoesNotContain(siteId, (await other.GetJsonAsync("/api/sites")).Ids());
        Assert.NotNull(await analyst.RoundOfAsync(siteId, Monday));
        using var analystFinding = await analyst.PostFindingAsync(roundId, Finding(place));
        await analystFinding.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, await app.QueryAsync(db => db.Findings.CountAsync(f => f.RoundId == roundId)));
    }

    [Fact]
    public async Task A_coordinator_edits_the_checklist_and_rounds_planned_afterwards_use_it()
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        using var staff = app.ClientFor(Role.SchoolStaff);
        using var response = await coordinator.PutAsJsonAsync("/api/rounds/checklists/Other", new { items = new[] { "Grinden", "Sandlådan", "Förrådet" } });
        var saved = await response.ExpectAsync(HttpStatusCode.OK);
        var site = await app.SiteAsync(Places.Next(), await app.HomeOrganisationAsync(), kind: "Other");
        app.Clock.AdjustTime(SundayEvening);
        var round = await staff.RoundOfAsync(site.Id(), Monday);
        var detail = await staff.GetJsonAsync($"/api/rounds/{round!.Value.GetProperty("id").GetInt64()}");

        Assert.Equal(3, saved.GetArrayLength());
        Assert.Equal(["Grinden", "Sandlådan", "Förrådet"], detail.GetProperty("checklist").EnumerateArray().Select(c => c.GetProperty("item").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PutAsJsonAsync("/api/rounds/checklists/Other", new { items = new[] { "x y" } })).StatusCode);
        await (await coordinator.PutAsJsonAsync("/api/rounds/checklists/Castle", new { items = new[] { "Vallgraven" } })).ExpectProblemAsync(HttpStatusCode.BadRequest, "kind");
        var empty = await (await coordinator.PutAsJsonAsync("/api/rounds/checklists/Other", new { items = Array.Empty<string>() })).ExpectProblemAsync(HttpStatusCode.BadRequest, "items");
        Assert.Equal("OutOfRange", empty.GetProperty("codes").GetProperty("items").GetString());
        var tooShort = await (await coordinator.PutAsJsonAsync("/api/rounds/checklists/Other", new { items = new[] { "Grinden", "x" } })).ExpectProblemAsync(HttpStatusCode.BadRequest, "items");
        Assert.Equal("ItemLength", tooShort.GetProperty("codes").GetProperty("items").GetString());
    }

    [Fact]
    public async Task A_bad_date_is_named()
    {
        using var staff = app.ClientFor(Role.SchoolStaff);
        await (await staff.GetAsync("/api/rounds?date=2026-02-30")).ExpectProblemAsync(HttpStatusCode.BadRequest, "date");
    }
}

public sealed class RoundsOnSqlite(SqliteLagesbild app) : RoundTests<SqliteLagesbild>(app);

public sealed class RoundsOnPostgres(PostgresLagesbild app) : RoundTests<PostgresLagesbild>(app);
