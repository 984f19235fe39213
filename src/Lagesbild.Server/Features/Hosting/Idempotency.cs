using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Hosting;

/// <summary>
/// Retried writes: a client sends an Idempotency-Key header, and the server stores it with a hash of the request,
/// so that a retry with the same key and body answers the first record, and the same key with another body is refused.
/// </summary>
public static class Idempotency
{
    public const int MaxKeyLength = 200;

    // Instants are hashed in UTC: the same moment sent with another offset is the same request.
    private static readonly JsonSerializerOptions HashOptions = new() { Converters = { new UtcInstants() } };

    /// <summary>The request as canonical JSON, hashed: equal bodies give equal hashes.</summary>
    public static string Hash<T>(T request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request, HashOptions))));

    /// <summary>The refusal of a key that is too long, or null.</summary>
    public static Dictionary<string, string[]>? CheckKey(string? key) =>
        key is { Length: > MaxKeyLength }
            ? new Dictionary<string, string[]> { ["Idempotency-Key"] = [$"The Idempotency-Key header is longer than {MaxKeyLength} characters."] }
            : null;

    private sealed class UtcInstants : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToUniversalTime());
    }
}

/// <summary>A record as written, and whether this answer is a retry's replay of the first.</summary>
public sealed record Written<T>(T Value, bool Replayed);

/// <summary>
/// A write that a retry with the same Idempotency-Key must not repeat: the one place for the look-up of what the key
/// wrote before, the comparison with this request, the replay of the first answer, and two retries arriving at once
/// (the store's unique key on the record lets one in; the other answers what the first wrote).
/// </summary>
/// <typeparam name="TRecord">What the key is stored on (an observation, a finding, a report's update).</typeparam>
/// <typeparam name="T">The answer.</typeparam>
public sealed class KeyedWrite<TRecord, T>(DbContext db, string? key) where TRecord : class
{
    /// <summary>The record an earlier request with the key wrote, if any.</summary>
    public required Func<string, Task<TRecord?>> FindEarlier { get; init; }

    /// <summary>Whether the earlier record was written by the same request (by its stored hash, or its values).</summary>
    public required Func<TRecord, bool> IsSameRequest { get; init; }

    /// <summary>The answer to a retry: what the first request answered, as it is now.</summary>
    public required Func<TRecord, Task<Outcome<T>>> Replay { get; init; }

    /// <summary>The refusal of the key sent again with another request.</summary>
    public required string ReusedReason { get; init; }

    /// <summary>
    /// The answer when the write lost to a concurrent one that was not a retry of it (the store refused the save, or
    /// the write answered null); without it the store's error is thrown.
    /// </summary>
    public Func<Task<Outcome<T>>>? LostRace { get; init; }

    /// <summary>The key as stored: none for an empty header.</summary>
    public string? Key { get; } = string.IsNullOrEmpty(key) ? null : key;

    /// <summary>
    /// Answers a retry from what the key wrote before; otherwise runs the write (its checks and its save, in one
    /// transaction), which answers null when a conditional update found another writer first.
    /// </summary>
    public async Task<Outcome<T>> RunAsync(Func<Task<Outcome<T>?>> write)
    {
        if (Idempotency.CheckKey(Key) is { } keyError)
            return new Outcome<T>.Invalid(keyError);
        if (await EarlierAsync() is { } earlier)
            return earlier;
        try
        {
            if (await write() is { } written)
                return written;
        }
        catch (DbUpdateException) when (Key is not null || LostRace is not null)
        {
            db.ChangeTracker.Clear();
            if (await AfterLostRaceAsync() is { } answer)
                return answer;
            throw;
        }
        db.ChangeTracker.Clear();
        return await AfterLostRaceAsync() ?? throw new InvalidOperationException("A keyed write found another writer first, and no answer was given for that.");
    }

    private async Task<Outcome<T>?> AfterLostRaceAsync() =>
        await EarlierAsync() ?? (LostRace is null ? null : await LostRace());

    private async Task<Outcome<T>?> EarlierAsync()
    {
        if (Key is null || await FindEarlier(Key) is not { } earlier)
            return null;
        return IsSameRequest(earlier) ? await Replay(earlier) : new Outcome<T>.KeyReused(ReusedReason);
    }
}

public static class WrittenResults
{
    /// <summary>201 with the record as the client reads it; a retry's replay says so in the Idempotent-Replayed header.</summary>
    public static Results<Created<TView>, NotFound, ValidationProblem, ProblemHttpResult> ToCreated<TRecord, TView>(
        this Outcome<Written<TRecord>> outcome, HttpResponse response, Func<TRecord, TView> view, Func<TView, string> location)
    {
        if (outcome is Outcome<Written<TRecord>>.Done { Value.Replayed: true })
            response.Headers["Idempotent-Replayed"] = "true";
        return outcome.Select(written => view(written.Value)).ToCreated(location);
    }
}
