using System.Security.Cryptography;
using System.Text;

namespace Lagesbild.Server.Features.Hosting;

/// <summary>
/// Keys and tokens handed out once (Open311 api_keys, personal API tokens): 32 random bytes, URL-safe, after a
/// prefix that tells a reader what the token is; stored only as their SHA-256 hash, so a lost one is revoked and
/// replaced, never recovered.
/// </summary>
public static class SecretTokens
{
    public static string New(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
