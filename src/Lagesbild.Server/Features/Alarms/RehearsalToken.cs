using System.Security.Cryptography;
using System.Text;

namespace Lagesbild.Server.Features.Alarms;

/// <summary>
/// The secret that marks the start's own rehearsal requests (<see cref="AlarmWarmUp"/>): random, held in memory only
/// while they are sent, and compared in constant time. It turns a correctly signed event into one that is rolled back
/// instead of stored. An event that carries the header without that secret (a guess, or one of the start's own
/// requests answered after the rehearsal ended) is refused, never stored: sensors do not send the header.
/// </summary>
public sealed class RehearsalToken
{
    public const string Header = "X-Lagesbild-Rehearsal";

    private volatile byte[]? _current;

    public string Begin()
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        _current = Encoding.ASCII.GetBytes(token);
        return token;
    }

    public void End() => _current = null;

    public bool Matches(string? presented) =>
        _current is { } current && presented is not null && CryptographicOperations.FixedTimeEquals(current, Encoding.ASCII.GetBytes(presented));
}
