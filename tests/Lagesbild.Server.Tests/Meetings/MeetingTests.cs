using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Features.Meetings;
using Lagesbild.Server.Tests.Infrastructure;
using Lagesbild.Server.Tests.Rounds;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Meetings;

/// <summary>/api/meetings and /api/actions: samverkan meetings, their decisions, and actions followed up to the next meeting.</summary>
public abstract class MeetingTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : NotifyingFactory
{
    // Friday 27 November 2026, 11:00 in Stockholm; the meetings are on Tuesdays at 13:00 (12:00 UTC).
    private static readonly DateTimeOffset Tuesday = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string At(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    private async Task<int> OwnOrganisationAsync() => await app.QueryAsync(db => db.Users.Where(u => u.Id == app.UserIds[Role.Police]).Select(u => u.OrganisationId).FirstAsync());

    private async Task<int> OtherOrganisationAsync()
    {
        using var admin = app.ClientFor(Role.Admin);
        return (await admin.PostJsonAsync("/api/organisations", new { name = $"Bostadsbolaget {Api.UniqueLetters()}", kind = "Other" }, HttpStatusCode.Created)).GetProperty("id").GetInt32();
    }

    private static async Task<JsonElement> MeetingAsync(HttpClient client, DateTimeOffset at, string? area = null) =>
        await client.PostJsonAsync("/api/meetings", new { at = At(at), area }, HttpStatusCode.Created);

    private static async Task<JsonElement> ActionAsync(HttpClient client, object body) => await client.PostJsonAsync("/api/actions", body, HttpStatusCode.Created);

    [Fact]
    public async Task A_meeting_records_decisions_and_actions_and_the_next_weeks_agenda_starts_with_the_actions_due()
    {
        app.Clock.AdjustTime(LagesbildFactory.Now);
        using var coordinator = app.ClientFor(Role.Coordinator);
        var area = "Järva";
        var meeting = await MeetingAsync(coordinator, Tuesday, area);
        var id = meeting.GetProperty("id").GetInt32();
        Assert.Equal("Borough", meeting.GetProperty("areaKind").GetString());
        Assert.Equal(area, meeting.GetProperty("area").GetString());
        Assert.Equal("2026-W48", meeting.GetProperty("week").GetString());
        // The coordinator counts observations: the weekly picture is on the agenda, for the borough.
        Assert.Equal(area, meeting.GetProperty("agenda").GetProperty("picture").GetProperty("area").GetString());

        var decision = await coordinator.PostJsonAsync($"/api/meetings/{id}/decisions", new { text = "Polisen och staden samordnar kvällsnärvaron vid torget." }, HttpStatusCode.Created);
        var owner = await OwnOrganisationAsync();
        var action = await ActionAsync(coordinator, new
        {
            text = "Polisen patrullerar vid torget fredag kväll.",
            ownerOrganisation = owner,
            due = "2026-12-05",
            meeting = id,
            decision = decision.GetProperty("id").GetInt32(),
        });
        var later = await ActionAsync(coordinator, new { text = "Staden ser över belysningen.", ownerOrganisation = owner, due = "2026-12-20", meeting = id });
        Assert.Equal("Open", action.GetProperty("status").GetString());
        Assert.Equal(area, action.GetProperty("area").GetString());

        var read = await coordinator.GetJsonAsync($"/api/meetings/{id}");
        Assert.Equal("Polisen och staden samordnar kvällsnärvaron vid torget.", read.GetProperty("decisions")[0].GetProperty("text").GetString());
        Assert.Equal(2, read.GetProperty("actions").GetArrayLength());
        // Recorded during the meeting: not on its own agenda.
        Assert.Equal(0, read.GetProperty("agenda").GetProperty("actionsDue").GetArrayLength());

        // Next Tuesday: the action due on the 5th comes first, overdue; the later one among the other open actions.
        app.Clock.AdjustTime(Tuesday.AddDays(2));
        var next = await MeetingAsync(coordinator, Tuesday.AddDays(7), area);
        var due = next.GetProperty("agenda").GetProperty("actionsDue");
        var first = due[0];
        Assert.Equal(action.GetProperty("id").GetInt32(), first.GetProperty("action").GetProperty("id").GetInt32());
        Assert.True(first.GetProperty("overdue").GetBoolean());
        Assert.Contains(next.GetProperty("agenda").GetProperty("otherOpenActions").EnumerateArray(),
            i => i.GetProperty("action").GetProperty("id").GetInt32() == later.GetProperty("id").GetInt32());

        // Another borough's meeting does not see them; the whole city's does.
        var elsewhere = await MeetingAsync(coordinator, Tuesday.AddDays(7), "Södermalm");
        Assert.DoesNotContain(elsewhere.GetProperty("agenda").GetProperty("actionsDue").EnumerateArray(),
            i => i.GetProperty("action").GetProperty("id").GetInt32() == action.GetProperty("id").GetInt32());
        var city = await MeetingAsync(coordinator, Tuesday.AddDays(7));
        Assert.Equal("City", city.GetProperty("areaKind").GetString());
        Assert.Contains(city.GetProperty("agenda").GetProperty("actionsDue").EnumerateArray(),
            i => i.GetProperty("action").GetProperty("id").GetInt32() == action.GetProperty("id").GetInt32());

        var list = await coordinator.GetJsonAsync("/api/meetings");
        var listed = list.EnumerateArray().Single(m => m.GetProperty("id").GetInt32() == id);
        Assert.Equal((1, 2), (listed.GetProperty("decisions").GetInt32(), listed.GetProperty("actions").GetInt32()));

        // The minutes as a page and as a PDF that says the decision.
        using var page = await coordinator.GetAsync($"/api/meetings/{id}/minutes");
        Assert.Contains("Polisen och staden samordnar kvällsnärvaron vid torget.", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        using var pdf = await coordinator.GetAsync($"/api/meetings/{id}/minutes?format=pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        using var document = UglyToad.PdfPig.PdfDocument.Open(bytes);
        var words = string.Join(" ", document.GetPages().Select(p => p.Text));
        Assert.Contains("kvällsnärvaron", words, StringComparison.Ordinal);
        Assert.Contains("Polisen patrullerar vid torget", words, StringComparison.Ordinal);

        // Each write and read is in the audit log.
        var entries = await app.QueryAsync(db => db.AuditEntries.Where(e => e.UserId == app.UserIds[Role.Coordinator]).Select(e => new { e.Action, e.Entity, e.EntityId }).ToListAsync());
        Assert.Contains(entries, e => e.Action == "create" && e.Entity == "Meeting" && e.EntityId == id.ToString(CultureInfo.InvariantCulture));
        Assert.Contains(entries, e => e.Action == "create" && e.Entity == "MeetingDecision");
        Assert.Contains(entries, e => e.Action == "create" && e.Entity == "AgreedAction" && e.EntityId == action.GetProperty("id").GetInt32().ToString(CultureInfo.InvariantCulture));
        Assert.Contains(entries, e => e.Action == "read" && e.Entity == "Meeting" && e.EntityId == id.ToString(CultureInfo.InvariantCulture));
        Assert.Contains(entries, e => e.Action == "read" && e.Entity == "meetings");
    }

    [Fact]
    public async Task The_owner_moves_an_action_on_with_a_note_the_history_is_kept_and_the_list_filters_by_open_and_owner()
    {
        app.Clock.AdjustTime(LagesbildFactory.Now);
        using var coordinator = app.ClientFor(Role.Coordinator);
        using var police = app.ClientFor(Role.Police);
        var own = await OwnOrganisationAsync();
        var other = await OtherOrganisationAsync();
        var mine = (await ActionAsync(coordinator, new { text = "Polisen följer upp anmälningarna.", ownerOrganisation = own, due = "2026-12-10" })).GetProperty("id").GetInt32();
        var theirs = (await ActionAsync(coordinator, new { text = "Bostadsbolaget röjer buskarna.", ownerOrganisation = other, due = "2026-12-03" })).GetProperty("id").GetInt32();

        var done = await police.PutJsonAsync($"/api/actions/{mine}", new { status = "Done", note = "Klart, tre kvällar." }, HttpStatusCode.OK);
        Assert.Equal("Done", done.GetProperty("status").GetString());
        Assert.Equal(["Open", "Done"], done.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()));
        Assert.Equal("Klart, tre kvällar.", done.GetProperty("history")[1].GetProperty("note").GetString());
        // The same status again, and opening again without a note, are refused.
        using var again = await police.PutAsJsonAsync($"/api/actions/{mine}", new { status = "Done", note = "igen" });
        await again.ExpectCodeAsync(HttpStatusCode.BadRequest, "status", "NotAllowed");
        using var reopen = await police.PutAsJsonAsync($"/api/actions/{mine}", new { status = "Open" });
        await reopen.ExpectCodeAsync(HttpStatusCode.BadRequest, "note", "NoteNeeded");
        using var cancel = await coordinator.PutAsJsonAsync($"/api/actions/{theirs}", new { status = "Cancelled" });
        await cancel.ExpectCodeAsync(HttpStatusCode.BadRequest, "note", "NoteNeeded");

        // The police may not move another organisation's action; the coordinator may.
        using var notOwn = await police.PutAsJsonAsync($"/api/actions/{theirs}", new { status = "Done" });
        await notOwn.ExpectProblemAsync(HttpStatusCode.Forbidden);
        using var unknownStatus = await coordinator.PutAsJsonAsync($"/api/actions/{theirs}", new { status = "Finished" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownStatus.StatusCode);
        using var missing = await coordinator.PutAsJsonAsync("/api/actions/987654", new { status = "Done" });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var openOfOther = await police.GetJsonAsync($"/api/actions?open=true&owner={other}");
        Assert.Equal([theirs], openOfOther.EnumerateArray().Select(a => a.GetProperty("id").GetInt32()));
        var openOfOwn = await police.GetJsonAsync($"/api/actions?open=true&owner={own}");
        Assert.DoesNotContain(openOfOwn.EnumerateArray(), a => a.GetProperty("id").GetInt32() == mine);
        var allOfOwn = await police.GetJsonAsync($"/api/actions?owner={own}");
        Assert.Contains(allOfOwn.EnumerateArray(), a => a.GetProperty("id").GetInt32() == mine);
        var one = await police.GetJsonAsync($"/api/actions/{mine}");
        Assert.Equal(2, one.GetProperty("history").GetArrayLength());
        Assert.Contains(await app.QueryAsync(db => db.AuditEntries.Where(e => e.UserId == app.UserIds[Role.Police]).Select(e => e.Action + " " + e.Entity).ToListAsync()),
            e => e == "update AgreedAction");
    }

    [Fact]
    public async Task An_overdue_action_tells_its_owner_organisation_once_in_the_app_by_webhook_and_by_email()
    {
        app.Clock.AdjustTime(LagesbildFactory.Now);
        using var coordinator = app.ClientFor(Role.Coordinator);
        var other = await OtherOrganisationAsync();
        var own = await OwnOrganisationAsync();
        var text = $"Röj slänten {Api.UniqueLetters()}";
        var id = (await ActionAsync(coordinator, new { text, ownerOrganisation = own, due = "2026-11-28" })).GetProperty("id").GetInt32();
        // Another organisation without users: its coordinators are told instead; a done action tells nobody.
        await ActionAsync(coordinator, new { text = "Bostadsbolaget byter lås.", ownerOrganisation = other, due = "2026-11-28" });

        // 28 November ends at 23:00 UTC (midnight in Stockholm).
        app.Clock.AdjustTime(new DateTimeOffset(2026, 11, 28, 22, 59, 0, TimeSpan.Zero));
        await app.RunAsync<OverdueActions, int>(o => o.NotifyAsync(CancellationToken.None));
        using var police = app.ClientFor(Role.Police);
        Assert.DoesNotContain((await police.GetJsonAsync("/api/notifications")).GetProperty("items").EnumerateArray(), n => n.GetProperty("text").GetString()!.Contains(text, StringComparison.Ordinal));

        app.Clock.AdjustTime(new DateTimeOffset(2026, 11, 28, 23, 0, 0, TimeSpan.Zero));
        var told = await app.RunAsync<OverdueActions, int>(o => o.NotifyAsync(CancellationToken.None));
        var again = await app.RunAsync<OverdueActions, int>(o => o.NotifyAsync(CancellationToken.None));
        Assert.True(told >= 2);
        Assert.Equal(0, again);
        var notices = (await police.GetJsonAsync("/api/notifications")).GetProperty("items").EnumerateArray()
            .Where(n => n.GetProperty("kind").GetString() == "action.overdue" && n.GetProperty("text").GetString()!.Contains(text, StringComparison.Ordinal)).ToList();
        var notice = Assert.Single(notices);
        Assert.Equal("2026-11-28", notice.GetProperty("parameters").GetProperty("due").GetString());
        Assert.Equal("/actions", notice.GetProperty("link").GetString());
        Assert.True(await app.QueryAsync(db => db.AgreedActions.AnyAsync(a => a.Id == id && a.OverdueNotifiedAt != null)));

        await app.RunAsync<Lagesbild.Server.Features.Notifications.OutboxDispatcher, int>(d => d.DeliverDueAsync(CancellationToken.None));
        var hooks = app.Webhook.Bodies.Select(b => JsonDocument.Parse(b).RootElement)
            .Where(b => b.GetProperty("event").GetString() == "action.overdue" && b.GetProperty("data").GetProperty("actionId").GetInt32() == id).ToList();
        Assert.Single(hooks);
        Assert.Contains(app.Smtp.ReceivedEmail, m => m.Subject.Contains(text, StringComparison.Ordinal) && m.ToAddresses.Any(a => a.Address == LagesbildFactory.EmailOf(Role.Police)));
    }

    [Fact]
    public async Task Refused_input_is_named_by_field_and_hostile_text_is_kept_as_plain_text()
    {
        app.Clock.AdjustTime(LagesbildFactory.Now);
        using var coordinator = app.ClientFor(Role.Coordinator);
        var own = await OwnOrganisationAsync();
        using var malformed = await coordinator.PostAsync("/api/meetings", new StringContent("{\"at\": \"2026-12-01T12:00:00Z\", ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        using var malformedAction = await coordinator.PostAsync("/api/actions", new StringContent("{\"text\": [1,", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformedAction.StatusCode);
        using var noOffset = await coordinator.PostAsJsonAsync("/api/meetings", new { at = "2026-12-01T13:00:00", area = "Stockholm" });
        Assert.Equal(HttpStatusCode.BadRequest, noOffset.StatusCode);
        using var unknownArea = await coordinator.PostAsJsonAsync("/api/meetings", new { at = At(Tuesday), area = "Atlantis" });
        await unknownArea.ExpectCodeAsync(HttpStatusCode.BadRequest, "area", "NotFound");
        using var farAhead = await coordinator.PostAsJsonAsync("/api/meetings", new { at = At(Tuesday.AddYears(3)) });
        await farAhead.ExpectCodeAsync(HttpStatusCode.BadRequest, "at", "OutOfRange");

        // Due yesterday in Stockholm is refused; the date of "today" is Stockholm's (Now is 11:00 there on the 27th).
        using var past = await coordinator.PostAsJsonAsync("/api/actions", new { text = "Sent påtänkt", ownerOrganisation = own, due = "2026-11-26" });
        await past.ExpectCodeAsync(HttpStatusCode.BadRequest, "due", "OutOfRange");
        using var unknownOwner = await coordinator.PostAsJsonAsync("/api/actions", new { text = "Okänd ägare", ownerOrganisation = 987654, due = "2026-12-10" });
        await unknownOwner.ExpectCodeAsync(HttpStatusCode.BadRequest, "ownerOrganisation", "NotFound");
        using var unknownScene = await coordinator.PostAsJsonAsync("/api/actions", new { text = "Okänd scen", ownerOrganisation = own, due = "2026-12-10", scene = 987654 });
        await unknownScene.ExpectCodeAsync(HttpStatusCode.BadRequest, "scene", "NotFound");
        using var unknownMeeting = await coordinator.PostAsJsonAsync("/api/actions", new { text = "Okänt möte", ownerOrganisation = own, due = "2026-12-10", meeting = 987654 });
        await unknownMeeting.ExpectCodeAsync(HttpStatusCode.BadRequest, "meeting", "NotFound");
        using var personal = await coordinator.PostAsJsonAsync("/api/actions", new { text = "Kontakta 19811218-9876 om saken", ownerOrganisation = own, due = "2026-12-10" });
        await personal.ExpectCodeAsync(HttpStatusCode.BadRequest, "text", "PersonalNumber");
        using var oversized = await coordinator.PostAsJsonAsync("/api/actions", new { text = new string('x', 4001), ownerOrganisation = own, due = "2026-12-10" });
        await oversized.ExpectProblemAsync(HttpStatusCode.BadRequest, "text");
        using var control = await coordinator.PostAsJsonAsync("/api/actions", new { text = "Dold\u202etext", ownerOrganisation = own, due = "2026-12-10" });
        Assert.Equal(HttpStatusCode.BadRequest, control.StatusCode);
        var meeting = (await MeetingAsync(coordinator, Tuesday)).GetProperty("id").GetInt32();
        using var emptyDecision = await coordinator.PostAsJsonAsync($"/api/meetings/{meeting}/decisions", new { text = " " });
        await emptyDecision.ExpectProblemAsync(HttpStatusCode.BadRequest, "text");
        using var noMeeting = await coordinator.PostAsJsonAsync("/api/meetings/987654/decisions", new { text = "Beslut" });
        Assert.Equal(HttpStatusCode.NotFound, noMeeting.StatusCode);

        const string Hostile = "<script>alert('x')</script>'; DROP TABLE \"Meetings\"; --";
        var decision = await coordinator.PostJsonAsync($"/api/meetings/{meeting}/decisions", new { text = Hostile }, HttpStatusCode.Created);
        Assert.Equal(Hostile, decision.GetProperty("text").GetString());
        var action = await ActionAsync(coordinator, new { text = Hostile, ownerOrganisation = own, due = "2026-12-10", meeting });
        Assert.Equal(Hostile, action.GetProperty("text").GetString());
        Assert.Equal(Hostile, (await coordinator.GetJsonAsync($"/api/meetings/{meeting}")).GetProperty("decisions")[0].GetProperty("text").GetString());
        using var minutes = await coordinator.GetAsync($"/api/meetings/{meeting}/minutes");
        var html = await minutes.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert", html, StringComparison.Ordinal);
        using var format = await coordinator.GetAsync($"/api/meetings/{meeting}/minutes?format=docx");
        await format.ExpectProblemAsync(HttpStatusCode.BadRequest, "format");
    }

    [Fact]
    public async Task Only_coordinators_keep_meetings_partners_read_them_and_the_agenda_hides_the_picture_from_roles_that_count_nothing()
    {
        app.Clock.AdjustTime(LagesbildFactory.Now);
        using var coordinator = app.ClientFor(Role.Coordinator);
        var own = await OwnOrganisationAsync();
        var meeting = (await MeetingAsync(coordinator, Tuesday)).GetProperty("id").GetInt32();
        foreach (var role in new[] { Role.Police, Role.SocialServices, Role.Analyst, Role.SchoolManager, Role.Admin })
        {
            using var client = app.ClientFor(role);
            using var create = await client.PostAsJsonAsync("/api/meetings", new { at = At(Tuesday) });
            await create.ExpectProblemAsync(HttpStatusCode.Forbidden);
            using var decide = await client.PostAsJsonAsync($"/api/meetings/{meeting}/decisions", new { text = "Ett beslut" });
            await decide.ExpectProblemAsync(HttpStatusCode.Forbidden);
            using var act = await client.PostAsJsonAsync("/api/actions", new { text = "En åtgärd", ownerOrganisation = own, due = "2026-12-10" });
            await act.ExpectProblemAsync(HttpStatusCode.Forbidden);
            Assert.Equal(meeting, (await client.GetJsonAsync($"/api/meetings/{meeting}")).GetProperty("id").GetInt32());
        }
        foreach (var role in new[] { Role.SchoolStaff, Role.Guard, Role.DataProtection })
        {
            using var client = app.ClientFor(role);
            using var read = await client.GetAsync($"/api/meetings/{meeting}");
            await read.ExpectProblemAsync(HttpStatusCode.Forbidden);
            using var list = await client.GetAsync("/api/actions");
            await list.ExpectProblemAsync(HttpStatusCode.Forbidden);
            using var minutes = await client.GetAsync($"/api/meetings/{meeting}/minutes?format=pdf");
            await minutes.ExpectProblemAsync(HttpStatusCode.Forbidden);
        }
        // The principal reads the meeting and its actions but not the weekly picture, which counts observations.
        using var principal = app.ClientFor(Role.SchoolManager);
        var agenda = (await principal.GetJsonAsync($"/api/meetings/{meeting}")).GetProperty("agenda");
        Assert.Equal(JsonValueKind.Null, agenda.GetProperty("picture").ValueKind);
        Assert.False(string.IsNullOrEmpty(agenda.GetProperty("pictureNotShown").GetString()));
        // The police's picture counts Restricted observations; social services' does not.
        using var police = app.ClientFor(Role.Police);
        using var social = app.ClientFor(Role.SocialServices);
        Assert.True((await police.GetJsonAsync($"/api/meetings/{meeting}")).GetProperty("agenda").GetProperty("picture").GetProperty("includesRestricted").GetBoolean());
        Assert.False((await social.GetJsonAsync($"/api/meetings/{meeting}")).GetProperty("agenda").GetProperty("picture").GetProperty("includesRestricted").GetBoolean());
    }

    [Fact]
    public async Task A_retry_with_the_same_Idempotency_Key_answers_the_first_and_the_key_with_another_body_is_refused()
    {
        app.Clock.AdjustTime(LagesbildFactory.Now);
        using var coordinator = app.ClientFor(Role.Coordinator);
        var own = await OwnOrganisationAsync();
        async Task<HttpResponseMessage> Send(HttpMethod method, string url, object body, string key)
        {
            using var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await coordinator.SendAsync(request);
        }
        var key = Guid.NewGuid().ToString();
        using var first = await Send(HttpMethod.Post, "/api/meetings", new { at = At(Tuesday), area = "Husby" }, key);
        using var retry = await Send(HttpMethod.Post, "/api/meetings", new { at = At(Tuesday), area = "Husby" }, key);
        using var other = await Send(HttpMethod.Post, "/api/meetings", new { at = At(Tuesday.AddDays(7)), area = "Husby" }, key);
        var meeting = (await first.ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        Assert.Equal(meeting, (await retry.ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);

        var decisionKey = Guid.NewGuid().ToString();
        using var d1 = await Send(HttpMethod.Post, $"/api/meetings/{meeting}/decisions", new { text = "Samma beslut" }, decisionKey);
        using var d2 = await Send(HttpMethod.Post, $"/api/meetings/{meeting}/decisions", new { text = "Samma beslut" }, decisionKey);
        Assert.Equal((await d1.ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32(), (await d2.ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32());

        var actionKey = Guid.NewGuid().ToString();
        var body = new { text = "En gång", ownerOrganisation = own, due = "2026-12-10", meeting };
        using var a1 = await Send(HttpMethod.Post, "/api/actions", body, actionKey);
        using var a2 = await Send(HttpMethod.Post, "/api/actions", body, actionKey);
        var action = (await a1.ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        Assert.Equal(action, (await a2.ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32());

        var updateKey = Guid.NewGuid().ToString();
        using var u1 = await Send(HttpMethod.Put, $"/api/actions/{action}", new { status = "Done", note = "Klart" }, updateKey);
        using var u2 = await Send(HttpMethod.Put, $"/api/actions/{action}", new { status = "Done", note = "Klart" }, updateKey);
        Assert.Equal(2, (await u1.ExpectAsync(HttpStatusCode.OK)).GetProperty("history").GetArrayLength());
        Assert.Equal(2, (await u2.ExpectAsync(HttpStatusCode.OK)).GetProperty("history").GetArrayLength());
        Assert.Equal(1, await app.QueryAsync(db => db.MeetingDecisions.CountAsync(d => d.MeetingId == meeting)));
        Assert.Equal(1, await app.QueryAsync(db => db.AgreedActions.CountAsync(a => a.MeetingId == meeting)));
    }
}

public sealed class MeetingsOnSqlite(NotifyingSqlite app) : MeetingTests<NotifyingSqlite>(app);

public sealed class MeetingsOnPostgres(NotifyingPostgres app) : MeetingTests<NotifyingPostgres>(app);
