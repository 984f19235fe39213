using Lagesbild.Data;
using Medallion.Threading.Postgres;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lagesbild.Server.Features.Hosting;

/// <summary>
/// One server at a time runs each background pass. On PostgreSQL a pass is a session advisory lock (DistributedLock,
/// which keeps the lock's connection alive and says when it is lost): it is held, not timed, so no server's clock
/// decides when it may be taken over, and it ends with its connection, the moment the holding process dies (a machine
/// that vanishes: when PostgreSQL's TCP keepalive gives up on it). A server that finds a pass taken skips it until
/// its next tick. The passes still claim each item with a conditional update, so that a server that lost its lock
/// mid-pass cannot act on an item twice either. SQLite is one server process, whose workers run their steps in turn:
/// there is nobody to share with, and every pass is this process's.
/// </summary>
public sealed partial class PassLocks(IConfiguration configuration, IOptions<DatabaseOptions> database, TimeProvider time, ILogger<PassLocks> log)
{
    /// <summary>How far this server's clock may be from the database's before it says so in the log.</summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromSeconds(2);

    private DateTimeOffset _clockCheckedAt = DateTimeOffset.MinValue;

    /// <summary>
    /// Takes the pass if no other server holds it; null when one does. Disposing the handle lets the pass go. Each held
    /// pass has a connection of its own (no multiplexing), so that a lost connection loses that pass alone.
    /// </summary>
    public async Task<PassHandle?> TryTakeAsync(string pass, CancellationToken ct)
    {
        if (database.Value.Provider != DatabaseProvider.Postgres)
            return new PassHandle(null);
        var connectionString = configuration.GetConnectionString("Lagesbild")
            ?? throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Lagesbild is not set.");
        await CheckClockAsync(connectionString, ct);
        var key = new PostgresAdvisoryLockKey($"lagesbild-pass:{pass}", allowHashing: true);
        var handle = await new PostgresDistributedLock(key, connectionString, o => o.KeepaliveCadence(TimeSpan.FromSeconds(15)).UseMultiplexing(false))
            .TryAcquireAsync(TimeSpan.Zero, ct);
        return handle is null ? null : new PassHandle(handle);
    }

    /// <summary>
    /// Compares this server's clock with the database's, at most once a minute. Claims do not depend on it, but the
    /// deadlines a pass compares with its own clock do: a server 30 s ahead escalates 30 s early (never twice).
    /// </summary>
    private async Task CheckClockAsync(string connectionString, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (now - _clockCheckedAt < TimeSpan.FromMinutes(1) && now >= _clockCheckedAt)
            return;
        _clockCheckedAt = now;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT now()", connection);
        var databaseNow = (DateTime)(await command.ExecuteScalarAsync(ct))!;
        var skew = time.GetUtcNow() - new DateTimeOffset(databaseNow, TimeSpan.Zero);
        if (skew.Duration() > ClockTolerance)
            LogClockSkew(log, skew.TotalSeconds);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "This server's clock is {Seconds:0.0} s off the database's: deadlines (escalations, missed rounds) follow this clock on this server. Set up NTP.")]
    private static partial void LogClockSkew(ILogger log, double seconds);
}

/// <summary>A pass held by this server; <see cref="Lost"/> is cancelled if the database connection that holds it breaks.</summary>
public sealed class PassHandle(PostgresDistributedLockHandle? handle) : IAsyncDisposable
{
    public CancellationToken Lost => handle?.HandleLostToken ?? CancellationToken.None;

    public async ValueTask DisposeAsync()
    {
        if (handle is null)
            return;
        try
        {
            await handle.DisposeAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or NpgsqlException)
        {
            // The connection that held the pass broke, and the lock ended with it: there is nothing left to let go.
        }
    }
}
