using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Lagesbild.Server.Features.Hosting;

/// <summary>
/// Retried writes: a client sends an Idempotency-Key header, and the server stores it with a hash of the request,
/// so that a retry with the same key and body answers the first record, and the same key with another body is refused.
/// </summary>
public static class Idempotency
{
    public const int MaxKeyLength = 200;

    /// <summary>The request as canonical JSON, hashed: equal bodies give equal hashes.</summary>
    public static string Hash<T>(T request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request))));

    /// <summary>The refusal of a key that is too long, or null.</summary>
    public static Dictionary<string, string[]>? CheckKey(string? key) =>
        key is { Length: > MaxKeyLength }
            ? new Dictionary<string, string[]> { ["Idempotency-Key"] = [$"The Idempotency-Key header is longer than {MaxKeyLength} characters."] }
            : null;
}
