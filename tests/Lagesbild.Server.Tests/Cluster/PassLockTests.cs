using Lagesbild.Data;
using Lagesbild.Server.Features.Alarms;
using Lagesbild.Server.Features.Alarms.Dc09;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Lagesbild.Server.Tests.Alarms;
using Lagesbild.Server.Tests.Infrastructure;
using Lagesbild.Server.Tests.Rounds;
using Microsoft.Extensions.Hosting;

namespace Lagesbild.Server.Tests.Cluster;

/// <summary>Two servers on one PostgreSQL database take turns at each background pass (an advisory lock per pass).</summary>
public sealed class PassLockTests(PostgresPair nodes) : IClassFixture<PostgresPair>
{
    private PassLocks LocksOf(IServiceProvider services) => services.GetRequiredService<PassLocks>();

    /// <summary>
    /// Ends the database session that holds the pass's advisory lock, as when the process holding it is killed, and waits
    /// until it has ended (termination is a signal: the lock outlives the call by a moment). Only that session: the other
    /// server's connection, which may hold its own workers' passes, stays up.
    /// </summary>
    private async Task<int> KillHolderAsync(string pass) => (await nodes.First.QueryAsync(db => db.Database.SqlQueryRaw<bool>(
        """
        SELECT pg_terminate_backend(pid, 10000) AS "Value" FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 1
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND ((classid::bigint << 32) | objid::bigint) = {0}
        """, PassLocks.KeyOf(pass)).ToListAsync())).Count(killed => killed);

    [Fact]
    public async Task A_pass_held_by_one_server_is_skipped_by_the_other_and_taken_over_at_once_when_the_holder_dies()
    {
        var first = LocksOf(nodes.First.Services);
        var second = LocksOf(nodes.Second.Services);
        var pass = $"test-{Guid.NewGuid():N}";

        await using (var held = await first.TryTakeAsync(pass, CancellationToken.None))
        {
            Assert.NotNull(held);
            Assert.Null(await second.TryTakeAsync(pass, CancellationToken.None));
        }
        await using (var next = await second.TryTakeAsync(pass, CancellationToken.None))
            Assert.NotNull(next);

        var dying = await first.TryTakeAsync(pass, CancellationToken.None);
        Assert.NotNull(dying);
        Assert.Null(await second.TryTakeAsync(pass, CancellationToken.None));
        Assert.True(await KillHolderAsync(pass) == 1);
        await using var taken = await second.TryTakeAsync(pass, CancellationToken.None);

        Assert.NotNull(taken);
        // The server whose connection broke is told, so that its pass stops.
        await Task.Delay(Timeout.Infinite, dying.Lost).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(dying.Lost.IsCancellationRequested);
        await dying.DisposeAsync();
    }

    [Fact]
    public async Task A_pass_is_not_taken_twice_within_one_server_and_a_server_whose_connection_broke_takes_passes_again()
    {
        var first = LocksOf(nodes.First.Services);
        var pass = $"test-{Guid.NewGuid():N}";

        await using (var held = await first.TryTakeAsync(pass, CancellationToken.None))
        {
            Assert.NotNull(held);
            // An advisory lock is re-entrant within its session: the server itself must refuse the second taker.
            Assert.Null(await first.TryTakeAsync(pass, CancellationToken.None));
            Assert.True(await KillHolderAsync(pass) == 1);
        }
        // The release found its connection gone; the next take opens a new one.
        await using var again = await first.TryTakeAsync(pass, CancellationToken.None);
        Assert.NotNull(again);
        Assert.Null(await LocksOf(nodes.Second.Services).TryTakeAsync(pass, CancellationToken.None));
    }

    [Fact]
    public async Task The_outbox_worker_of_a_server_skips_its_pass_while_another_server_runs_it_and_runs_it_after()
    {
        using var receiver = new WebhookReceiver();
        var now = nodes.First.Clock.GetUtcNow();
        var id = await nodes.First.QueryAsync(async db =>
        {
            var message = new OutboxMessage { Channel = OutboxChannel.Webhook, Recipient = receiver.Url, Subject = "lock-test", Body = "{}", CreatedAt = now, NextAttemptAt = now };
            db.OutboxMessages.Add(message);
            await db.SaveChangesAsync();
            return message.Id;
        });
        nodes.Second.Clock.AdjustTime(now);
        var worker = nodes.Second.Services.GetServices<IHostedService>().OfType<OutboxWorker>().Single();

        IReadOnlyList<string> whileHeld;
        await using (await LocksOf(nodes.First.Services).TryTakeAsync($"{nameof(OutboxWorker)}/deliver", CancellationToken.None))
            whileHeld = await worker.RunOnceAsync(CancellationToken.None);
        var sentWhileHeld = receiver.Keys.Count;
        var after = await worker.RunOnceAsync(CancellationToken.None);

        Assert.Empty(whileHeld);
        Assert.Equal(0, sentWhileHeld);
        Assert.Equal(["deliver"], after);
        Assert.Equal(1, receiver.Keys[$"lagesbild-outbox-{id}"]);
    }

    [Fact]
    public async Task A_panel_heard_through_one_server_is_not_taken_for_silent_by_the_server_that_runs_line_supervision()
    {
        var start = nodes.First.Clock.GetUtcNow();
        nodes.Second.Clock.AdjustTime(start);
        var (_, siteId, _, panelId) = await Dc09Wire.PanelAsync(nodes.First, new Place(18.0790, 59.3190), supervisionSeconds: 60, graceSeconds: 30);
        foreach (var server in new[] { nodes.First.Services, nodes.Second.Services })
            server.GetRequiredService<PanelLines>().ListeningSince = start;
        var keepers = new[] { nodes.First.Services, nodes.Second.Services }
            .Select(s => s.GetServices<IHostedService>().OfType<AlarmKeeper>().Single()).ToList();

        // The panel's line goes to the second server; the first holds the line supervision pass.
        await nodes.Second.Services.GetRequiredService<PanelLines>().HeardAsync(panelId, start.AddSeconds(80), nodes.Second.Services, CancellationToken.None);
        foreach (var node in new[] { nodes.First, nodes.Second })
            node.Clock.AdjustTime(start.AddSeconds(100));
        IReadOnlyList<string> secondRan;
        await using (await LocksOf(nodes.First.Services).TryTakeAsync($"{nameof(AlarmKeeper)}/line-supervision", CancellationToken.None))
            secondRan = await keepers[1].RunOnceAsync(CancellationToken.None);
        var firstRan = await keepers[0].RunOnceAsync(CancellationToken.None);

        Assert.Contains("panel lines", secondRan);
        Assert.DoesNotContain("line-supervision", secondRan);
        Assert.Contains("line-supervision", firstRan);
        Assert.Equal(start.AddSeconds(80), await nodes.First.QueryAsync(db => db.PanelAccounts.Where(p => p.Id == panelId).Select(p => p.LastMessageAt).SingleAsync()));
        Assert.Equal(0, await nodes.First.QueryAsync(db => db.Alarms.CountAsync(a => a.SiteId == siteId)));
    }
}
