using Lagesbild.Core.Access;
using Lagesbild.Data;
using Lagesbild.Server.Tests.Infrastructure;
using Npgsql;

namespace Lagesbild.Server.Tests.Cluster;

/// <summary>A PostgreSQL database that another node made (or that starts empty): this node uses it as it is.</summary>
public sealed class SharedStore(string connectionString, bool dropAfter = false) : TestStore
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override Task<string?> CreateAsync(string dataDirectory) => Task.FromResult<string?>(connectionString);

    public override async Task DropAsync()
    {
        await using (var connection = new NpgsqlConnection(connectionString))
            NpgsqlConnection.ClearPool(connection);
        if (dropAfter)
            await PostgresStore.ExecuteAsync(Server, $"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(connectionString).Database}\" WITH (FORCE)");
    }

    public static string Server => Environment.GetEnvironmentVariable(PostgresStore.Variable)
        ?? throw new InvalidOperationException($"{PostgresStore.Variable} is not set.");

    /// <summary>A new database with nothing in it, as a new installation finds it.</summary>
    public static async Task<string> EmptyAsync()
    {
        var name = $"lagesbild_empty_{Guid.NewGuid():N}";
        await PostgresStore.ExecuteAsync(Server, $"CREATE DATABASE \"{name}\"");
        return new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString;
    }
}

/// <summary>
/// Another server on a database it shares with others, with a clock of its own. It signs in with the accounts the
/// first node made, or (on a new installation) makes none and starts with the first administrator from settings.
/// </summary>
public sealed class Node(string connectionString, bool accountsExist = true, bool dropAfter = false, IEnumerable<KeyValuePair<string, string>>? settings = null)
    : LagesbildFactory(new SharedStore(connectionString, dropAfter))
{
    public const string AdminEmail = "first-admin@test.example";

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => settings ??
    [
        new("Bootstrap:AdminEmail", AdminEmail),
        new("Bootstrap:AdminPassword", Password),
    ];

    protected override Task<IReadOnlyList<(Role Role, string Email, string Password)>> CreateAccountsAsync() =>
        Task.FromResult<IReadOnlyList<(Role, string, string)>>(accountsExist
            ? Enum.GetValues<Role>().Select(role => (role, EmailOf(role), Password)).ToList()
            : []);

    /// <summary>Stops the node; the database stays for the others unless this node was told to drop it.</summary>
    public Task StopAsync() => ((IAsyncLifetime)this).DisposeAsync();
}
