using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Lagesbild.Data;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lagesbild.Server.Features.Hosting;

/// <summary>
/// One server at a time runs each background pass. On PostgreSQL a pass is a session advisory lock, taken with
/// <c>pg_try_advisory_lock</c> on one connection that this server keeps for its passes (unpooled, so that a lock can
/// never stay behind in a pooled connection, as it did with DistributedLock's handles when a release failed under
/// load: both nodes then skipped the escalation pass for good). A lock is held, not timed, so no server's clock
/// decides when it may be taken over; it ends with its connection, the moment the holding process dies (a machine
/// that vanishes: when PostgreSQL's TCP keepalive gives up on it). While passes are held the connection is asked a
/// trivial query every few seconds, and when it breaks, every pass held on it is told (<see cref="PassHandle.Lost"/>).
/// A server that finds a pass taken skips it until its next tick. The passes still claim each item with a conditional
/// update, so that a server that lost its lock mid-pass cannot act on an item twice either. SQLite is one server
/// process, whose workers run their steps in turn: there is nobody to share with, and every pass is this process's.
/// </summary>
public sealed partial class PassLocks(IConfiguration configuration, IOptions<DatabaseOptions> database, TimeProvider time, ILogger<PassLocks> log) : IAsyncDisposable
{
    /// <summary>How far this server's clock may be from the database's before it says so in the log.</summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromSeconds(2);

    /// <summary>How often the held passes' connection is checked.</summary>
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<long> _held = [];
    private NpgsqlConnection? _connection;
    private CancellationTokenSource _broken = new();
    private Task? _watch;
    private DateTimeOffset _clockCheckedAt = DateTimeOffset.MinValue;

    /// <summary>Takes the pass if no other server (and no other worker here) holds it; null when one does. Disposing the handle lets the pass go.</summary>
    public async Task<PassHandle?> TryTakeAsync(string pass, CancellationToken ct)
    {
        if (database.Value.Provider != DatabaseProvider.Postgres)
            return PassHandle.Unshared;
        var key = KeyOf(pass);
        await _gate.WaitAsync(ct);
        try
        {
            if (_held.Contains(key))
                return null;
            var connection = await ConnectionAsync(ct);
            await CheckClockAsync(connection, ct);
            bool taken;
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection) { Parameters = { new() { Value = key } } };
                taken = (bool)(await command.ExecuteScalarAsync(ct))!;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException && !ct.IsCancellationRequested)
            {
                await BreakAsync();
                throw;
            }
            if (!taken)
                return null;
            _held.Add(key);
            _watch ??= WatchAsync();
            return new PassHandle(_broken.Token, () => ReleaseAsync(key, connection));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The advisory lock's key for a pass: the first 8 bytes of the SHA-256 of its name.</summary>
    public static long KeyOf(string pass) => BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"lagesbild-pass:{pass}")));

    private async Task<NpgsqlConnection> ConnectionAsync(CancellationToken ct)
    {
        if (_connection is { State: System.Data.ConnectionState.Open } open)
            return open;
        await BreakAsync();
        var connectionString = configuration.GetConnectionString("Lagesbild")
            ?? throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Lagesbild is not set.");
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            Multiplexing = false,
            ApplicationName = "lagesbild passes",
        }.ConnectionString);
        await connection.OpenAsync(ct);
        _connection = connection;
        return connection;
    }

    private async Task ReleaseAsync(long key, NpgsqlConnection connection)
    {
        await _gate.WaitAsync();
        try
        {
            // The connection that held it broke: the lock ended with it (and the key may be held anew on another).
            if (!ReferenceEquals(connection, _connection) || !_held.Remove(key))
                return;
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection) { Parameters = { new() { Value = key } } };
                await command.ExecuteScalarAsync();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // Not let go, perhaps: close the connection, which lets go of everything it held.
                LogReleaseFailed(log, e.Message);
                await BreakAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the connection (ending every lock on it) and tells the passes held on it. Called under the gate.</summary>
    private async Task BreakAsync()
    {
        if (_connection is null)
            return;
        var connection = _connection;
        _connection = null;
        _held.Clear();
        // Not disposed: the passes still hold its token.
        await _broken.CancelAsync();
        _broken = new CancellationTokenSource();
        try
        {
            await connection.DisposeAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
        {
            // Already broken.
        }
    }

    /// <summary>While passes are held, asks their connection a trivial query now and then; a connection that broke is closed and its passes told.</summary>
    private async Task WatchAsync()
    {
        // The connection's health is a matter of real time, whatever clock the passes run on.
        using var timer = new PeriodicTimer(CheckEvery);
        while (await timer.WaitForNextTickAsync())
        {
            await _gate.WaitAsync();
            try
            {
                if (_held.Count == 0 || _connection is not { } connection)
                    continue;
                try
                {
                    await using var command = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = 10 };
                    await command.ExecuteScalarAsync();
                }
                catch (Exception e)
                {
                    // Whatever the probe met, the connection cannot be trusted with the passes: close it, which ends them.
                    LogLost(log, _held.Count, e.Message);
                    await BreakAsync();
                }
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>
    /// Compares this server's clock with the database's, at most once a minute. Claims do not depend on it, but the
    /// deadlines a pass compares with its own clock do: a server 30 s ahead escalates 30 s early (never twice).
    /// </summary>
    private async Task CheckClockAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (now - _clockCheckedAt < TimeSpan.FromMinutes(1) && now >= _clockCheckedAt)
            return;
        _clockCheckedAt = now;
        await using var command = new NpgsqlCommand("SELECT now()", connection);
        var databaseNow = (DateTime)(await command.ExecuteScalarAsync(ct))!;
        var skew = time.GetUtcNow() - new DateTimeOffset(databaseNow, TimeSpan.Zero);
        if (skew.Duration() > ClockTolerance)
            LogClockSkew(log, skew.TotalSeconds);
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await BreakAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "This server's clock is {Seconds:0.0} s off the database's: deadlines (escalations, missed rounds) follow this clock on this server. Set up NTP.")]
    private static partial void LogClockSkew(ILogger log, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The connection that held {Passes} background passes broke ({Reason}); other servers take them over.")]
    private static partial void LogLost(ILogger log, int passes, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A background pass could not be let go ({Reason}); its connection is closed, which lets go of it.")]
    private static partial void LogReleaseFailed(ILogger log, string reason);
}

/// <summary>A pass held by this server; <see cref="Lost"/> is cancelled if the database connection that holds it breaks.</summary>
public sealed class PassHandle(CancellationToken lost, Func<Task>? release) : IAsyncDisposable
{
    /// <summary>A pass nobody else could hold (one server process on SQLite).</summary>
    public static PassHandle Unshared => new(CancellationToken.None, null);

    public CancellationToken Lost => lost;

    public async ValueTask DisposeAsync()
    {
        if (release is not null)
            await release();
    }
}
