using Lagesbild.Server.Features.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Hosting;

/// <summary>The one idempotent write: what every keyed write (observations, findings, measures, reports, triage, rounds) relies on.</summary>
public sealed class KeyedWriteTests : IDisposable
{
    private readonly DbContext _db = new(new DbContextOptionsBuilder().UseSqlite("Data Source=:memory:").Options);
    private readonly Dictionary<string, Earlier> _stored = [];
    private int _writes;

    public void Dispose() => _db.Dispose();

    private sealed record Earlier(string Hash, int Value);

    private KeyedWrite<Earlier, int> Write(string? key, string hash, Func<Task<Outcome<int>>>? lostRace = null) =>
        new(_db, key)
        {
            FindEarlier = k => Task.FromResult(_stored.GetValueOrDefault(k)),
            IsSameRequest = earlier => earlier.Hash == hash,
            Replay = earlier => Task.FromResult<Outcome<int>>(earlier.Value),
            ReusedReason = "used for another",
            LostRace = lostRace,
        };

    private Task<Outcome<int>?> Store(string? key, string hash, int value)
    {
        _writes++;
        if (key is not null)
            _stored[key] = new Earlier(hash, value);
        return Task.FromResult<Outcome<int>?>(value);
    }

    [Fact]
    public async Task A_retry_with_the_same_key_and_request_answers_the_first_and_writes_nothing()
    {
        var first = await Write("k", "h").RunAsync(() => Store("k", "h", 1));
        var retry = await Write("k", "h").RunAsync(() => Store("k", "h", 2));

        Assert.Equal(1, Assert.IsType<Outcome<int>.Done>(first).Value);
        Assert.Equal(1, Assert.IsType<Outcome<int>.Done>(retry).Value);
        Assert.Equal(1, _writes);
    }

    [Fact]
    public async Task The_same_key_with_another_request_is_refused_and_writes_nothing()
    {
        await Write("k", "h").RunAsync(() => Store("k", "h", 1));
        var other = await Write("k", "other").RunAsync(() => Store("k", "other", 2));

        Assert.Equal("used for another", Assert.IsType<Outcome<int>.KeyReused>(other).Reason);
        Assert.Equal(1, _writes);
    }

    [Fact]
    public async Task Without_a_key_every_request_writes()
    {
        await Write(null, "h").RunAsync(() => Store(null, "h", 1));
        var empty = Write("", "h");
        await empty.RunAsync(() => Store(empty.Key, "h", 2));

        Assert.Null(empty.Key);
        Assert.Equal(2, _writes);
    }

    [Fact]
    public async Task A_key_longer_than_allowed_is_refused_by_name_before_anything_is_written()
    {
        var outcome = await Write(new string('k', Idempotency.MaxKeyLength + 1), "h").RunAsync(() => Store("k", "h", 1));

        Assert.Contains("Idempotency-Key", Assert.IsType<Outcome<int>.Invalid>(outcome).Errors.Keys);
        Assert.Equal(0, _writes);
    }

    [Fact]
    public async Task A_retry_that_loses_the_race_to_the_store_answers_the_winner()
    {
        var outcome = await Write("k", "h").RunAsync(() =>
        {
            // The other retry saved first; this save hits the unique key.
            _stored["k"] = new Earlier("h", 7);
            throw new DbUpdateException("unique key");
        });

        Assert.Equal(7, Assert.IsType<Outcome<int>.Done>(outcome).Value);
    }

    [Fact]
    public async Task A_store_refusal_that_no_earlier_write_explains_is_not_hidden()
    {
        await Assert.ThrowsAsync<DbUpdateException>(() => Write("k", "h").RunAsync(() => throw new DbUpdateException("another constraint")));
        await Assert.ThrowsAsync<DbUpdateException>(() => Write(null, "h").RunAsync(() => throw new DbUpdateException("another constraint")));
    }

    [Fact]
    public async Task A_write_that_found_another_writer_first_gets_the_lost_race_answer()
    {
        var conflict = new Outcome<int>.Conflict("changed meanwhile");

        var conditional = await Write(null, "h", () => Task.FromResult<Outcome<int>>(conflict)).RunAsync(() => Task.FromResult<Outcome<int>?>(null));
        var refused = await Write(null, "h", () => Task.FromResult<Outcome<int>>(conflict)).RunAsync(() => throw new DbUpdateException("version"));

        Assert.Same(conflict, conditional);
        Assert.Same(conflict, refused);
    }

    [Fact]
    public void One_instant_in_two_offsets_is_the_same_request()
    {
        var utc = new DateTimeOffset(2026, 3, 29, 0, 30, 0, TimeSpan.Zero);
        var stockholm = utc.ToOffset(TimeSpan.FromHours(1));

        Assert.Equal(Idempotency.Hash(new { at = utc, n = 1 }), Idempotency.Hash(new { at = stockholm, n = 1 }));
        Assert.NotEqual(Idempotency.Hash(new { at = utc, n = 1 }), Idempotency.Hash(new { at = utc, n = 2 }));
    }
}
