using System.Globalization;

namespace Lagesbild.Core.Time;

/// <summary>
/// A calendar date as the product reads it everywhere (queries, opening hours, imported files): 2026-11-26, in the
/// years a record of the city can hold.
/// </summary>
public static class CalendarDate
{
    public static bool TryParse(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) && date.Year is >= 1900 and < 2200;
}
