using System.Globalization;
using System.Text;

namespace Lagesbild.Core.Alarms.Dc09;

/// <summary>
/// Reads and writes SIA DC-09 frames: <c>LF crc 0LLL "id" seq [Rrcvr] Lpref #acct [data][ext...]_timestamp CR</c>.
/// The CRC and the length (hexadecimal) cover the text from the first quote to just before the CR.
/// </summary>
public static class Dc09Codec
{
    /// <summary>A frame longer than this is refused (the reader stops reading).</summary>
    public const int MaxFrameBytes = 1024;

    public const string SiaDcsId = "SIA-DCS";
    public const string ContactIdId = "ADM-CID";
    public const string NullId = "NULL";
    public const string AckId = "ACK";
    public const string NakId = "NAK";
    public const string DuhId = "DUH";

    /// <summary>The standard's window around the receiver's clock for a message's timestamp.</summary>
    public static readonly TimeSpan WindowBefore = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan WindowAfter = TimeSpan.FromSeconds(40);

    private const byte Lf = 0x0A;
    private const byte Cr = 0x0D;
    private const int HeadLength = 8; // crc and length, four hex digits each

    /// <summary>
    /// Reads one whole frame (LF ... CR, both included). Returns false with a reason when the frame is to be
    /// ignored (no answer): wrong CRC, wrong length, no LF/CR, not ASCII, malformed header or data.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> frame, out Dc09Frame? read, out string? reason)
    {
        read = null;
        reason = CheckEnvelope(frame);
        if (reason is not null)
        {
            return false;
        }
        var text = Encoding.ASCII.GetString(frame[1..^1]);
        if (!ushort.TryParse(text.AsSpan(0, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var crc)
            || !ushort.TryParse(text.AsSpan(4, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var length))
        {
            reason = "the CRC or the length is not hexadecimal";
            return false;
        }
        if (length != text.Length - HeadLength)
        {
            reason = $"the length says {length} characters, the frame holds {text.Length - HeadLength}";
            return false;
        }
        if (Dc09Crc.Compute(frame[(1 + HeadLength)..^1]) != crc)
        {
            reason = "the CRC does not match";
            return false;
        }
        return TryParseMessage(text.AsSpan(HeadLength), out read, out reason);
    }

    /// <summary>
    /// Whether a timestamp is inside the standard's window (20 s before to 40 s after the receiver's clock, both
    /// edges included). A frame without a timestamp (allowed unencrypted) passes.
    /// </summary>
    public static bool InWindow(DateTimeOffset? timestamp, DateTimeOffset now) =>
        timestamp is not { } t || (t >= now - WindowBefore && t <= now + WindowAfter);

    /// <summary>
    /// The acknowledgement of a frame: the same sequence, receiver, prefix and account, empty data and the
    /// receiver's time; encrypted ("*ACK") with the key, plain when the key is empty.
    /// </summary>
    public static byte[] Ack(Dc09Frame answered, ReadOnlySpan<byte> key, DateTimeOffset now) =>
        Answer(AckId, answered, key, now);

    /// <summary>
    /// The refusal of a frame whose timestamp is outside the window: sequence 0000, receiver 0, prefix 0 and
    /// account 0 (written "A0" as the standard's example has it), empty data and the receiver's time, so that the
    /// panel can set its clock. Always plain.
    /// </summary>
    public static byte[] Nak(DateTimeOffset now) =>
        Wrap("\"" + NakId + "\"0000R0L0A0[" + new Dc09Body("", null, now).Format());

    /// <summary>
    /// The answer to a frame for an account or a message type the receiver does not know: shaped like an ACK;
    /// encrypted ("*DUH") with the key, plain when the key is empty.
    /// </summary>
    public static byte[] Duh(Dc09Frame answered, ReadOnlySpan<byte> key, DateTimeOffset now) =>
        Answer(DuhId, answered, key, now);

    /// <summary>For senders (tests, the benchmark, the README): a whole frame with LF, CRC, length and CR.</summary>
    public static byte[] Build(string id, string sequence, string? receiver, string prefix, string account,
        string data, DateTimeOffset? timestamp, ReadOnlySpan<byte> key) =>
        Build(id, sequence, receiver, prefix, account, data, null, timestamp, key);

    /// <summary>
    /// A whole frame with extended data blocks after the data, as sent ("[X018E02][Y59E33]"). Throws
    /// ArgumentException for a field the standard does not allow; an encrypted frame needs a timestamp.
    /// </summary>
    public static byte[] Build(string id, string sequence, string? receiver, string prefix, string account,
        string data, string? extended, DateTimeOffset? timestamp, ReadOnlySpan<byte> key)
    {
        extended = string.IsNullOrEmpty(extended) ? null : extended;
        Require(Dc09Header.IsId(id), nameof(id), "an id is 1 to 16 upper-case letters, digits or '-'");
        Require(Dc09Header.IsSequence(sequence), nameof(sequence), "a sequence is four digits");
        Require(receiver is null || Dc09Header.IsHex(receiver, 1, 6), nameof(receiver), "a receiver is 1 to 6 hex digits");
        Require(prefix.Length == 0 || Dc09Header.IsHex(prefix, 1, 6), nameof(prefix), "a prefix is 1 to 6 hex digits");
        Require(Dc09Header.IsHex(account, 3, 16), nameof(account), "an account is 3 to 16 hex digits");
        Require(Dc09Body.IsPrintable(data) && data.IndexOfAny(['[', ']']) < 0, nameof(data),
            "data is printable ASCII without brackets");
        Require(extended is null || (Dc09Body.TryParse("]" + extended, false, out var parsed, out _)
            && parsed.Extended == extended && parsed.Timestamp is null), nameof(extended),
            "extended data is a series of [..] blocks");
        Require(key.IsEmpty || Dc09Cipher.IsKeyLength(key.Length), nameof(key), "a key is 16, 24 or 32 bytes");
        Require(key.IsEmpty || timestamp is not null, nameof(timestamp), "an encrypted frame needs a timestamp");
        var frame = Compose(id, sequence, receiver, prefix, account, new Dc09Body(data, extended, timestamp), key);
        Require(frame.Length <= MaxFrameBytes, nameof(data), $"a frame is at most {MaxFrameBytes} bytes");
        return frame;
    }

    private static byte[] Answer(string id, Dc09Frame answered, ReadOnlySpan<byte> key, DateTimeOffset now) =>
        Compose(id, answered.Sequence, answered.Receiver, answered.Prefix, answered.Account,
            new Dc09Body("", null, now), key);

    private static byte[] Compose(string id, string sequence, string? receiver, string prefix, string account,
        Dc09Body body, ReadOnlySpan<byte> key)
    {
        var encrypted = !key.IsEmpty;
        var text = new StringBuilder(128)
            .Append('"').Append(encrypted ? "*" : "").Append(id).Append('"')
            .Append(sequence)
            .Append(receiver is null ? "" : "R" + receiver)
            .Append(prefix.Length == 0 ? "" : "L" + prefix)
            .Append('#').Append(account)
            .Append('[')
            .Append(encrypted ? Dc09Cipher.Encrypt(body.Format(), key) : body.Format());
        return Wrap(text.ToString());
    }

    private static byte[] Wrap(string text)
    {
        var frame = new byte[1 + HeadLength + text.Length + 1];
        frame[0] = Lf;
        Encoding.ASCII.GetBytes(text, frame.AsSpan(1 + HeadLength));
        var crc = Dc09Crc.Compute(frame.AsSpan(1 + HeadLength, text.Length));
        Encoding.ASCII.GetBytes(crc.ToString("X4", CultureInfo.InvariantCulture), frame.AsSpan(1));
        Encoding.ASCII.GetBytes(text.Length.ToString("X4", CultureInfo.InvariantCulture), frame.AsSpan(5));
        frame[^1] = Cr;
        return frame;
    }

    private static string? CheckEnvelope(ReadOnlySpan<byte> frame)
    {
        if (frame.Length > MaxFrameBytes)
        {
            return $"the frame is longer than {MaxFrameBytes} bytes";
        }
        if (frame.IsEmpty || frame[0] != Lf)
        {
            return "the frame does not start with LF";
        }
        if (frame.Length < 2 + HeadLength)
        {
            return "the frame is too short";
        }
        if (frame[^1] != Cr)
        {
            return "the frame does not end with CR";
        }
        foreach (var b in frame[1..^1])
        {
            if (b is < 0x20 or > 0x7E)
            {
                return "the frame holds characters outside printable ASCII";
            }
        }
        return null;
    }

    private static bool TryParseMessage(ReadOnlySpan<char> text, out Dc09Frame? read, out string? reason)
    {
        read = null;
        if (!Dc09Header.TryRead(text, out var header, out var dataStart, out reason))
        {
            return false;
        }
        var rest = text[(dataStart + 1)..];
        if (header.Encrypted)
        {
            if (rest.Length == 0 || rest.Length % 32 != 0 || Dc09Header.HexRun(rest, 0) != rest.Length)
            {
                reason = "the encrypted data is not whole blocks of hex";
                return false;
            }
            read = new Dc09Frame(header.Id, true, header.Sequence, header.Receiver, header.Prefix, header.Account,
                null, null, null, rest.ToString().ToUpperInvariant());
            return true;
        }
        if (!Dc09Body.TryParse(rest, timestampRequired: false, out var body, out reason))
        {
            return false;
        }
        read = new Dc09Frame(header.Id, false, header.Sequence, header.Receiver, header.Prefix, header.Account,
            body.Data, body.Extended, body.Timestamp, null);
        return true;
    }

    private static void Require(bool ok, string field, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"Not a valid DC-09 field: {rule}.", field);
        }
    }
}
