using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Lagesbild.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Builds the context options for either provider; the server and the migration tools share it.</summary>
public static class DataStore
{
    public const string SqliteMigrations = "Lagesbild.Migrations.Sqlite";
    public const string PostgresMigrations = "Lagesbild.Migrations.Postgres";

    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        if (provider == DatabaseProvider.Postgres)
            options.UseNpgsql(connectionString, o => o.UseNetTopologySuite().MigrationsAssembly(PostgresMigrations));
        else
            options.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrations)).AddInterceptors(SqliteBusyWait.Instance);
        options.AddInterceptors(AuditChainInterceptor.Instance);
        options.ReplaceService<IModelCacheKeyFactory, ProviderModelCacheKeyFactory>();
    }

    /// <summary>A SQLite file under the data folder, opened in WAL mode with durable commits.</summary>
    public static string SqliteConnectionString(string dataDirectory)
    {
        OwnerOnly.CreateFolder(dataDirectory);
        // SQLite gives its -wal and -shm files the mode of the database file.
        var file = Path.Combine(dataDirectory, "lagesbild.db");
        OwnerOnly.CreateFile(file);
        return new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public static async Task PrepareAsync(LagesbildDb db, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            // WAL keeps readers off the writer's back; synchronous=FULL makes each commit durable.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", cancellationToken);
        }
        await db.Database.MigrateAsync(cancellationToken);
        await LinkLegacyAuditAsync(db, cancellationToken);
    }

    /// <summary>
    /// Audit entries written before the log was chained have no hash: they are linked once, from the start, when they
    /// are all the log holds before its first chained entry. An empty hash after a chained entry is left for the
    /// chain check to report, so that clearing a hash cannot be used to relink a tampered log.
    /// </summary>
    private static async Task LinkLegacyAuditAsync(LagesbildDb db, CancellationToken cancellationToken)
    {
        var legacy = await db.AuditEntries.Where(a => a.Hash == "").OrderBy(a => a.Id).ToListAsync(cancellationToken);
        if (legacy.Count == 0)
            return;
        var firstChained = await db.AuditEntries.Where(a => a.Hash != "").MinAsync(a => (long?)a.Id, cancellationToken);
        if (firstChained is { } first && legacy[^1].Id > first)
            return;
        AuditChain.Link(AuditChain.Genesis, legacy);
        // Saved as updates (the interceptor chains only added entries).
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>
/// Makes SQLite wait for another writer with its own short back-off (1, 2, 5, 10 ms ...) on every connection. Left
/// to itself, the driver answers a busy database by sleeping 150 ms and trying again, which puts 150 ms on an alarm
/// whenever a background pass happens to be writing at the same moment.
/// </summary>
public sealed class SqliteBusyWait : DbConnectionInterceptor
{
    public static readonly SqliteBusyWait Instance = new();

    /// <summary>As long as a command may take: the driver's default command timeout.</summary>
    public const int Milliseconds = 30_000;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Set(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Set(connection);
        return Task.CompletedTask;
    }

    /// <summary>What <c>PRAGMA busy_timeout</c> does, called directly: no statement to prepare at each opening of a pooled connection.</summary>
    private static void Set(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
            SqliteException.ThrowExceptionForRC(SQLitePCL.raw.sqlite3_busy_timeout(handle, Milliseconds), handle);
    }
}
