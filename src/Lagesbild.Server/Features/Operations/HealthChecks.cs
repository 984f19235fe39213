using HealthChecks.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Lagesbild.Server.Features.Operations;

/// <summary>Ready once the server has started, and no longer once it is stopping, so that a load balancer drains it first.</summary>
public sealed class StartupCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested ? HealthCheckResult.Unhealthy("The server is stopping.")
            : lifetime.ApplicationStarted.IsCancellationRequested ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The server is starting."));
}

/// <summary>
/// The Redis that carries hub messages between nodes (<c>Redis:Connection</c>), when one is configured; a node without
/// it passes. Unreachable, it is reported as degraded, not unhealthy: every node shares the one Redis, and a load
/// balancer that took them all out for it would stop the alarms that each node still stores and delivers itself.
/// </summary>
public sealed class RedisCheck(IConfiguration configuration) : IHealthCheck, IDisposable
{
    public const string Configured = "configured";

    private readonly Lazy<ConnectionMultiplexer>? _connection = configuration["Redis:Connection"] is { Length: > 0 } connection
        ? new(() => ConnectionMultiplexer.Connect(Options(connection)))
        : null;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_connection is null)
            return HealthCheckResult.Healthy("Redis is not configured.", new Dictionary<string, object> { [Configured] = false });
        try
        {
            return await new RedisHealthCheck(_connection.Value).CheckHealthAsync(context, cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis is unreachable.", e);
        }
    }

    /// <summary>Connects in the background when Redis is down at first, rather than failing the connection for good.</summary>
    private static ConfigurationOptions Options(string connection)
    {
        var options = ConfigurationOptions.Parse(connection);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 2_000;
        return options;
    }

    public void Dispose()
    {
        if (_connection is { IsValueCreated: true })
            _connection.Value.Dispose();
    }
}
