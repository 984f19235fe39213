using System.Globalization;

namespace Lagesbild.Core.Time;

/// <summary>
/// An ISO 8601 week, as the weekly lägesbild names it ("2026-W47"): Monday to Sunday, Stockholm time. A year has
/// 52 or 53 weeks; week 1 is the week with the year's first Thursday.
/// </summary>
public readonly record struct IsoWeekId(int Year, int Week)
{
    public static bool TryParse(string? text, out IsoWeekId week, out string? error)
    {
        week = default;
        var parts = (text ?? "").Trim().Split("-W", StringSplitOptions.None);
        if (parts.Length != 2 || parts[0].Length != 4 || parts[1].Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || year is < 1900 or > 2199)
        {
            error = "week must be an ISO week such as 2026-W47.";
            return false;
        }
        var weeks = ISOWeek.GetWeeksInYear(year);
        if (number < 1 || number > weeks)
        {
            error = $"{year} has weeks 1 to {weeks}; there is no week {number}.";
            return false;
        }
        week = new IsoWeekId(year, number);
        error = null;
        return true;
    }

    /// <summary>The week a local date falls in.</summary>
    public static IsoWeekId Of(DateOnly date) => new(ISOWeek.GetYear(date.ToDateTime(TimeOnly.MinValue)), ISOWeek.GetWeekOfYear(date.ToDateTime(TimeOnly.MinValue)));

    public DateOnly Monday => DateOnly.FromDateTime(ISOWeek.ToDateTime(Year, Week, DayOfWeek.Monday));

    /// <summary>From Monday 00:00 to the next Monday 00:00, Stockholm time, as instants (167 or 169 hours in a week that changes the clock).</summary>
    public (DateTimeOffset From, DateTimeOffset To) Window => (Stockholm.StartOfDay(Monday), Stockholm.StartOfDay(Monday.AddDays(7)));

    /// <summary>The week <paramref name="weeks"/> weeks earlier (or later, for a negative number).</summary>
    public IsoWeekId Minus(int weeks) => Of(Monday.AddDays(-7 * weeks));

    /// <summary>The week before the present one, in Stockholm time: the one a Tuesday meeting looks back on.</summary>
    public static IsoWeekId LastComplete(DateTimeOffset now) => Of(DateOnly.FromDateTime(Stockholm.ToLocal(now))).Minus(1);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year}-W{Week:00}");
}
