using System.Globalization;
using System.Text;

namespace Lagesbild.Core.Privacy;

/// <summary>
/// Text as the number checks read it: compatibility forms folded (full-width and mathematical digits, non-breaking
/// hyphens), every decimal digit of any script written as 0–9, every dash as '-' and every space as ' '.
/// </summary>
public static class Digits
{
    public static string Ascii(string text)
    {
        var folded = text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            builder.Append(char.GetUnicodeCategory(c) switch
            {
                UnicodeCategory.DecimalDigitNumber when !char.IsAsciiDigit(c) => (char)('0' + (int)char.GetNumericValue(c)),
                UnicodeCategory.DashPunctuation => '-',
                UnicodeCategory.SpaceSeparator => ' ',
                _ => c,
            });
        }
        return builder.ToString();
    }
}

/// <summary>
/// Text that can be stored, shown and written as XML: no control characters (C0 and C1) but tab and line breaks, no
/// broken pairs, and none of the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) that
/// make a name or a CSV cell read differently from what it holds.
/// </summary>
public static class PlainText
{
    public static bool IsClean(string? text)
    {
        if (text is null)
            return true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (!System.Xml.XmlConvert.IsXmlChar(c) || c is >= '\u007F' and <= '\u009F' or >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
                return false;
        }
        return true;
    }

    /// <summary>
    /// A name (of a person, an organisation, a sensor, a key): clean text on one line, without the invisible marks
    /// that turn text around or hide it (U+202E shows "gpj.exe" as "exe.jpg"), so that a list shows what was typed.
    /// </summary>
    public static bool IsName(string? text) =>
        IsClean(text) && (text ?? "").All(c => c >= ' ' && !IsDirectionMark(c));

    private static bool IsDirectionMark(char c) =>
        c is '\u200B' or '\u200E' or '\u200F' or '\u2028' or '\u2029' or '\u2060' or '\uFEFF' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
