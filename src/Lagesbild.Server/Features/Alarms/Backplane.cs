using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Lagesbild.Server.Features.Alarms;

/// <summary>The Redis that carries hub messages between the nodes; none for one node.</summary>
public sealed class BackplaneOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string ("host:port", "host:port,password=..."); empty for one node.</summary>
    public string? Connection { get; set; }

    /// <summary>How long a send waits for Redis before the node delivers to its own consoles instead.</summary>
    [System.ComponentModel.DataAnnotations.Range(50, 10_000)]
    public int PublishTimeoutMilliseconds { get; set; } = 1_000;
}

public static class BackplaneSetup
{
    /// <summary>With <c>Redis:Connection</c> set, hub messages reach consoles on every node; without it, this node's only.</summary>
    public static IServiceCollection AddBackplane(this IServiceCollection services)
    {
        services.AddOptions<BackplaneOptions>().BindConfiguration(BackplaneOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RedisLink>();
        services.AddOptions<RedisOptions>().Configure<RedisLink>((redis, link) => redis.ConnectionFactory = link.ConnectAsync);
        // For the alarm hub only: the pages' own hub (Blazor's circuits) stays on the node its circuit lives on.
        services.AddSingleton<HubLifetimeManager<AlarmHub>, BackplaneWithLocalFallback<AlarmHub>>();
        return services;
    }
}

/// <summary>
/// The node's connection to Redis, made so that Redis being away never holds anything up: a node starts without it,
/// a send while it is away fails at once (no queue that waits), and the connection comes back by itself.
/// </summary>
public sealed partial class RedisLink(IOptions<BackplaneOptions> options, ILogger<RedisLink> log)
{
    /// <summary>How soon the link is tried again after a message on its own channel did not come back.</summary>
    private static readonly TimeSpan ProbeRetry = TimeSpan.FromMilliseconds(200);

    private IConnectionMultiplexer? _connection;
    private int _lost;

    /// <summary>Whether a round trip through Redis is being waited for (one at a time).</summary>
    private int _restoring;

    public bool Configured => !string.IsNullOrWhiteSpace(options.Value.Connection);

    /// <summary>Whether sends go through Redis: connected, and other nodes' messages come in again.</summary>
    public bool Up => Volatile.Read(ref _lost) == 0 && _connection?.IsConnected == true;

    public TimeSpan PublishTimeout => TimeSpan.FromMilliseconds(options.Value.PublishTimeoutMilliseconds);

    /// <summary>Redis is back after being away: what was sent meanwhile reached only the consoles of the node that sent it.</summary>
    public event Action? Restored;

    public async Task<IConnectionMultiplexer> ConnectAsync(TextWriter connectLog)
    {
        var configuration = ConfigurationOptions.Parse(options.Value.Connection!);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        var connection = await ConnectionMultiplexer.ConnectAsync(configuration, connectLog);
        var probe = new LinkProbe(connection.GetSubscriber());
        await probe.ListenAsync();
        // The subscription connection is the one that brings other nodes' messages.
        connection.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription && Interlocked.Exchange(ref _lost, 1) == 0)
                LogLost(log, e.Exception, e.EndPoint?.ToString());
        };
        connection.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType != ConnectionType.Subscription || Volatile.Read(ref _lost) == 0)
                return;
            _ = TakeUpAgainAsync(probe, e.EndPoint?.ToString());
        };
        _connection = connection;
        return connection;
    }

    /// <summary>
    /// The subscription connection is back, but the channels it had (this node's groups, its consoles) are subscribed
    /// again a moment later: up only once a message this node publishes has come back to it through Redis, which
    /// answers the subscriptions sent before it first.
    /// </summary>
    private async Task TakeUpAgainAsync(LinkProbe probe, string? endPoint)
    {
        if (Interlocked.Exchange(ref _restoring, 1) == 1)
            return;
        try
        {
            while (Volatile.Read(ref _lost) == 1 && !await probe.RoundTripAsync(PublishTimeout))
                await Task.Delay(ProbeRetry);
            if (Volatile.Read(ref _lost) == 0)
                return;
            LogRestored(log, endPoint);
            // Up only once the consoles were told: one that connects after this hears everything from now on.
            Restored?.Invoke();
            Volatile.Write(ref _lost, 0);
        }
        finally
        {
            Volatile.Write(ref _restoring, 0);
        }
    }

    /// <summary>A channel of this node's own, to see that what it publishes comes back to it.</summary>
    private sealed class LinkProbe(ISubscriber subscriber)
    {
        private readonly RedisChannel _channel = RedisChannel.Literal("lagesbild:link:" + Guid.NewGuid().ToString("N"));
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new();

        /// <summary>Subscribes; with Redis away (a node that starts before it) the subscription is made when it comes.</summary>
        public async Task ListenAsync()
        {
            try
            {
                await subscriber.SubscribeAsync(_channel, (_, message) =>
                {
                    if (_waiting.TryRemove(message.ToString(), out var heard))
                        heard.TrySetResult();
                });
            }
            catch (RedisException)
            {
                // Kept by the multiplexer and sent again with its other subscriptions when the connection is made.
            }
        }

        public async Task<bool> RoundTripAsync(TimeSpan timeout)
        {
            var token = Guid.NewGuid().ToString("N");
            var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting[token] = heard;
            try
            {
                await subscriber.PublishAsync(_channel, token).WaitAsync(timeout);
                await heard.Task.WaitAsync(timeout);
                return true;
            }
            catch (Exception e) when (e is TimeoutException or RedisException)
            {
                return false;
            }
            finally
            {
                _waiting.TryRemove(token, out _);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Redis at {EndPoint} is unreachable: alarms reach the consoles of the node that took them only, until it is back.")]
    private static partial void LogLost(ILogger log, Exception? e, string? endPoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis at {EndPoint} is back: this node's consoles reconnect and read what they missed.")]
    private static partial void LogRestored(ILogger log, string? endPoint);
}

/// <summary>
/// The maintained Redis hub lifetime manager, with this node's own consoles as the way out when Redis is away. The
/// Redis manager delivers even to this node's own connections through Redis, so without Redis nobody would hear an
/// alarm; here a send that Redis does not take within the timeout goes to this node's consoles directly (and is
/// logged). A console may then hear a message twice (the console keeps alarms by id and state, so that is harmless),
/// never not at all. When Redis is back, this node's consoles are closed: they reconnect at once and read the open
/// alarms from the API, which holds what other nodes sent meanwhile.
/// </summary>
public sealed partial class BackplaneWithLocalFallback<THub> : HubLifetimeManager<THub>, IDisposable
    where THub : Hub
{
    private readonly DefaultHubLifetimeManager<THub> _local;
    private readonly RedisHubLifetimeManager<THub>? _redis;
    private readonly RedisLink _link;
    private readonly ILogger _log;

    /// <summary>This node's connections, and whether Redis took each (one opened while Redis was away did not).</summary>
    private readonly ConcurrentDictionary<string, (HubConnectionContext Connection, bool OnRedis)> _connections = new();

    public BackplaneWithLocalFallback(IServiceProvider services, RedisLink link, ILogger<BackplaneWithLocalFallback<THub>> log)
    {
        _link = link;
        _log = log;
        _local = ActivatorUtilities.CreateInstance<DefaultHubLifetimeManager<THub>>(services);
        if (!link.Configured)
            return;
        _redis = ActivatorUtilities.CreateInstance<RedisHubLifetimeManager<THub>>(services);
        link.Restored += ReconnectAll;
    }

    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await _local.OnConnectedAsync(connection);
        var onRedis = _redis is { } redis && await TryAsync(() => redis.OnConnectedAsync(connection), "connect", JoinTimeout);
        _connections[connection.ConnectionId] = (connection, onRedis);
        if (onRedis)
            ReconnectLocalOnly();
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        await _local.OnDisconnectedAsync(connection);
        if (_connections.TryRemove(connection.ConnectionId, out var known) && known.OnRedis)
            await TryAsync(() => _redis!.OnDisconnectedAsync(connection), "disconnect", JoinTimeout);
    }

    public override async Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        await _local.AddToGroupAsync(connectionId, groupName, cancellationToken);
        if (OnRedis(connectionId))
            await TryAsync(() => _redis!.AddToGroupAsync(connectionId, groupName, cancellationToken), "join a group", JoinTimeout);
    }

    public override async Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        await _local.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);
        if (OnRedis(connectionId))
            await TryAsync(() => _redis!.RemoveFromGroupAsync(connectionId, groupName, cancellationToken), "leave a group", JoinTimeout);
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendAllAsync(methodName, args, cancellationToken), methodName);

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken), methodName);

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendConnectionAsync(connectionId, methodName, args, cancellationToken), methodName);

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken), methodName);

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendGroupAsync(groupName, methodName, args, cancellationToken), methodName);

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendGroupsAsync(groupNames, methodName, args, cancellationToken), methodName);

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken), methodName);

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendUserAsync(userId, methodName, args, cancellationToken), methodName);

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendUsersAsync(userIds, methodName, args, cancellationToken), methodName);

    public void Dispose()
    {
        _link.Restored -= ReconnectAll;
        _redis?.Dispose();
    }

    private bool OnRedis(string connectionId) => _redis is not null && _connections.TryGetValue(connectionId, out var known) && known.OnRedis;

    private async Task SendAsync(Func<HubLifetimeManager<THub>, Task> send, string methodName)
    {
        if (_redis is null)
        {
            await send(_local);
            return;
        }
        if (_link.Up && await TryAsync(() => send(_redis), methodName, _link.PublishTimeout))
        {
            ReconnectLocalOnly();
            return;
        }
        LogLocalOnly(_log, methodName);
        await send(_local);
    }

    /// <summary>
    /// How long a console's connection may wait for Redis to take it (its subscriptions; the node's first connection
    /// also makes the node's link to Redis). Longer than a send's timeout: a console registered without Redis hears only
    /// this node until it reconnects, and waiting a little here holds up no alarm. Redis known to be away fails at once.
    /// </summary>
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Runs a step on Redis within the timeout; answers whether it was done. A failure is logged, never thrown.</summary>
    private async Task<bool> TryAsync(Func<Task> step, string what, TimeSpan timeout)
    {
        try
        {
            await step().WaitAsync(timeout);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRedisFailed(_log, e, what);
            return false;
        }
    }

    /// <summary>
    /// Redis works (again): connections that opened while it did not (a node that started before Redis) hear only this
    /// node, so they are closed to connect again through Redis and read what they missed.
    /// </summary>
    private void ReconnectLocalOnly()
    {
        foreach (var (connection, onRedis) in _connections.Values)
        {
            if (!onRedis)
                connection.Abort();
        }
    }

    private void ReconnectAll()
    {
        var count = 0;
        foreach (var (connection, _) in _connections.Values)
        {
            connection.Abort();
            count++;
        }
        LogReconnecting(_log, count);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis could not {What}; this node's consoles hear it directly.")]
    private static partial void LogRedisFailed(ILogger log, Exception e, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Without Redis, {Method} goes to this node's consoles only; the others read it from the API when Redis is back.")]
    private static partial void LogLocalOnly(ILogger log, string method);

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed {Count} hub connections, so that they reconnect and read what they missed while Redis was away.")]
    private static partial void LogReconnecting(ILogger log, int count);
}
