using System.Collections.Concurrent;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Auth;

/// <summary>
/// The open SignalR connections of this server, so that one whose user was deactivated or changed is closed: a
/// connection is authenticated once, when it opens, and would otherwise hear alarms until the phone goes to sleep.
/// </summary>
public sealed class HubSessions(SessionCheck check)
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _connections = new();

    public void Opened(HubCallerContext context) => _connections[context.ConnectionId] = context;

    public void Closed(HubCallerContext context) => _connections.TryRemove(context.ConnectionId, out _);

    public int Count => _connections.Count;

    /// <summary>Closes every connection whose session is no longer good; answers how many.</summary>
    public async Task<int> CloseStaleAsync(CancellationToken cancellationToken)
    {
        var closed = 0;
        foreach (var context in _connections.Values)
        {
            if (context.User is { } user && await check.IsCurrentAsync(user, cancellationToken))
                continue;
            context.Abort();
            _connections.TryRemove(context.ConnectionId, out _);
            closed++;
        }
        return closed;
    }
}

/// <summary>Looks at the open connections as often as the session check trusts what it read.</summary>
public sealed class HubSessionSweep(IServiceScopeFactory scopes, TimeProvider time, ILogger<HubSessionSweep> log, HubSessions hubs, IOptions<SessionOptions> options)
    : PeriodicWorker(scopes, time, log)
{
    protected override bool Enabled => true;

    /// <summary>Each server closes its own connections.</summary>
    protected override bool RunsOnEveryServer(string step) => true;

    protected override TimeSpan Period => options.Value.Recheck;

    protected override IEnumerable<(string Name, Func<IServiceProvider, CancellationToken, Task> Step)> Steps()
    {
        yield return ("close stale connections", (_, ct) => hubs.CloseStaleAsync(ct));
    }
}
