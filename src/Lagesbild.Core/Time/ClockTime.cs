using System.Globalization;

namespace Lagesbild.Core.Time;

/// <summary>
/// A wall-clock time as people write it ("07:30", "7:30"), with "24:00" for the end of the day
/// (<see cref="TimeOnly.MaxValue"/>): the one reading of times in opening hours, exceptions and yard presence.
/// </summary>
public static class ClockTime
{
    public const int MinutesPerDay = 24 * 60;

    public static bool TryParse(string? text, out TimeOnly time)
    {
        if (text == "24:00")
        {
            time = TimeOnly.MaxValue;
            return true;
        }
        return TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }

    /// <summary>"07:30", and "24:00" for the end of the day.</summary>
    public static string Format(TimeOnly time) => time == TimeOnly.MaxValue ? "24:00" : time.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Minutes since midnight, with the end of the day as 1440.</summary>
    public static int Minutes(TimeOnly time) => time == TimeOnly.MaxValue ? MinutesPerDay : (time.Hour * 60) + time.Minute;

    /// <summary>The time of minutes since midnight, with 1440 as the end of the day.</summary>
    public static TimeOnly FromMinutes(int minutes) => minutes >= MinutesPerDay ? TimeOnly.MaxValue : new TimeOnly(minutes / 60, minutes % 60);
}
