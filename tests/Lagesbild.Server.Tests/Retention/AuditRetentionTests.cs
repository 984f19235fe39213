using Lagesbild.Core.Access;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Retention;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lagesbild.Server.Tests.Retention;

/// <summary>Audit entries past their period go oldest first, and the rest of the chain still verifies from the anchor.</summary>
public abstract class AuditRetentionTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private async Task<long> AuditAsync(string entityId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var trail = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        var user = new CurrentUser(app.UserIds[Role.Police], 1, "Test Police", [Role.Police]);
        trail.Add(user, "read", nameof(Observation), entityId, DataOwner.Police);
        await trail.SaveAsync(CancellationToken.None);
        return await scope.ServiceProvider.GetRequiredService<LagesbildDb>().AuditEntries.Where(a => a.EntityId == entityId).Select(a => a.Id).SingleAsync();
    }

    private static void Verifies(string anchor, IReadOnlyList<AuditEntry> chain)
    {
        var previous = anchor;
        foreach (var entry in chain)
        {
            Assert.Equal(previous, entry.PreviousHash);
            Assert.Equal(AuditChain.HashOf(entry), entry.Hash);
            previous = entry.Hash;
        }
    }

    [Fact]
    public async Task Old_entries_go_in_order_and_the_chain_starts_at_the_anchor()
    {
        var old = new List<long>();
        for (var i = 0; i < 5; i++)
            old.Add(await AuditAsync($"old-{i}"));
        app.Clock.Advance(TimeSpan.FromDays(300));
        var newer = await AuditAsync("newer");

        app.Clock.Advance(TimeSpan.FromDays(64));
        Assert.Equal(0, (await app.PassAsync())[RetentionPolicy.Audit]);

        app.Clock.Advance(TimeSpan.FromDays(2));
        var culled = await app.PassAsync();

        var lastOld = old[^1];
        Assert.False(await app.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.Id <= lastOld)));
        Assert.True(culled[RetentionPolicy.Audit] >= 5);
        var anchor = await app.QueryAsync(db => db.Settings.AsNoTracking().SingleAsync(s => s.Key == AuditChain.AnchorSetting));
        var remaining = await app.QueryAsync(db => db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(newer, remaining[0].Id);
        Verifies(anchor.Value, remaining);
        Assert.NotEqual(AuditChain.Genesis, anchor.Value);

        // Once every entry is culled, the next one still links to the anchor.
        app.Clock.Advance(TimeSpan.FromDays(366));
        await app.PassAsync();
        Assert.Equal(0, await app.QueryAsync(db => db.AuditEntries.CountAsync()));
        var lastCulledHash = remaining[^1].Hash;
        Assert.Equal(lastCulledHash, (await app.QueryAsync(db => db.Settings.AsNoTracking().SingleAsync(s => s.Key == AuditChain.AnchorSetting))).Value);
        await AuditAsync("after");
        Verifies(lastCulledHash, await app.QueryAsync(db => db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).ToListAsync()));
    }
}

public sealed class AuditRetentionOnSqlite(SqliteAuditRetention app) : AuditRetentionTests<SqliteAuditRetention>(app);

public sealed class AuditRetentionOnPostgres(PostgresAuditRetention app) : AuditRetentionTests<PostgresAuditRetention>(app);
