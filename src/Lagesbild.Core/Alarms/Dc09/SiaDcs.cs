namespace Lagesbild.Core.Alarms.Dc09;

/// <summary>
/// The data of a SIA-DCS message: "#acct|N" (account and new event, both tolerated missing), then blocks
/// separated by '/': modifiers in lower case with a value ("ri1" area, "id0007" user, "ti20:50:26" time) and
/// two-letter event codes with a number ("BA01"), each optionally followed by text "^Hall^". A '|' starts free
/// text that ends the events. A block that does not follow this shape is skipped whole, so that hostile or garbled
/// text never turns into an event.
/// </summary>
public static class SiaDcs
{
    private const int MaxEvents = 32;
    private const int MaxNumberDigits = 6;

    public static IReadOnlyList<PanelEvent> Parse(string data)
    {
        if (string.IsNullOrEmpty(data) || data.Length > Dc09Codec.MaxFrameBytes)
        {
            return [];
        }
        var text = data.AsSpan();
        if (text[0] == '#')
        {
            var bar = text.IndexOf('|');
            if (bar < 0)
            {
                return [];
            }
            text = text[(bar + 1)..];
        }
        var events = new List<PanelEvent>();
        int? area = null;
        foreach (var block in Blocks(text))
        {
            if (events.Count >= MaxEvents)
            {
                break;
            }
            ReadBlock(text[block], ref area, events);
        }
        return events.Count > MaxEvents ? events.GetRange(0, MaxEvents) : events;
    }

    /// <summary>The blocks between '/' up to a '|' that starts free text; text between carets may hold either.</summary>
    private static List<Range> Blocks(ReadOnlySpan<char> text)
    {
        var blocks = new List<Range>();
        var start = 0;
        var inText = false;
        var i = 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '^')
            {
                inText = !inText;
            }
            else if (!inText && c == '/')
            {
                blocks.Add(start..i);
                start = i + 1;
            }
            else if (!inText && c == '|')
            {
                break;
            }
        }
        blocks.Add(start..i);
        return blocks;
    }

    /// <summary>Reads a block into the events, or leaves them as they were when the block is not well formed.</summary>
    private static void ReadBlock(ReadOnlySpan<char> block, ref int? area, List<PanelEvent> events)
    {
        var found = new List<PanelEvent>();
        var blockArea = area;
        var i = StartsWithNew(block) ? 1 : 0;
        while (i < block.Length)
        {
            var c = block[i];
            if (c == ' ')
            {
                i++;
            }
            else if (c == '^')
            {
                var close = block[(i + 1)..].IndexOf('^');
                if (close < 0)
                {
                    return;
                }
                i += close + 2;
            }
            else if (i + 1 < block.Length && char.IsAsciiLetterLower(c) && char.IsAsciiLetterLower(block[i + 1]))
            {
                var name = block.Slice(i, 2);
                i += 2;
                var start = i;
                while (i < block.Length && (char.IsAsciiDigit(block[i]) || block[i] is ':' or '-'))
                {
                    i++;
                }
                if (name is "ri")
                {
                    if (!TryNumber(block[start..i], out var value) || value is null)
                    {
                        return;
                    }
                    blockArea = value;
                }
            }
            else if (i + 1 < block.Length && char.IsAsciiLetterUpper(c) && char.IsAsciiLetterUpper(block[i + 1]))
            {
                var code = block.Slice(i, 2).ToString();
                i += 2;
                var start = i;
                while (i < block.Length && char.IsAsciiDigit(block[i]))
                {
                    i++;
                }
                if (!TryNumber(block[start..i], out var zone))
                {
                    return;
                }
                var (kind, restore) = SiaCodes.Classify(code);
                found.Add(new PanelEvent(code, kind, restore, blockArea, zone));
            }
            else
            {
                return;
            }
        }
        area = blockArea;
        events.AddRange(found);
    }

    /// <summary>
    /// Whether a block starts with the 'N' of a new event (which some panels repeat in each block) rather than a
    /// code beginning with N ("NT01"): an N before a modifier, before two more capitals, or alone.
    /// </summary>
    private static bool StartsWithNew(ReadOnlySpan<char> block) =>
        block.Length > 0 && block[0] == 'N'
        && (block.Length == 1 || char.IsAsciiLetterLower(block[1])
            || (block.Length > 2 && char.IsAsciiLetterUpper(block[1]) && char.IsAsciiLetterUpper(block[2])));

    private static bool TryNumber(ReadOnlySpan<char> digits, out int? value)
    {
        value = null;
        if (digits.IsEmpty)
        {
            return true;
        }
        if (digits.Length > MaxNumberDigits || digits.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }
        value = int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        return true;
    }
}
