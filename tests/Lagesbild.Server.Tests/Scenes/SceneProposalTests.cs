using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Data;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lagesbild.Server.Tests.Scenes;

/// <summary>
/// Two parties: the test police user moved to a police organisation of its own. The police confirm Active and
/// Ceased (the default), and here the city confirms Declining, so that the police's own proposals are tested too.
/// </summary>
public abstract class TwoPartyLagesbild(TestStore store) : LagesbildFactory(store)
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("Scenes:Confirmation:Active", "Police"),
        new("Scenes:Confirmation:Ceased", "Police"),
        new("Scenes:Confirmation:Declining", "City"),
    ];

    protected override async Task<IReadOnlyList<(Role Role, string Email, string Password)>> CreateAccountsAsync()
    {
        var accounts = await base.CreateAccountsAsync();
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LagesbildDb>();
        var police = new Organisation { Name = "Testpolisen", Kind = OrganisationKind.Police };
        db.Organisations.Add(police);
        await db.SaveChangesAsync();
        var officer = await db.Users.SingleAsync(u => u.Email == EmailOf(Role.Police));
        officer.OrganisationId = police.Id;
        await db.SaveChangesAsync();
        return accounts;
    }
}

public sealed class TwoPartySqlite() : TwoPartyLagesbild(new SqliteStore());

public sealed class TwoPartyPostgres() : TwoPartyLagesbild(new PostgresStore());

public abstract class SceneProposalTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : TwoPartyLagesbild
{
    /// <summary>A scene Suspected three days ago, and the coordinator's proposal that it is Ceased (202).</summary>
    private async Task<(long Scene, long Proposal)> ProposeCeasedAsync(string reason = "Ingen aktivitet på åtta veckor.")
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        var scene = await coordinator.PostSceneAsync(Places.Next().Square(), statusAt: LagesbildFactory.Now.AddDays(-3));
        using var response = await coordinator.PostKeyedAsync($"/api/scenes/{scene.Id()}/status", new { status = "Ceased", reason });
        var proposal = await response.ExpectAsync(HttpStatusCode.Accepted);
        return (scene.Id(), proposal.GetProperty("id").GetInt64());
    }

    private static List<JsonElement> Proposals(JsonElement scene) => [.. scene.Props().GetProperty("lineage").GetProperty("proposals").EnumerateArray()];

    [Fact]
    public async Task The_city_s_ceased_waits_for_the_police_who_are_told_and_see_it()
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        using var police = app.ClientFor(Role.Police);
        var scene = await coordinator.PostSceneAsync(Places.Next().Square(), statusAt: LagesbildFactory.Now.AddDays(-3), name: "Scen att bekräfta");

        using var response = await coordinator.PostKeyedAsync($"/api/scenes/{scene.Id()}/status", new { status = "Ceased", reason = "Ingen aktivitet." });
        var proposal = await response.ExpectAsync(HttpStatusCode.Accepted);

        Assert.Equal($"/api/scenes/{scene.Id()}#proposal-{proposal.GetProperty("id").GetInt64()}", response.Headers.Location?.OriginalString);
        Assert.Equal(("Pending", "Police", "Test Coordinator"), (proposal.GetProperty("state").GetString(), proposal.GetProperty("confirmingParty").GetString(), proposal.GetProperty("proposedBy").GetString()));
        var seenByCity = await coordinator.GetJsonAsync($"/api/scenes/{scene.Id()}");
        Assert.Equal("Suspected", seenByCity.Props().GetProperty("status").GetString());
        Assert.False(Assert.Single(Proposals(seenByCity)).GetProperty("mayDecide").GetBoolean());
        Assert.True(Assert.Single(Proposals(await police.GetJsonAsync($"/api/scenes/{scene.Id()}"))).GetProperty("mayDecide").GetBoolean());

        var notices = (await police.GetJsonAsync("/api/notifications")).GetProperty("items").EnumerateArray()
            .Where(n => n.GetProperty("kind").GetString() == "scene.status-proposed" && n.GetProperty("link").GetString() == $"/scenes/{scene.Id()}#proposals").ToList();
        var notice = Assert.Single(notices);
        Assert.Equal("Scen att bekräfta", notice.GetProperty("parameters").GetProperty("scene").GetString());
        var cityNotices = (await coordinator.GetJsonAsync("/api/notifications")).GetProperty("items").EnumerateArray();
        Assert.DoesNotContain(cityNotices, n => n.GetProperty("kind").GetString() == "scene.status-proposed");
        Assert.True(await app.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "propose-status" && a.EntityId == scene.Id().ToString(CultureInfo.InvariantCulture))));
    }

    [Fact]
    public async Task The_police_confirm_and_the_history_names_both()
    {
        var (scene, proposal) = await ProposeCeasedAsync();
        using var police = app.ClientFor(Role.Police);

        using var response = await police.PostKeyedAsync($"/api/scenes/{scene}/proposals/{proposal}/confirm", new { note = "Stämmer med vår bild." });
        var confirmed = await response.ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("Ceased", confirmed.Props().GetProperty("status").GetString());
        var entry = confirmed.Props().GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("Ceased", "Test Coordinator", "Test Police"), (entry.GetProperty("status").GetString(), entry.GetProperty("by").GetString(), entry.GetProperty("confirmedBy").GetString()));
        Assert.Equal("Ingen aktivitet på åtta veckor. (Stämmer med vår bild.)", entry.GetProperty("reason").GetString());
        Assert.Equal(LagesbildFactory.Now, entry.GetProperty("confirmedAt").GetDateTimeOffset());
        var decided = Assert.Single(Proposals(confirmed));
        Assert.Equal(("Confirmed", "Test Police", false), (decided.GetProperty("state").GetString(), decided.GetProperty("decidedBy").GetString(), decided.GetProperty("mayDecide").GetBoolean()));
        Assert.True(await app.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "confirm-status" && a.EntityId == scene.ToString(CultureInfo.InvariantCulture))));

        // Confirmed again by the same user: the same answer, one history entry.
        using var again = await police.PostKeyedAsync($"/api/scenes/{scene}/proposals/{proposal}/confirm", new { note = "Stämmer med vår bild." });
        await again.ExpectAsync(HttpStatusCode.OK);
        using var reject = await police.PostKeyedAsync($"/api/scenes/{scene}/proposals/{proposal}/reject", new { note = "Ändrat mig." });
        await reject.ExpectCodeAsync(HttpStatusCode.Conflict, "proposal", "Decided");
        Assert.Equal(1, await app.QueryAsync(db => db.SceneStatusEntries.CountAsync(h => h.SceneId == scene && h.Status == Core.Scenes.SceneStatus.Ceased)));
    }

    [Theory]
    [InlineData(Role.Coordinator)]     // the proposer's own organisation
    [InlineData(Role.Admin)]           // of the proposing city organisation too
    [InlineData(Role.Analyst)]
    [InlineData(Role.SchoolManager)]
    [InlineData(Role.SocialServices)]
    [InlineData(Role.Guard)]
    public async Task Who_may_not_confirm_or_reject_the_city_s_proposal(Role role)
    {
        var (scene, proposal) = await ProposeCeasedAsync();
        using var client = app.ClientFor(role);

        using var confirm = await client.PostKeyedAsync($"/api/scenes/{scene}/proposals/{proposal}/confirm", new { note = "Ja." });
        using var reject = await client.PostKeyedAsync($"/api/scenes/{scene}/proposals/{proposal}/reject", new { note = "Nej." });

        Assert.Equal(HttpStatusCode.Forbidden, confirm.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reject.StatusCode);
        var state = await app.QueryAsync(db => db.SceneStatusProposals.Where(p => p.Id == proposal).Select(p => p.State).SingleAsync());
        Assert.Equal(ProposalState.Pending, state);
    }

    [Fact]
    public async Task The_police_s_own_ceased_is_recorded_at_once_and_their_declining_waits_for_the_city()
    {
        using var police = app.ClientFor(Role.Police);
        using var coordinator = app.ClientFor(Role.Coordinator);
        var scene = await police.PostSceneAsync(Places.Next().Square(), status: "Active", statusAt: LagesbildFactory.Now.AddDays(-9));

        using var declining = await police.PostKeyedAsync($"/api/scenes/{scene.Id()}/status", new { status = "Declining", at = LagesbildFactory.Now.AddDays(-2), reason = "Färre." });
        var proposal = await declining.ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal("City", proposal.GetProperty("confirmingParty").GetString());
        var id = proposal.GetProperty("id").GetInt64();
        // The proposing organisation may not confirm its own proposal.
        using (var own = await police.PostKeyedAsync($"/api/scenes/{scene.Id()}/proposals/{id}/confirm", new { }))
            Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        using (var city = await coordinator.PostKeyedAsync($"/api/scenes/{scene.Id()}/proposals/{id}/confirm", new { }))
        {
            var confirmed = await city.ExpectAsync(HttpStatusCode.OK);
            var entry = confirmed.Props().GetProperty("history").EnumerateArray().Last();
            Assert.Equal(("Declining", "Färre.", LagesbildFactory.Now.AddDays(-2)), (entry.GetProperty("status").GetString(), entry.GetProperty("reason").GetString(), entry.GetProperty("at").GetDateTimeOffset()));
        }

        var ceased = await police.PostJsonAsync($"/api/scenes/{scene.Id()}/status", new { status = "Ceased", reason = "Borta." }, HttpStatusCode.OK);

        Assert.Equal("Ceased", ceased.Props().GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, ceased.Props().GetProperty("history").EnumerateArray().Last().GetProperty("confirmedBy").ValueKind);
    }

    [Fact]
    public async Task A_rejection_needs_a_note_stored_as_plain_text_and_leaves_the_status()
    {
        var (scene, proposal) = await ProposeCeasedAsync();
        using var police = app.ClientFor(Role.Police);
        const string hostile = "<script>alert('x')</script>'; DROP TABLE \"Scenes\"; --";

        using (var bare = await police.PostKeyedAsync($"/api/scenes/{scene}/proposals/{proposal}/reject", new { }))
            await bare.ExpectCodeAsync(HttpStatusCode.BadRequest, "note", "NoteNeeded");
        using (var malformed = await police.PostAsync($"/api/scenes/{scene}/proposals/{proposal}/reject", new StringContent("{\"note\": ", Encoding.UTF8, "application/json")))
            await malformed.ExpectProblemAsync(HttpStatusCode.BadRequest);
        using var response = await police.PostKeyedAsync($"/api/scenes/{scene}/proposals/{proposal}/reject", new { note = hostile });
        var rejected = await response.ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("Suspected", rejected.Props().GetProperty("status").GetString());
        var decided = Assert.Single(Proposals(rejected));
        Assert.Equal(("Rejected", hostile), (decided.GetProperty("state").GetString(), decided.GetProperty("note").GetString()));
        using var unknown = await police.PostKeyedAsync($"/api/scenes/{scene}/proposals/999999/confirm", new { });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.True(await app.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "reject-status" && a.EntityId == scene.ToString(CultureInfo.InvariantCulture))));
    }

    [Fact]
    public async Task One_proposal_at_a_time_and_a_retried_proposal_is_one()
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        var scene = await coordinator.PostSceneAsync(Places.Next().Square(), statusAt: LagesbildFactory.Now.AddDays(-3));
        var key = Guid.NewGuid().ToString();
        var body = new { status = "Active", reason = "<b>Bekräftad</b> av fältassistenter." };

        using var first = await coordinator.PostKeyedAsync($"/api/scenes/{scene.Id()}/status", body, key);
        var proposal = await first.ExpectAsync(HttpStatusCode.Accepted);
        using var retry = await coordinator.PostKeyedAsync($"/api/scenes/{scene.Id()}/status", body, key);
        var replayed = await retry.ExpectAsync(HttpStatusCode.Accepted);
        using var reused = await coordinator.PostKeyedAsync($"/api/scenes/{scene.Id()}/status", new { status = "Ceased", reason = "Annat." }, key);
        using var second = await coordinator.PostKeyedAsync($"/api/scenes/{scene.Id()}/status", new { status = "Ceased", reason = "Annat." });

        Assert.Equal(proposal.GetProperty("id").GetInt64(), replayed.GetProperty("id").GetInt64());
        Assert.Equal("<b>Bekräftad</b> av fältassistenter.", replayed.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        await second.ExpectCodeAsync(HttpStatusCode.Conflict, "status", "Pending");
        Assert.Equal(1, await app.QueryAsync(db => db.SceneStatusProposals.CountAsync(p => p.SceneId == scene.Id())));
    }

    [Fact]
    public async Task A_proposal_that_no_longer_follows_the_history_is_not_confirmed()
    {
        var (scene, proposal) = await ProposeCeasedAsync();
        using var police = app.ClientFor(Role.Police);
        // Meanwhile the police record the scene Ceased themselves (their own word needs no confirmation)...
        await police.PostJsonAsync($"/api/scenes/{scene}/status", new { status = "Ceased", reason = "Borta enligt oss." }, HttpStatusCode.OK);

        // ...so the city's Ceased no longer follows from the history.
        using var response = await police.PostKeyedAsync($"/api/scenes/{scene}/proposals/{proposal}/confirm", new { });

        await response.ExpectCodeAsync(HttpStatusCode.Conflict, "proposal", "NotAllowed");
        Assert.Equal(ProposalState.Pending, await app.QueryAsync(db => db.SceneStatusProposals.Where(p => p.Id == proposal).Select(p => p.State).SingleAsync()));
    }
}

public sealed class SceneProposalOnSqlite(TwoPartySqlite app) : SceneProposalTests<TwoPartySqlite>(app);

public sealed class SceneProposalOnPostgres(TwoPartyPostgres app) : SceneProposalTests<TwoPartyPostgres>(app);
