using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Lagesbild.Core.Access;
using Lagesbild.Data;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Cluster;

/// <summary>A node of a cluster: the whole server on a shared database and Redis, with its own data folder.</summary>
public sealed class ClusterNode(TestStore store, string redis, bool createsAccounts) : LagesbildFactory(store)
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("Redis:Connection", redis),
        new("DataProtection:Keys", "Database"),
    ];

    /// <summary>The first node creates the accounts; the others sign in to the same ones.</summary>
    protected override Task<IReadOnlyList<(Role Role, string Email, string Password)>> CreateAccountsAsync() =>
        createsAccounts
            ? base.CreateAccountsAsync()
            : Task.FromResult<IReadOnlyList<(Role, string, string)>>(Enum.GetValues<Role>().Select(role => (role, EmailOf(role), Password)).ToList());
}

/// <summary>Two nodes on one PostgreSQL database and one Redis, as behind a load balancer.</summary>
public abstract class TwoNodes : IAsyncLifetime
{
    public ClusterNode A { get; private set; } = null!;

    public ClusterNode B { get; private set; } = null!;

    protected abstract Task<string> RedisAsync();

    public virtual async Task InitializeAsync()
    {
        var redis = await RedisAsync();
        A = new ClusterNode(new PostgresStore(), redis, createsAccounts: true);
        await ((IAsyncLifetime)A).InitializeAsync();
        B = new ClusterNode(new SharedStore(A.ConnectionString!), redis, createsAccounts: false);
        await ((IAsyncLifetime)B).InitializeAsync();
    }

    public virtual async Task DisposeAsync()
    {
        await ((IAsyncLifetime)B).DisposeAsync();
        await ((IAsyncLifetime)A).DisposeAsync();
    }

    /// <summary>Both nodes' clocks at the same instant.</summary>
    public void SetTime(DateTimeOffset at)
    {
        A.Clock.AdjustTime(at);
        B.Clock.AdjustTime(at);
    }
}

/// <summary>Two nodes on the Redis that scripts/test starts (LAGESBILD_TEST_REDIS=host:port).</summary>
public sealed class NodesOnTestRedis : TwoNodes
{
    public const string Variable = "LAGESBILD_TEST_REDIS";

    protected override Task<string> RedisAsync() => Task.FromResult(Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } redis
        ? redis
        : throw new InvalidOperationException($"{Variable} is not set: run scripts/test, which starts Redis on loopback, or set it to host:port of a Redis."));
}

/// <summary>Two nodes on a Redis of their own, which a test may kill and start again on the same port.</summary>
public class NodesOnOwnRedis : TwoNodes
{
    public RedisProcess Redis { get; } = new();

    protected virtual bool RedisAtStart => true;

    protected override async Task<string> RedisAsync()
    {
        if (RedisAtStart)
            await Redis.StartAsync();
        return Redis.Address;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Redis.Dispose();
    }
}

/// <summary>Two nodes that start while their Redis is not there yet; a test starts it.</summary>
public sealed class NodesBeforeRedis : NodesOnOwnRedis
{
    protected override bool RedisAtStart => false;
}

/// <summary>A throwaway redis-server on a free loopback port, without persistence.</summary>
public sealed class RedisProcess : IDisposable
{
    private readonly int _port = FreePort();
    private Process? _process;

    public string Address => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{_port}");

    public async Task StartAsync()
    {
        var server = Environment.GetEnvironmentVariable("LAGESBILD_TEST_REDIS_SERVER") ?? "/usr/bin/redis-server";
        if (!File.Exists(server))
            throw new InvalidOperationException($"{server} not found: apt-get install redis-server (scripts/test installs it), or set LAGESBILD_TEST_REDIS_SERVER.");
        var start = new ProcessStartInfo(server) { UseShellExecute = false };
        foreach (var argument in new[] { "--port", _port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--logfile", "/dev/null" })
            start.ArgumentList.Add(argument);
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        for (var wait = 0; wait < 100; wait++)
        {
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, _port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException($"redis-server did not listen on {Address}.");
    }

    /// <summary>As a crash: SIGKILL, nothing written.</summary>
    public void Kill()
    {
        _process?.Kill();
        _process?.WaitForExit();
        _process?.Dispose();
        _process = null;
    }

    public void Dispose() => Kill();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
