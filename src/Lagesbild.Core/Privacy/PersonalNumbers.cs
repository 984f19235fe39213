using System.Text.RegularExpressions;

namespace Lagesbild.Core.Privacy;

/// <summary>
/// Finds Swedish personal identity numbers (personnummer, and samordningsnummer with day + 60) in free text,
/// so that they are refused before they are stored. A match needs a plausible date and a valid check digit
/// (Luhn), which keeps phone numbers and counts from being mistaken for one.
/// </summary>
public static partial class PersonalNumbers
{
    /// <summary>Whether the text holds a personnummer, also written in another script's digits.</summary>
    public static bool Contains(string? text) =>
        text is not null && Candidates().Matches(Digits.Ascii(text)).Any(m => IsValid(m.Groups["century"].Value, m.Groups["digits"].Value));

    private static bool IsValid(string century, string digits)
    {
        var compact = new string(digits.Where(char.IsAsciiDigit).ToArray());
        if (compact.Length != 10)
            return false;
        var month = int.Parse(compact.AsSpan(2, 2), provider: System.Globalization.CultureInfo.InvariantCulture);
        var day = int.Parse(compact.AsSpan(4, 2), provider: System.Globalization.CultureInfo.InvariantCulture);
        if (day > 60)
            day -= 60; // samordningsnummer
        if (month is < 1 or > 12 || day is < 1 or > 31)
            return false;
        if (century.Length > 0 && century is not ("18" or "19" or "20"))
            return false;
        return Luhn(compact);
    }

    private static bool Luhn(string tenDigits)
    {
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            var value = (tenDigits[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += value > 9 ? value - 9 : value;
        }
        return sum % 10 == 0;
    }

    [GeneratedRegex(@"(?<![0-9])(?<century>[0-9]{2})?(?<digits>[0-9]{6}(?: *[-+] *| )?[0-9]{4})(?![0-9])")]
    private static partial Regex Candidates();
}
