using Lagesbild.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Lagesbild.Server.Tests.Infrastructure;

/// <summary>A database of one test factory's own: created before the server starts, removed after it stops.</summary>
public abstract class TestStore
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>
    /// Creates the database, migrated as the server would find it after its first start; answers the connection string
    /// to configure, or null to use the database file in the server's data folder.
    /// </summary>
    public abstract Task<string?> CreateAsync(string dataDirectory);

    public abstract Task DropAsync();
}

/// <summary>A SQLite file in the factory's temporary data folder.</summary>
public sealed class SqliteStore : TestStore
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    /// <summary>
    /// A database file migrated once per test run, which each factory's file is copied from, as PostgreSQL's databases
    /// are from their template: applying every migration from the first again was a second of each SQLite factory's
    /// start. The server's own start then finds every migration applied.
    /// </summary>
    private static readonly Lazy<Task<string>> Template = new(MigrateTemplateAsync);

    public override async Task<string?> CreateAsync(string dataDirectory)
    {
        var template = await Template.Value;
        var file = Path.Combine(dataDirectory, Path.GetFileName(template));
        OwnerOnly.CreateFolder(dataDirectory);
        File.Copy(template, file);
        OwnerOnly.Restrict(file);
        return null;
    }

    private static async Task<string> MigrateTemplateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"lagesbild-template-{Guid.NewGuid():N}");
        // Not pooled, so that the file is whole and closed (its write-ahead log checkpointed) once the context goes.
        var connectionString = new SqliteConnectionStringBuilder(DataStore.SqliteConnectionString(folder)) { Pooling = false };
        var options = new DbContextOptionsBuilder<LagesbildDb>();
        DataStore.Configure(options, DatabaseProvider.Sqlite, connectionString.ToString());
        await using (var db = new LagesbildDb(options.Options))
            await DataStore.PrepareAsync(db, CancellationToken.None);
        if (File.Exists(connectionString.DataSource + "-wal"))
            throw new InvalidOperationException($"The template database {connectionString.DataSource} was left open.");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Only a temporary folder is left behind.
            }
        };
        return connectionString.DataSource;
    }

    public override Task DropAsync()
    {
        // Pooled connections keep the file open; let it go so the folder can be removed.
        SqliteConnection.ClearAllPools();
        return Task.CompletedTask;
    }
}

/// <summary>A uniquely named database on the throwaway PostgreSQL server that scripts/test starts.</summary>
public sealed class PostgresStore : TestStore
{
    public const string Variable = "LAGESBILD_TEST_POSTGRES";

    private readonly string _name = $"lagesbild_test_{Guid.NewGuid():N}";
    private string? _server;
    private string? _database;

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override async Task<string?> CreateAsync(string dataDirectory)
    {
        _server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(_server))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set. Run the tests with scripts/test: it starts a throwaway PostgreSQL with PostGIS " +
                $"and sets {Variable} to a superuser connection string (Host=127.0.0.1;Port=...;Username=postgres;Database=postgres).");
        }
        var template = await TemplateAsync(_server);
        await ExecuteAsync(_server, $"CREATE DATABASE \"{_name}\" TEMPLATE \"{template}\"");
        _database = new NpgsqlConnectionStringBuilder(_server) { Database = _name }.ConnectionString;
        return _database;
    }

    private static readonly SemaphoreSlim TemplateOnce = new(1, 1);
    private static string? _template;

    /// <summary>
    /// A database migrated once per test run, which each test's database is copied from: copying is a file copy,
    /// where applying every migration from the first again is most of a fixture's start. The server's own start then
    /// finds every migration applied. Dropped when the test process ends (the throwaway server goes anyway).
    /// </summary>
    private static async Task<string> TemplateAsync(string server)
    {
        await TemplateOnce.WaitAsync();
        try
        {
            if (_template is { } made)
                return made;
            var name = $"lagesbild_template_{Guid.NewGuid():N}";
            await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"");
            var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
            var options = new DbContextOptionsBuilder<LagesbildDb>();
            DataStore.Configure(options, DatabaseProvider.Postgres, connectionString);
            await using (var db = new LagesbildDb(options.Options))
                await DataStore.PrepareAsync(db, CancellationToken.None);
            // A template may be copied only while nobody is connected to it.
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()");
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").GetAwaiter().GetResult();
                }
                catch (NpgsqlException)
                {
                    // The server may be gone first; a throwaway server takes the template with it.
                }
            };
            return _template = name;
        }
        finally
        {
            TemplateOnce.Release();
        }
    }

    public override async Task DropAsync()
    {
        if (_database is null)
            return;
        await using (var connection = new NpgsqlConnection(_database))
            NpgsqlConnection.ClearPool(connection);
        await ExecuteAsync(_server!, $"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
    }

    public static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
