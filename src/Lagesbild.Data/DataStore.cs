using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
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
            options.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrations));
        options.ReplaceService<IModelCacheKeyFactory, ProviderModelCacheKeyFactory>();
    }

    /// <summary>A SQLite file under the data folder, opened in WAL mode with durable commits.</summary>
    public static string SqliteConnectionString(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "lagesbild.db"),
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
    }
}
