namespace Lagesbild.Core.Alarms.Dc09;

/// <summary>
/// The header of a frame, from the first quote to the data's '[': <c>"id"seq[Rrcvr]Lpref#acct</c>.
/// </summary>
internal readonly record struct Dc09Header(string Id, bool Encrypted, string Sequence, string? Receiver, string Prefix,
    string Account)
{
    public const int MaxIdLength = 16;

    /// <summary>Reads the header; <paramref name="end"/> is the index of the data's '['.</summary>
    public static bool TryRead(ReadOnlySpan<char> text, out Dc09Header header, out int end, out string? reason)
    {
        header = default;
        end = 0;
        var idEnd = text.Length > 1 && text[0] == '"' ? text[1..].IndexOf('"') + 1 : -1;
        if (idEnd < 1)
        {
            reason = "the header is malformed";
            return false;
        }
        var id = text[1..idEnd];
        var encrypted = id.Length > 0 && id[0] == '*';
        id = encrypted ? id[1..] : id;
        if (!IsId(id))
        {
            reason = "the message type is malformed";
            return false;
        }
        var at = idEnd + 1;
        if (at + 4 > text.Length || !IsSequence(text.Slice(at, 4)))
        {
            reason = "the sequence is not four digits";
            return false;
        }
        var sequence = text.Slice(at, 4).ToString();
        at += 4;
        if (!TryReadAddress(text, ref at, id is Dc09Codec.NakId, out var receiver, out var prefix, out var account, out reason))
        {
            return false;
        }
        if (at >= text.Length || text[at] != '[')
        {
            reason = "the data block is missing";
            return false;
        }
        header = new Dc09Header(id.ToString(), encrypted, sequence, receiver, prefix, account);
        end = at;
        return true;
    }

    /// <summary>Receiver, prefix and account. A NAK may write its account 0 as "A0" after the prefix.</summary>
    private static bool TryReadAddress(ReadOnlySpan<char> text, ref int at, bool nak, out string? receiver,
        out string prefix, out string account, out string? reason)
    {
        receiver = null;
        prefix = "";
        account = "";
        if (at < text.Length && text[at] == 'R')
        {
            var run = HexRun(text, at + 1);
            if (run is < 1 or > 6)
            {
                reason = "the receiver is not 1 to 6 hex digits";
                return false;
            }
            receiver = text.Slice(at + 1, run).ToString();
            at += 1 + run;
        }
        if (at < text.Length && text[at] == 'L')
        {
            var digits = text.Slice(at + 1, HexRun(text, at + 1));
            var marker = digits.LastIndexOf('A');
            if (nak && marker > 0 && marker < digits.Length - 1 && at + 1 + digits.Length < text.Length
                && text[at + 1 + digits.Length] == '[')
            {
                prefix = digits[..marker].ToString();
                account = digits[(marker + 1)..].ToString();
                at += 1 + digits.Length;
                reason = null;
                return true;
            }
            if (digits.Length is < 1 or > 6)
            {
                reason = "the account prefix is not 1 to 6 hex digits";
                return false;
            }
            prefix = digits.ToString();
            at += 1 + digits.Length;
        }
        if (at >= text.Length || text[at] != '#')
        {
            reason = "the account is missing";
            return false;
        }
        var length = HexRun(text, at + 1);
        if (length is < 3 or > 16)
        {
            reason = "the account is not 3 to 16 hex digits";
            return false;
        }
        account = text.Slice(at + 1, length).ToString();
        at += 1 + length;
        reason = null;
        return true;
    }

    public static int HexRun(ReadOnlySpan<char> text, int from)
    {
        var end = from;
        while (end < text.Length && char.IsAsciiHexDigit(text[end]))
        {
            end++;
        }
        return end - from;
    }

    public static bool IsHex(string text, int min, int max) =>
        text.Length >= min && text.Length <= max && HexRun(text, 0) == text.Length;

    public static bool IsSequence(ReadOnlySpan<char> text) =>
        text.Length == 4 && !text.ContainsAnyExceptInRange('0', '9');

    public static bool IsId(ReadOnlySpan<char> id)
    {
        if (id.Length is 0 or > MaxIdLength)
        {
            return false;
        }
        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return false;
            }
        }
        return true;
    }
}
