using System.Globalization;
using System.Text.RegularExpressions;

namespace Lagesbild.Core.Indicators;

/// <summary>Where a figure comes from: the city's published reports, the city's own survey data, or made up for the demo.</summary>
public enum Provenance
{
    Published,
    Survey,
    Synthetic,
}

/// <summary>The area a figure describes: the whole city, a stadsdelsområde (borough) or a stadsdel (district).</summary>
public enum AreaKind
{
    City,
    Borough,
    District,
}

/// <summary>The year or years a survey figure covers: "2020", or a range "2019-2020".</summary>
public readonly partial record struct IndicatorPeriod(int From, int To)
{
    public const int FirstYear = 1990, LastYear = 2100;

    public static bool TryParse(string? text, out IndicatorPeriod period)
    {
        period = default;
        var match = Shape().Match(text?.Trim() ?? "");
        if (!match.Success)
            return false;
        var from = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var to = match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : from;
        if (from is < FirstYear or > LastYear || to is < FirstYear or > LastYear || to < from)
            return false;
        period = new IndicatorPeriod(from, to);
        return true;
    }

    public override string ToString() => From == To
        ? From.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{From}-{To}");

    /// <summary>A year, or two years joined by a hyphen or an en dash.</summary>
    [GeneratedRegex(@"^(\d{4})(?:\s*[-–]\s*(\d{4}))?$")]
    private static partial Regex Shape();
}

public static class IndicatorRules
{
    public const string Percent = "%";

    /// <summary>What is wrong with a value in its unit, or null: a percentage lies between 0 and 100, and no figure is negative.</summary>
    public static string? CheckValue(double value, string unit)
    {
        if (!double.IsFinite(value))
            return "value must be a finite number.";
        if (unit == Percent && value is < 0 or > 100)
            return string.Create(CultureInfo.InvariantCulture, $"value {value} is a percentage and must lie between 0 and 100.");
        return value < 0 ? "value cannot be negative." : null;
    }
}
