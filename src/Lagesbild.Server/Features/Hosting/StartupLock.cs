using Lagesbild.Data;
using Medallion.Threading.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Lagesbild.Server.Features.Hosting;

/// <summary>
/// Servers that start at once on one PostgreSQL database prepare it one after the other. Entity Framework takes a
/// lock of its own around migrations (since EF Core 9), but the steps after them look before they write (the first
/// administrator when there are no users, the districts when there are none), and two servers looking at once would
/// both write, or one would fail to start. A session advisory lock, held until the steps are done, makes the second
/// server wait and then find everything in place; a server that dies while holding it lets it go with its
/// connection. SQLite is one server process.
/// </summary>
public static class StartupLock
{
    public static async Task<IAsyncDisposable> WaitAsync(LagesbildDb db, CancellationToken ct)
    {
        if (!db.IsPostgres)
            return PassHandle.Unshared;
        await EnsureDatabaseAsync(db, ct);
        var connectionString = db.Database.GetConnectionString()
            ?? throw new InvalidOperationException("The database has no connection string.");
        var turn = await new PostgresDistributedLock(new PostgresAdvisoryLockKey("lagesbild-startup", allowHashing: true), connectionString, o => o.UseMultiplexing(false))
            .AcquireAsync(cancellationToken: ct);
        await ReloadTypesAsync(db, ct);
        return turn;
    }

    /// <summary>
    /// While this server waited, another may have migrated a new database and so created PostGIS's types; the
    /// connections opened before that (to look for the database) read the types without them, and a district's
    /// polygon could not be read. So the types are read again once it is this server's turn.
    /// </summary>
    private static async Task ReloadTypesAsync(LagesbildDb db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await ((NpgsqlConnection)db.Database.GetDbConnection()).ReloadTypesAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The lock lives in the database, so a new installation's empty database is created first (by one server; the other finds it).</summary>
    private static async Task EnsureDatabaseAsync(LagesbildDb db, CancellationToken ct)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(ct))
            return;
        try
        {
            await creator.CreateAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another server created it a moment ago.
        }
    }
}
