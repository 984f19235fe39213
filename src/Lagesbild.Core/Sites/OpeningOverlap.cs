using Lagesbild.Core.Time;

namespace Lagesbild.Core.Sites;

/// <summary>
/// When nearby scenes are active while a site is open: the hours of the week where a scene's activity
/// (<see cref="YardPresence.ActiveHours"/>) meets the opening hours (<see cref="Exposure.OpenHoursOfWeek"/>). The
/// principal is told when hours appear that were not there when last told, once per change.
/// </summary>
public static class OpeningOverlap
{
    /// <summary>The hours of the week in which a nearby scene is active and the site is open, in order.</summary>
    public static IReadOnlyList<int> Hours(IReadOnlyList<bool> activeHours, IReadOnlyList<double> openHours)
    {
        var hours = new List<int>();
        for (var h = 0; h < HourOfWeek.Count; h++)
        {
            if (activeHours[h] && openHours[h] > 0)
                hours.Add(h);
        }
        return hours;
    }

    /// <summary>
    /// The overlapping hours that are new since the principal was last told (none when the overlap only shrank or
    /// stayed): an overlap that starts, or grows into hours it did not cover.
    /// </summary>
    public static IReadOnlyList<int> Started(IReadOnlyList<int> now, IReadOnlyCollection<int> lastTold) =>
        [.. now.Where(h => !lastTold.Contains(h))];

    /// <summary>The hours as stored ("7,8,31"), and read back.</summary>
    public static string Write(IEnumerable<int> hours) => string.Join(',', hours.Select(h => h.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static IReadOnlyList<int> Read(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : [.. stored.Split(',').Select(h => int.Parse(h, System.Globalization.CultureInfo.InvariantCulture))];
}
