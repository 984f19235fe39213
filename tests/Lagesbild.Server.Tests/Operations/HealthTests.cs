using System.Net;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Lagesbild.Server.Tests.Operations;

/// <summary>The load balancer's probes on a server without telemetry: live, ready, and /health as before.</summary>
public abstract class HealthTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    protected TFactory App => app;

    [Theory]
    [InlineData("/health")]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Each_probe_answers_healthy_without_sign_in(string probe)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(probe);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", string.Join("", response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task Without_Prometheus_switched_on_there_is_no_metrics_endpoint()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

public sealed class HealthOnSqlite(SqliteLagesbild app) : HealthTests<SqliteLagesbild>(app);

public sealed class HealthOnPostgres(PostgresLagesbild app) : HealthTests<PostgresLagesbild>(app)
{
    /// <summary>
    /// The database stops taking connections and drops the ones it has (as in a restart): the node is no longer ready,
    /// yet alive (a load balancer takes it out, nothing restarts it), and ready again once the database is back.
    /// </summary>
    [Fact]
    public async Task Ready_fails_while_the_database_is_unreachable_and_live_does_not()
    {
        var database = new NpgsqlConnectionStringBuilder(App.Services.GetRequiredService<IConfiguration>().GetConnectionString("Lagesbild")).Database!;
        using var client = App.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        try
        {
            await AdministerAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false", $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");

            using var ready = await client.GetAsync("/health/ready");
            using var health = await client.GetAsync("/health");
            using var live = await client.GetAsync("/health/live");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            await AdministerAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
        }
        // Connections the pool held from before are found broken one by one; the node needs no restart.
        Assert.True(await ReadyWithinAsync(client, TimeSpan.FromSeconds(20)), "The node did not become ready again after the database came back.");
    }

    private static async Task<bool> ReadyWithinAsync(HttpClient client, TimeSpan limit)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (started.Elapsed < limit)
        {
            using var ready = await client.GetAsync("/health/ready");
            if (ready.StatusCode == HttpStatusCode.OK)
                return true;
            await Task.Delay(200);
        }
        return false;
    }

    private static async Task AdministerAsync(params string[] statements)
    {
        await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable(PostgresStore.Variable));
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>A server told to use a Redis that is not there (a closed port on this machine).</summary>
public sealed class UnreachableRedis() : LagesbildFactory(new SqliteStore())
{
    // A port that was free a moment ago: nothing listens there.
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => [new("Redis:Connection", $"127.0.0.1:{FakeCollector.FreePort()}")];
}

/// <summary>A server with the test Redis (LAGESBILD_TEST_REDIS, which scripts/test starts).</summary>
public sealed class ReachableRedis() : LagesbildFactory(new SqliteStore())
{
    public const string Variable = "LAGESBILD_TEST_REDIS";

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
        [new("Redis:Connection", Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } redis ? redis
            : throw new InvalidOperationException($"{Variable} is not set: run the tests with scripts/test, which starts a throwaway Redis."))];
}

/// <summary>
/// Redis is shared by every node: when it is down, each node still stores and delivers its own alarms, so the probe
/// says degraded (200) rather than taking every node out of the load balancer at once.
/// </summary>
public sealed class RedisHealthTests(UnreachableRedis down, ReachableRedis up) : IClassFixture<UnreachableRedis>, IClassFixture<ReachableRedis>
{
    [Fact]
    public async Task An_unreachable_Redis_makes_the_node_degraded_but_still_ready_and_alive()
    {
        using var client = down.CreateClient();
        using var ready = await client.GetAsync("/health/ready");
        using var live = await client.GetAsync("/health/live");
        using var health = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", await ready.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_reachable_Redis_leaves_the_node_ready()
    {
        using var client = up.CreateClient();
        using var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }
}
