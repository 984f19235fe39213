using Lagesbild.Data;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Lagesbild.Server.Tests.Rounds;
using Microsoft.Extensions.Hosting;

namespace Lagesbild.Server.Tests.Cluster;

/// <summary>Two servers on one PostgreSQL database take turns at each background pass (an advisory lock per pass).</summary>
public sealed class PassLockTests(PostgresPair nodes) : IClassFixture<PostgresPair>
{
    private PassLocks LocksOf(IServiceProvider services) => services.GetRequiredService<PassLocks>();

    /// <summary>Ends the database sessions that hold advisory locks, as when the process holding them is killed.</summary>
    private async Task<int> KillLockHoldersAsync() => (await nodes.First.QueryAsync(db => db.Database.SqlQueryRaw<bool>(
        """
        SELECT pg_terminate_backend(pid) AS "Value" FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
        """).ToListAsync())).Count(killed => killed);

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
        Assert.True(await KillLockHoldersAsync() >= 1);
        await using var taken = await second.TryTakeAsync(pass, CancellationToken.None);

        Assert.NotNull(taken);
        // The server whose connection broke is told, so that its pass stops.
        await Task.Delay(Timeout.Infinite, dying.Lost).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(dying.Lost.IsCancellationRequested);
        await dying.DisposeAsync();
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
}
