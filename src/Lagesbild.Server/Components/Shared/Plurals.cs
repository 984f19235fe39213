using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Lagesbild.Server.Components.Shared;

/// <summary>
/// Texts with a number: "1 anmälan", "2 anmälningar". Swedish and English both have one form for one and another
/// for every other number, so a text comes as two resources, <c>Name_one</c> and <c>Name_other</c>.
/// </summary>
public static class Plurals
{
    /// <summary>
    /// The text for <paramref name="count"/> (its {0}, with the language's thousands separator: "4 000"), with the
    /// further arguments as {1}, {2} and on.
    /// </summary>
    public static string Count(this IStringLocalizer texts, string name, long count, params object[] more) =>
        string.Format(CultureInfo.CurrentCulture, texts[count == 1 ? $"{name}_one" : $"{name}_other"], [count.ToString("N0", CultureInfo.CurrentCulture), .. more]);

    /// <summary>
    /// The text for a number that may have a fraction (an average, a smoothed count), written in
    /// <paramref name="format"/>: only a number written as 1 takes the form for one ("2,5 iakttagelser", "1 iakttagelse").
    /// </summary>
    public static string Number(this IStringLocalizer texts, string name, double number, string format, params object[] more)
    {
        var written = number.ToString(format, CultureInfo.CurrentCulture);
        var one = written == 1.0.ToString(format, CultureInfo.CurrentCulture);
        return string.Format(CultureInfo.CurrentCulture, texts[one ? $"{name}_one" : $"{name}_other"], [written, .. more]);
    }
}
