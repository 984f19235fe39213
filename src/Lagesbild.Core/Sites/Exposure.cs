using Lagesbild.Core.Time;

namespace Lagesbild.Core.Sites;

/// <summary>
/// How a scene's activity meets a site's opening hours, hour of the week by hour of the week, and how the sites
/// near active scenes are ranked: the score adds, for each nearby scene, its share of activity inside opening
/// hours weighted by nearness (1 at the site, 0 at the radius); ties are broken by the findings of the last 30
/// days, then by name.
/// </summary>
public static class Exposure
{
    /// <summary>How far from a site a scene counts as near it, in metres, unless asked otherwise.</summary>
    public const int DefaultRadiusMetres = 500;

    /// <summary>The days of findings that break a tie between equal scores.</summary>
    public const int FindingsDays = 30;

    /// <summary>For each local hour of the week, the fraction of it in which the site is ordinarily open.</summary>
    public static double[] OpenHoursOfWeek(OpeningHours hours)
    {
        var open = new double[HourOfWeek.Count];
        foreach (var (day, daily) in hours.Days)
        {
            var dayStart = HourOfWeek.DayIndex(day) * 24;
            var (from, to) = (ClockTime.Minutes(daily.Opens), ClockTime.Minutes(daily.Closes));
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

    /// <summary>
    /// The shares of a scene's activity inside and outside the open hours, in whole percent so that they add up to
    /// 100 as people read them; a scene with no activity at all is neither.
    /// </summary>
    public static (double Inside, double Outside) Split(IReadOnlyList<double> profile, IReadOnlyList<double> openHours)
    {
        var inside = Math.Round(ShareInside(profile, openHours), 2);
        return (inside, profile.Any(v => v > 0) ? Math.Round(1 - inside, 2) : 0);
    }

    /// <summary>A site's score: each nearby scene's share inside opening hours, weighted by nearness within the radius.</summary>
    public static double Score(IEnumerable<(double ShareInside, double DistanceMetres)> nearby, double radiusMetres) =>
        Math.Round(nearby.Sum(n => n.ShareInside * Math.Max(0, 1 - (n.DistanceMetres / radiusMetres))), 3);

    /// <summary>Whether a site belongs in the ranking: a scene near it or findings in its yard.</summary>
    public static bool IsExposed(int nearbyScenes, int findings) => nearbyScenes > 0 || findings > 0;

    /// <summary>The sites in ranking order: highest score first, then most findings, then by name.</summary>
    public static IEnumerable<T> Ranked<T>(IEnumerable<T> sites, Func<T, (double Score, int Findings, string Name)> key) =>
        sites.OrderByDescending(s => key(s).Score).ThenByDescending(s => key(s).Findings).ThenBy(s => key(s).Name, StringComparer.Ordinal);
}
