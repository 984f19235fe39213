using Lagesbild.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Lagesbild.Server.Tests.Infrastructure;

/// <summary>A database of one test factory's own: created before the server starts, removed after it stops.</summary>
public abstract class TestStore
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>Creates the database; answers the connection string to configure, or null to use the data folder.</summary>
    public abstract Task<string?> CreateAsync();

    public abstract Task DropAsync();
}

/// <summary>A SQLite file in the factory's temporary data folder.</summary>
public sealed class SqliteStore : TestStore
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override Task<string?> CreateAsync() => Task.FromResult<string?>(null);

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

    public override async Task<string?> CreateAsync()
    {
        _server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(_server))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set. Run the tests with scripts/test: it starts a throwaway PostgreSQL with PostGIS " +
                $"and sets {Variable} to a superuser connection string (Host=127.0.0.1;Port=...;Username=postgres;Database=postgres).");
        }
        await ExecuteAsync($"CREATE DATABASE \"{_name}\"");
        _database = new NpgsqlConnectionStringBuilder(_server) { Database = _name }.ConnectionString;
        return _database;
    }

    public override async Task DropAsync()
    {
        if (_database is null)
            return;
        await using (var connection = new NpgsqlConnection(_database))
            NpgsqlConnection.ClearPool(connection);
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
