using System.Text.RegularExpressions;

namespace Lagesbild.Core.Privacy;

/// <summary>
/// Finds Swedish telephone numbers in free text (070-123 45 67, 08-123 456 78, +46 70 123 45 67), so that a
/// resident's report that names someone's number can be refused: reports describe places, not people. The
/// short public numbers (112, 114 14) are not personal and do not count.
/// </summary>
public static partial class PhoneNumbers
{
    /// <summary>Whether the text holds a Swedish telephone number, also written in another script's digits.</summary>
    public static bool Contains(string? text) => text is not null && Candidates().Matches(Digits.Ascii(text)).Any(m => IsNumber(m.Value));

    private static bool IsNumber(string candidate)
    {
        var digits = new string(candidate.Where(char.IsAsciiDigit).ToArray());
        // +46 and 0046 stand for the trunk zero, which some still write after them: +46 (0)70 ...
        var international = candidate.TrimStart().StartsWith('+') ? digits[2..]
            : digits.StartsWith("0046", StringComparison.Ordinal) ? digits[4..]
            : null;
        var national = international is null ? digits : "0" + (international.StartsWith('0') ? international[1..] : international);
        // A national number is a zero, an area code not starting with zero, and 7 to 9 digits more in all. Dots are
        // taken for a mobile number only (070.123.45.67): 08.30-09.15 is a time of day.
        return national.Length is >= 8 and <= 10 && national[0] == '0' && national[1] != '0'
            && (!candidate.Contains('.', StringComparison.Ordinal) || national[1] == '7');
    }

    /// <summary>A run of digits with spaces, hyphens, brackets, dots or slashes between them, starting with 0 or +46 and not inside a longer number.</summary>
    [GeneratedRegex(@"(?<![0-9+])(?:\+46|0)[\s\-()./]*[0-9](?:[\s\-()./]*[0-9]){6,11}(?![0-9])")]
    private static partial Regex Candidates();
}
