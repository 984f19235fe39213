using Lagesbild.Core.Alarms;
using Lagesbild.Core.Rounds;
using Lagesbild.Data;
using Lagesbild.Server.Features.Alarms;
using Lagesbild.Server.Features.Alarms.Dc09;
using Lagesbild.Server.Features.Meetings;
using Lagesbild.Server.Features.Notifications;
using Lagesbild.Server.Features.Rounds;
using Lagesbild.Server.Tests.Alarms;
using Lagesbild.Server.Tests.Infrastructure;
using Lagesbild.Server.Tests.Rounds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lagesbild.Server.Tests.Cluster;

/// <summary>
/// Two servers run the same background pass at the same moment, the second with its clock 30 s ahead: each item is
/// acted on once, and a claim left by a server that died is taken over after its lease and not before.
/// </summary>
public abstract class BackgroundPassTests<TPair>(TPair nodes) : IClassFixture<TPair>
    where TPair : NodePair
{
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);

    /// <summary>The claim on a message being sent, as configured by default (Notifications:ClaimSeconds).</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(new NotificationOptions().ClaimSeconds);

    private LagesbildFactory App => nodes.First;

    private async Task<int> SiteIdAsync() => (int)(await App.SiteAsync(Places.Next(), await App.HomeOrganisationAsync(), kind: "School")).Id();

    [Fact]
    public async Task Each_escalation_fires_once_when_two_servers_run_the_pass_at_once_one_of_them_30_s_ahead()
    {
        var deadline = LagesbildFactory.Now.AddHours(1);
        var siteId = await SiteIdAsync();
        var alarmIds = await App.QueryAsync(async db =>
        {
            var alarms = Enumerable.Range(0, 12).Select(_ => new Alarm
            {
                SiteId = siteId,
                Status = AlarmStatus.Dispatched,
                OpenedAt = deadline.AddMinutes(-1),
                LastEventAt = deadline.AddMinutes(-1),
                EventCount = 1,
                AcknowledgeBy = deadline,
            }).ToList();
            db.Alarms.AddRange(alarms);
            await db.SaveChangesAsync();
            return alarms.Select(a => a.Id).ToList();
        });
        App.Clock.AdjustTime(deadline.AddSeconds(1));

        var escalated = await nodes.AtOnceAsync<EscalationPass, int>(deadline.AddSeconds(1) + Skew, p => p.RunAsync(CancellationToken.None));

        var alarms = await App.QueryAsync(db => db.Alarms.AsNoTracking().Include(a => a.Timeline).Where(a => alarmIds.Contains(a.Id)).ToListAsync());
        Assert.Equal(alarmIds.Count, escalated.Sum());
        Assert.All(alarms, a =>
        {
            Assert.Equal(1, a.EscalationLevel);
            Assert.Single(a.Timeline, e => e.Action == AlarmTimeline.Escalated);
        });
    }

    [Fact]
    public async Task Each_missed_round_is_marked_and_told_once_when_two_servers_run_the_pass_at_once()
    {
        var deadline = LagesbildFactory.Now.AddDays(3);
        var sites = new List<int>();
        for (var i = 0; i < 4; i++)
            sites.Add(await SiteIdAsync());
        var roundIds = await App.QueryAsync(async db =>
        {
            var rounds = sites.Select(siteId => new Round
            {
                SiteId = siteId,
                Date = DateOnly.FromDateTime(deadline.UtcDateTime),
                Deadline = deadline,
                Status = RoundStatus.Due,
                CreatedAt = LagesbildFactory.Now,
            }).ToList();
            db.Rounds.AddRange(rounds);
            await db.SaveChangesAsync();
            return rounds.Select(r => r.Id).ToList();
        });
        App.Clock.AdjustTime(deadline.AddMinutes(1));

        var marked = await nodes.AtOnceAsync<MissedRounds, int>(deadline.AddMinutes(1) + Skew, p => p.MarkAsync(CancellationToken.None));

        var links = roundIds.Select(id => $"/rounds/{id}").ToList();
        var told = await App.QueryAsync(db => db.Notifications.AsNoTracking().Where(n => links.Contains(n.Link!)).Select(n => new { n.Link, n.UserId }).ToListAsync());
        var rounds = await App.QueryAsync(db => db.Rounds.AsNoTracking().Where(r => roundIds.Contains(r.Id)).ToListAsync());
        Assert.Equal(roundIds.Count, marked.Sum());
        Assert.All(rounds, r => Assert.Equal(RoundStatus.Missed, r.Status));
        Assert.All(links, link => Assert.Contains(told, t => t.Link == link));
        Assert.Equal(told.Count, told.Distinct().Count());
    }

    [Fact]
    public async Task Each_overdue_action_is_told_once_when_two_servers_run_the_pass_at_once()
    {
        var overdueAt = LagesbildFactory.Now.AddDays(5);
        var marker = Guid.NewGuid().ToString("N")[..8];
        var organisationId = await App.HomeOrganisationAsync();
        var actionIds = await App.QueryAsync(async db =>
        {
            var actions = Enumerable.Range(0, 5).Select(i => new AgreedAction
            {
                Text = $"Åtgärd {marker}-{i}",
                OwnerOrganisationId = organisationId,
                Due = DateOnly.FromDateTime(overdueAt.UtcDateTime),
                OverdueAt = overdueAt,
                Status = Core.Meetings.ActionStatus.Open,
                CreatedAt = LagesbildFactory.Now,
                UpdatedAt = LagesbildFactory.Now,
            }).ToList();
            db.AgreedActions.AddRange(actions);
            await db.SaveChangesAsync();
            return actions.Select(a => a.Id).ToList();
        });
        App.Clock.AdjustTime(overdueAt.AddMinutes(1));

        var told = await nodes.AtOnceAsync<OverdueActions, int>(overdueAt.AddMinutes(1) + Skew, p => p.NotifyAsync(CancellationToken.None));

        var notices = await App.QueryAsync(db => db.Notifications.AsNoTracking()
            .Where(n => n.Kind == OverdueActions.Kind && n.Text.Contains(marker)).Select(n => new { n.Text, n.UserId }).ToListAsync());
        Assert.Equal(actionIds.Count, told.Sum());
        Assert.Equal(actionIds.Count, await App.QueryAsync(db => db.AgreedActions.CountAsync(a => actionIds.Contains(a.Id) && a.OverdueNotifiedAt != null)));
        Assert.All(Enumerable.Range(0, actionIds.Count), i => Assert.Contains(notices, n => n.Text.Contains($"{marker}-{i}", StringComparison.Ordinal)));
        Assert.Equal(notices.Count, notices.Distinct().Count());
    }

    [Fact]
    public async Task A_silent_panel_raises_one_line_fault_alarm_and_its_next_message_clears_it_once_when_two_servers_supervise_at_once()
    {
        var start = App.Clock.GetUtcNow();
        var (_, siteId, _, panelId) = await Dc09Wire.PanelAsync(App, new Place(18.0760, 59.3180), supervisionSeconds: 60, graceSeconds: 30);
        foreach (var server in nodes.Both)
            server.GetRequiredService<PanelLines>().ListeningSince = start;
        var silent = start.AddMinutes(5);
        App.Clock.AdjustTime(silent);

        var raised = await nodes.AtOnceAsync<LineSupervision, int>(silent + Skew, s => s.RunAsync(CancellationToken.None));
        var faultId = await App.QueryAsync(db => db.PanelAccounts.Where(p => p.Id == panelId).Select(p => p.LineFaultAlarmId).SingleAsync());
        // The panel is heard from on both servers at once (a message and its repeat through the load balancer).
        await nodes.AtOnceAsync<LineSupervision, int>(silent + Skew, async s =>
        {
            await s.ClearAsync(panelId, silent, CancellationToken.None);
            return 0;
        });

        Assert.Equal(1, raised.Sum());
        Assert.NotNull(faultId);
        var alarms = await App.QueryAsync(db => db.Alarms.AsNoTracking().Include(a => a.Timeline).Where(a => a.SiteId == siteId).ToListAsync());
        var alarm = Assert.Single(alarms);
        Assert.Equal(faultId, alarm.Id);
        Assert.Equal(AlarmStatus.Cancelled, alarm.Status);
        Assert.Single(alarm.Timeline, e => e.Action == AlarmTimeline.Cancelled);
        Assert.Null(await App.QueryAsync(db => db.PanelAccounts.Where(p => p.Id == panelId).Select(p => p.LineFaultAlarmId).SingleAsync()));
    }

    private async Task<List<long>> OutboxAsync(string url, int count, DateTimeOffset due, DateTimeOffset? claimedUntil = null) =>
        await App.QueryAsync(async db =>
        {
            var messages = Enumerable.Range(0, count).Select(i => new OutboxMessage
            {
                Channel = OutboxChannel.Webhook,
                Recipient = url,
                Subject = "cluster-test",
                Body = $"{{\"n\":{i}}}",
                CreatedAt = due,
                NextAttemptAt = claimedUntil ?? due,
            }).ToList();
            db.OutboxMessages.AddRange(messages);
            await db.SaveChangesAsync();
            return messages.Select(m => m.Id).ToList();
        });

    private static string KeyOf(long id) => $"lagesbild-outbox-{id}";

    [Fact]
    public async Task Each_outbox_message_is_sent_once_when_two_servers_run_the_outbox_at_once()
    {
        using var receiver = new WebhookReceiver();
        var now = App.Clock.GetUtcNow();
        var ids = await OutboxAsync(receiver.Url, 40, now);

        var sent = await nodes.AtOnceAsync<OutboxDispatcher, int>(now + Skew, d => d.DeliverDueAsync(CancellationToken.None));

        Assert.Equal(ids.Count, sent.Sum());
        Assert.All(ids, id => Assert.Equal(1, receiver.Keys.GetValueOrDefault(KeyOf(id))));
        Assert.Equal(ids.Count, await App.QueryAsync(db => db.OutboxMessages.CountAsync(m => ids.Contains(m.Id) && m.SentAt != null)));
    }

    [Fact]
    public async Task A_server_30_s_ahead_does_not_take_a_message_that_another_server_is_sending()
    {
        using var receiver = new WebhookReceiver();
        var now = App.Clock.GetUtcNow();
        var id = Assert.Single(await OutboxAsync(receiver.Url, 1, now));
        receiver.Hold();

        // The first server claims the message and waits for the slow receiver; meanwhile the second runs the outbox.
        var first = App.RunAsync<OutboxDispatcher, int>(d => d.DeliverDueAsync(CancellationToken.None));
        await receiver.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var second = await nodes.OnSecondAsync<OutboxDispatcher, int>(now + Skew, d => d.DeliverDueAsync(CancellationToken.None));
        receiver.Release();

        Assert.Equal(1, await first);
        Assert.Equal(0, second);
        Assert.Equal(1, receiver.Keys[KeyOf(id)]);
        Assert.NotNull(await App.QueryAsync(db => db.OutboxMessages.Where(m => m.Id == id).Select(m => m.SentAt).SingleAsync()));
    }

    [Fact]
    public async Task A_message_claimed_by_a_server_that_died_is_sent_once_after_its_lease_and_not_before()
    {
        using var receiver = new WebhookReceiver();
        var claimedAt = App.Clock.GetUtcNow().AddHours(2);
        // As a server leaves it that claimed the message at claimedAt and died before sending it.
        var id = Assert.Single(await OutboxAsync(receiver.Url, 1, claimedAt, claimedAt + Lease));

        App.Clock.AdjustTime(claimedAt + Lease - TimeSpan.FromSeconds(1));
        var before = await App.RunAsync<OutboxDispatcher, int>(d => d.DeliverDueAsync(CancellationToken.None));
        Assert.False(receiver.Keys.ContainsKey(KeyOf(id)));
        App.Clock.AdjustTime(claimedAt + Lease);
        var after = await nodes.AtOnceAsync<OutboxDispatcher, int>(claimedAt + Lease + Skew, d => d.DeliverDueAsync(CancellationToken.None));

        Assert.Equal(0, before);
        Assert.Equal(1, after.Sum());
        Assert.Equal(1, receiver.Keys[KeyOf(id)]);
    }
}

public sealed class BackgroundPassesOnSqlite(SqlitePair nodes) : BackgroundPassTests<SqlitePair>(nodes);

public sealed class BackgroundPassesOnPostgres(PostgresPair nodes) : BackgroundPassTests<PostgresPair>(nodes);
