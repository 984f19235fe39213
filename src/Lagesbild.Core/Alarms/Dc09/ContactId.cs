using System.Globalization;

namespace Lagesbild.Core.Alarms.Dc09;

/// <summary>
/// The data of an ADM-CID message (Ademco Contact ID): "#acct|Q EEE GG ZZZ", written "1130 01 015": qualifier
/// (1 new event, 3 restore or closing, 6 previously reported), three-digit event, two-digit group (partition),
/// three-digit zone or user. Anything else is null.
/// </summary>
public static class ContactId
{
    private const int Digits = 9;

    public static PanelEvent? Parse(string data)
    {
        if (string.IsNullOrEmpty(data) || data.Length > 64)
        {
            return null;
        }
        var text = data.AsSpan();
        if (text[0] == '#')
        {
            var bar = text.IndexOf('|');
            if (bar < 0)
            {
                return null;
            }
            text = text[(bar + 1)..];
        }
        Span<char> digits = stackalloc char[Digits];
        var count = 0;
        foreach (var c in text)
        {
            if (c == ' ')
            {
                continue;
            }
            if (!char.IsAsciiDigit(c) || count == Digits)
            {
                return null;
            }
            digits[count++] = c;
        }
        if (count != Digits || digits[0] is not ('1' or '3' or '6'))
        {
            return null;
        }
        var code = digits.Slice(1, 3).ToString();
        var number = int.Parse(code, CultureInfo.InvariantCulture);
        var group = int.Parse(digits.Slice(4, 2), CultureInfo.InvariantCulture);
        var zone = int.Parse(digits.Slice(6, 3), CultureInfo.InvariantCulture);
        var qualifier = digits[0];
        if (IsOpenClose(number))
        {
            // For openings and closings the qualifier says which: 1 an opening (disarmed), 3 a closing (armed).
            return new PanelEvent(code, qualifier == '3' ? PanelEventKind.Arming : PanelEventKind.Disarming, false, group, zone);
        }
        return new PanelEvent(code, Kind(number), qualifier == '3', group, zone);
    }

    private static bool IsOpenClose(int code) => code is (>= 400 and <= 409) or 441 or 442;

    private static PanelEventKind Kind(int code) => code switch
    {
        >= 100 and <= 102 => PanelEventKind.Medical,
        >= 110 and <= 118 => PanelEventKind.Fire,
        >= 120 and <= 129 => PanelEventKind.Panic,
        137 or 144 or 145 or 383 => PanelEventKind.Tamper,
        (>= 130 and <= 139) or 140 or 146 => PanelEventKind.Burglary,
        >= 300 and <= 399 => PanelEventKind.Trouble,
        >= 600 and <= 609 => PanelEventKind.Test,
        _ => PanelEventKind.Other,
    };
}
