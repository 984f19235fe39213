using System.Net;
using Lagesbild.Data;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Cluster;

/// <summary>Two servers (or two migrations) starting at the same moment on one new, empty database.</summary>
public sealed class MigrationTests
{
    private static async Task<string[]> TwiceAppliedAsync(LagesbildDb db) =>
        [.. await db.Database.SqlQueryRaw<string>(
            "SELECT \"MigrationId\" AS \"Value\" FROM \"__EFMigrationsHistory\" GROUP BY \"MigrationId\" HAVING count(*) > 1").ToListAsync()];

    [Fact]
    public async Task Two_servers_starting_at_once_on_an_empty_PostgreSQL_database_both_start_and_the_schema_districts_and_first_administrator_are_made_once()
    {
        var database = await SharedStore.EmptyAsync();
        var first = new Node(database, accountsExist: false, dropAfter: true);
        var second = new Node(database, accountsExist: false);
        try
        {
            await Task.WhenAll(Task.Run(first.InitializeAsync), Task.Run(second.InitializeAsync));

            var (twice, applied, known, users, admins, districts, names) = await first.QueryAsync(async db => (
                await TwiceAppliedAsync(db),
                (await db.Database.GetAppliedMigrationsAsync()).Count(),
                db.Database.GetMigrations().Count(),
                await db.Users.CountAsync(),
                await db.Organisations.CountAsync(o => o.Name == "Administration"),
                await db.Districts.CountAsync(),
                await db.Districts.Select(d => d.Name).Distinct().CountAsync()));
            Assert.Empty(twice);
            Assert.Equal(known, applied);
            Assert.Equal(1, users);
            Assert.Equal(1, admins);
            Assert.True(districts > 0);
            Assert.Equal(names, districts);
            foreach (var node in new[] { first, second })
            {
                using var client = node.CreateClient();
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
                Assert.NotEmpty(await node.SignInAsync(Node.AdminEmail, LagesbildFactory.Password));
            }
        }
        finally
        {
            await second.StopAsync();
            await first.StopAsync();
        }
    }

    private static LagesbildDb Context(DatabaseProvider provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<LagesbildDb>();
        DataStore.Configure(options, provider, connectionString);
        return new LagesbildDb(options.Options);
    }

    /// <summary>
    /// Two migrations at once: on SQLite with Entity Framework's own lock alone (EF Core 9 and later); on PostgreSQL
    /// inside the server's start-up lock, since EF's lock alone let both run the first migration there ("relation
    /// already exists" on EF Core 10.0.15 with Npgsql 10.0.3).
    /// </summary>
    private static async Task MigrateTwiceAtOnceAsync(DatabaseProvider provider, string connectionString)
    {
        await using var one = Context(provider, connectionString);
        await using var two = Context(provider, connectionString);
        using var together = new Barrier(2);
        await Task.WhenAll(new[] { one, two }.Select(db => Task.Run(async () =>
        {
            together.SignalAndWait();
            await using var turn = await StartupLock.WaitAsync(db, CancellationToken.None);
            await db.Database.MigrateAsync();
        })));
        Assert.Empty(await TwiceAppliedAsync(one));
        Assert.Empty(await one.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Under_the_start_up_lock_each_migration_is_applied_once_when_two_migrate_an_empty_PostgreSQL_database_at_once()
    {
        var database = await SharedStore.EmptyAsync();
        try
        {
            await MigrateTwiceAtOnceAsync(DatabaseProvider.Postgres, database);
        }
        finally
        {
            await new SharedStore(database, dropAfter: true).DropAsync();
        }
    }

    [Fact]
    public async Task Entity_Framework_alone_applies_each_migration_once_when_two_migrate_an_empty_SQLite_file_at_once()
    {
        var folder = Directory.CreateTempSubdirectory("lagesbild-migrate-");
        try
        {
            await MigrateTwiceAtOnceAsync(DatabaseProvider.Sqlite, DataStore.SqliteConnectionString(folder.FullName));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }
}
