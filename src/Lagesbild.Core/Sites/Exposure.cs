using Lagesbild.Core.Time;

namespace Lagesbild.Core.Sites;

/// <summary>How a scene's activity meets a site's opening hours, hour of the week by hour of the week.</summary>
public static class Exposure
{
    /// <summary>For each local hour of the week, the fraction of it in which the site is ordinarily open.</summary>
    public static double[] OpenHoursOfWeek(OpeningHours hours)
    {
        var open = new double[HourOfWeek.Count];
        foreach (var (day, daily) in hours.Days)
        {
            var dayStart = HourOfWeek.DayIndex(day) * 24;
            var (from, to) = (Minutes(daily.Opens), Minutes(daily.Closes));
            for (var hour = 0; hour < 24; hour++)
            {
                var overlap = Math.Min(to, (hour + 1) * 60) - Math.Max(from, hour * 60);
                if (overlap > 0)
                    open[dayStart + hour] = overlap / 60.0;
            }
        }
        return open;
    }

    /// <summary>The share of a scene's activity (an hour-of-week profile) that falls inside the open hours; the rest is outside.</summary>
    public static double ShareInside(IReadOnlyList<double> profile, IReadOnlyList<double> openHours)
    {
        double total = 0, inside = 0;
        for (var h = 0; h < HourOfWeek.Count; h++)
        {
            total += profile[h];
            inside += profile[h] * openHours[h];
        }
        return total > 0 ? Math.Round(inside / total, 3) : 0;
    }

    /// <summary>Minutes since midnight, with the end of the day ("24:00") as 1440.</summary>
    public static int Minutes(TimeOnly time) => time == TimeOnly.MaxValue ? 24 * 60 : (time.Hour * 60) + time.Minute;

    /// <summary>The time of minutes since midnight, with 1440 as the end of the day.</summary>
    public static TimeOnly TimeOf(int minutes) => minutes >= 24 * 60 ? TimeOnly.MaxValue : new TimeOnly(minutes / 60, minutes % 60);
}
