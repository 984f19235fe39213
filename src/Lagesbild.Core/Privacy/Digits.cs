namespace Lagesbild.Core.Privacy;

/// <summary>Text with every decimal digit of any script (full-width ０, Arabic-Indic ٠ ...) written as 0–9.</summary>
public static class Digits
{
    public static string Ascii(string text)
    {
        if (!text.Any(c => char.IsDigit(c) && !char.IsAsciiDigit(c)))
            return text;
        return string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsDigit(c) && !char.IsAsciiDigit(c) ? (char)('0' + (int)char.GetNumericValue(c)) : c;
            }
        });
    }
}
