using System.Globalization;
using System.Net;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Data;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Audit;

/// <summary>
/// The chain check: valid on an untouched log, and a changed, removed, forged or replayed entry is found. Each test
/// starts from an empty log (a chain of its own), so that one test's tampering does not break the next one's.
/// </summary>
public abstract class AuditChainTests<TFactory>(TFactory app) : IClassFixture<TFactory>, IAsyncLifetime
    where TFactory : LagesbildFactory
{
    private const string Columns = "\"At\", \"UserId\", \"ActorName\", \"OrganisationId\", \"Action\", \"Entity\", \"EntityId\", \"Owner\", \"Count\", \"Route\", \"Purpose\", \"Detail\"";

    public Task InitializeAsync() => EmptyLogAsync();

    public Task DisposeAsync() => EmptyLogAsync();

    private Task EmptyLogAsync() => app.QueryAsync(async db =>
    {
        await db.AuditEntries.ExecuteDeleteAsync();
        return await db.Settings.Where(s => s.Key == AuditChain.AnchorSetting).ExecuteDeleteAsync();
    });

    /// <summary>Entries written the way the product writes them: a restricted observation, recorded and read by the police.</summary>
    private async Task<List<long>> EntriesAsync(int reads)
    {
        var id = await app.RestrictedObservationAsync();
        using var police = app.ClientFor(Role.Police);
        for (var i = 0; i < reads; i++)
            await police.GetJsonAsync($"/api/observations/{id}");
        return await app.QueryAsync(db => db.AuditEntries.OrderBy(a => a.Id).Select(a => a.Id).ToListAsync());
    }

    private async Task<JsonElement> VerifyAsync(Role role = Role.DataProtection)
    {
        using var client = app.ClientFor(role);
        return await client.GetJsonAsync("/api/audit/verify");
    }

    private static void AssertBrokenAt(JsonElement check, long id)
    {
        Assert.False(check.GetProperty("valid").GetBoolean(), check.ToString());
        Assert.Equal(id, check.GetProperty("firstBrokenId").GetInt64());
        Assert.Contains(id.ToString(CultureInfo.InvariantCulture), check.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    private Task<int> SqlAsync(FormattableString sql) => app.QueryAsync(db => db.Database.ExecuteSqlAsync(sql));

    private Task<int> RawSqlAsync(string sql, params object[] values) => app.QueryAsync(db => db.Database.ExecuteSqlRawAsync(sql, values));

    [Theory]
    [InlineData(Role.Police)]
    [InlineData(Role.SocialServices)]
    [InlineData(Role.DataProtection)]
    public async Task A_fresh_log_verifies(Role role)
    {
        var ids = await EntriesAsync(reads: 3);

        var check = await VerifyAsync(role);

        Assert.True(check.GetProperty("valid").GetBoolean(), check.ToString());
        Assert.Equal(ids.Count, check.GetProperty("checked").GetInt64());
        Assert.Equal(JsonValueKind.Null, check.GetProperty("firstBrokenId").ValueKind);
        // The check is itself recorded, and the chain stays whole after it.
        var userId = app.UserIds[role];
        Assert.True(await app.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.UserId == userId && a.Action == "read-audit" && a.Detail!.StartsWith("verify: valid"))));
        Assert.True((await VerifyAsync()).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task An_empty_log_verifies()
    {
        var check = await VerifyAsync();

        Assert.True(check.GetProperty("valid").GetBoolean());
        Assert.Equal(0, check.GetProperty("checked").GetInt64());
    }

    [Fact]
    public async Task A_changed_entry_is_found()
    {
        var ids = await EntriesAsync(reads: 3);
        var changed = ids[2];

        await SqlAsync($"UPDATE \"AuditEntries\" SET \"Detail\" = 'Internal Dealing' WHERE \"Id\" = {changed}");
        var check = await VerifyAsync();

        AssertBrokenAt(check, changed);
        Assert.Equal(2, check.GetProperty("checked").GetInt64());
        Assert.Contains("changed", check.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_removed_entry_is_found_at_the_one_after_it()
    {
        var ids = await EntriesAsync(reads: 3);

        await SqlAsync($"DELETE FROM \"AuditEntries\" WHERE \"Id\" = {ids[1]}");
        var check = await VerifyAsync();

        AssertBrokenAt(check, ids[2]);
        Assert.Contains("removed", check.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_entry_with_a_made_up_hash_is_found()
    {
        var ids = await EntriesAsync(reads: 2);
        var newest = ids[^1];
        var head = await app.QueryAsync(db => db.AuditEntries.Where(a => a.Id == newest).Select(a => a.Hash).SingleAsync());
        var madeUp = new string('a', 64);

        // Linked right after the newest entry, but its hash is not the hash of its content.
        await RawSqlAsync(
            $"INSERT INTO \"AuditEntries\" ({Columns}, \"PreviousHash\", \"Hash\") " +
            "SELECT \"At\", \"UserId\", \"ActorName\", \"OrganisationId\", 'read', \"Entity\", '999999', \"Owner\", \"Count\", \"Route\", \"Purpose\", 'forged', {0}, {1} " +
            "FROM \"AuditEntries\" WHERE \"Id\" = {2}",
            head, madeUp, ids[0]);
        var forged = await app.QueryAsync(db => db.AuditEntries.MaxAsync(a => a.Id));
        var check = await VerifyAsync();

        AssertBrokenAt(check, forged);
        Assert.Equal(ids.Count, check.GetProperty("checked").GetInt64());
    }

    [Fact]
    public async Task A_replayed_copy_of_an_entry_is_found()
    {
        var ids = await EntriesAsync(reads: 2);

        // An exact copy (hash and all) of a real entry, appended: its own hash is right, its place in the chain is not.
        await RawSqlAsync(
            $"INSERT INTO \"AuditEntries\" ({Columns}, \"PreviousHash\", \"Hash\") SELECT {Columns}, \"PreviousHash\", \"Hash\" FROM \"AuditEntries\" WHERE \"Id\" = {{0}}",
            ids[1]);
        var replayed = await app.QueryAsync(db => db.AuditEntries.MaxAsync(a => a.Id));
        var check = await VerifyAsync();

        AssertBrokenAt(check, replayed);
        Assert.Contains("replayed", check.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_retention_culled_the_oldest_the_chain_starts_at_the_anchor()
    {
        var ids = await EntriesAsync(reads: 5);
        var lastCulled = ids[2];
        var anchor = await app.QueryAsync(db => db.AuditEntries.Where(a => a.Id == lastCulled).Select(a => a.Hash).SingleAsync());
        await SqlAsync($"DELETE FROM \"AuditEntries\" WHERE \"Id\" <= {lastCulled}");

        // Culled without an anchor: the first entry left does not follow the genesis.
        AssertBrokenAt(await VerifyAsync(), ids[3]);

        await app.QueryAsync(db =>
        {
            db.Settings.Add(new Setting { Key = AuditChain.AnchorSetting, Value = anchor, UpdatedAt = LagesbildFactory.Now });
            return db.SaveChangesAsync();
        });
        var check = await VerifyAsync();

        Assert.True(check.GetProperty("valid").GetBoolean(), check.ToString());
        Assert.Equal(ids.Count - 3 + 1, check.GetProperty("checked").GetInt64());
    }

    [Fact]
    public async Task Concurrent_readers_make_one_unbroken_chain()
    {
        var id = await app.RestrictedObservationAsync();
        var clients = Enumerable.Range(0, 20).Select(_ => app.ClientFor(Role.Police)).ToList();

        await Task.WhenAll(clients.Select(c => c.GetJsonAsync($"/api/observations/{id}")));
        clients.ForEach(c => c.Dispose());
        var check = await VerifyAsync();

        var reads = await app.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Action == "read" && a.EntityId == id.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(20, reads);
        Assert.True(check.GetProperty("valid").GetBoolean(), check.ToString());
        Assert.Equal(21, check.GetProperty("checked").GetInt64());
        // Every entry names a different predecessor: no two were linked to the same head.
        var previous = await app.QueryAsync(db => db.AuditEntries.Select(a => a.PreviousHash).ToListAsync());
        Assert.Equal(previous.Count, previous.Distinct().Count());
    }
}

public sealed class AuditChainOnSqlite(SqliteLagesbild app) : AuditChainTests<SqliteLagesbild>(app);

public sealed class AuditChainOnPostgres(PostgresLagesbild app) : AuditChainTests<PostgresLagesbild>(app);
