using System.Globalization;

namespace Lagesbild.Core.Alarms.Dc09;

/// <summary>
/// The part of a frame after the opening '[' of its data: "data]", any extended blocks "[X...]" and an optional
/// timestamp "_HH:MM:SS,MM-DD-YYYY" (UTC). In an encrypted frame this is the text that is encrypted.
/// </summary>
internal readonly record struct Dc09Body(string Data, string? Extended, DateTimeOffset? Timestamp)
{
    private const string TimestampFormat = "HH:mm:ss,MM-dd-yyyy";
    private const int TimestampLength = 20; // "_" and 19 characters

    public static string FormatTimestamp(DateTimeOffset instant) =>
        "_" + instant.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public string Format() => Data + "]" + Extended + (Timestamp is { } t ? FormatTimestamp(t) : "");

    public static bool TryParse(ReadOnlySpan<char> text, bool timestampRequired, out Dc09Body body, out string? reason)
    {
        body = default;
        if (!IsPrintable(text))
        {
            reason = "the data holds characters outside printable ASCII";
            return false;
        }
        var close = text.IndexOf(']');
        if (close < 0)
        {
            reason = "the data block is not closed";
            return false;
        }
        var data = text[..close];
        if (data.Contains('['))
        {
            reason = "the data block holds a '['";
            return false;
        }
        var rest = text[(close + 1)..];
        var extendedEnd = 0;
        while (extendedEnd < rest.Length && rest[extendedEnd] == '[')
        {
            var blockClose = rest[extendedEnd..].IndexOf(']');
            if (blockClose < 2 || rest.Slice(extendedEnd + 1, blockClose - 1).Contains('['))
            {
                reason = "an extended data block is malformed";
                return false;
            }
            extendedEnd += blockClose + 1;
        }
        var extended = extendedEnd == 0 ? null : rest[..extendedEnd].ToString();
        rest = rest[extendedEnd..];
        DateTimeOffset? timestamp = null;
        if (rest.Length > 0)
        {
            if (rest.Length != TimestampLength || rest[0] != '_' || !TryParseTimestamp(rest[1..], out var parsed))
            {
                reason = "the timestamp is malformed";
                return false;
            }
            timestamp = parsed;
        }
        else if (timestampRequired)
        {
            reason = "the timestamp is missing";
            return false;
        }
        body = new Dc09Body(data.ToString(), extended, timestamp);
        reason = null;
        return true;
    }

    private static bool TryParseTimestamp(ReadOnlySpan<char> text, out DateTimeOffset timestamp)
    {
        var ok = DateTime.TryParseExact(text, TimestampFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var utc);
        timestamp = ok ? new DateTimeOffset(utc, TimeSpan.Zero) : default;
        return ok;
    }

    public static bool IsPrintable(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }
        return true;
    }
}
