using System.Security.Cryptography;
using Lagesbild.Core.Sites;

namespace Lagesbild.Core.Alarms;

public enum SensorKind
{
    Camera,
    Motion,
    Door,
    GlassBreak,
    Sound,
}

/// <summary>When a sensor raises alarms: while its site is closed (Schedule), always, or never.</summary>
public enum ArmingMode
{
    Schedule,
    AlwaysArmed,
    Disarmed,
}

public static class Arming
{
    /// <summary>
    /// Whether a sensor is armed at an instant. On Schedule it is armed exactly when the site is closed by its
    /// opening hours, holidays, breaks and exceptions, read in Stockholm time.
    /// </summary>
    public static bool IsArmed(ArmingMode mode, SiteSchedule schedule, DateTimeOffset instant) => mode switch
    {
        ArmingMode.AlwaysArmed => true,
        ArmingMode.Disarmed => false,
        _ => !schedule.IsOpenAt(instant),
    };
}

/// <summary>
/// The signature a sensor puts on each event: "sha256=" and the hex HMAC-SHA256 of the raw body with the
/// sensor's secret. Compared in constant time.
/// </summary>
public static class SensorSignature
{
    public const string Prefix = "sha256=";

    /// <summary>How far an event's time may lie from the server's clock before it is taken as a replay (or a broken clock).</summary>
    public static readonly TimeSpan ReplayWindow = TimeSpan.FromMinutes(5);

    public static string Sign(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(secret, body));

    public static bool Verify(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> body, string? header)
    {
        if (header is null || !header.StartsWith(Prefix, StringComparison.Ordinal) || header.Length != Prefix.Length + 64)
            return false;
        Span<byte> sent = stackalloc byte[32];
        if (Convert.FromHexString(header.AsSpan(Prefix.Length), sent, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
            return false;
        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(secret, body, expected);
        return CryptographicOperations.FixedTimeEquals(sent, expected);
    }

    public static bool WithinReplayWindow(DateTimeOffset occurredAt, DateTimeOffset now) =>
        (occurredAt - now).Duration() <= ReplayWindow;
}
