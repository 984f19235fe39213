using Lagesbild.Core.Scenes;
using Lagesbild.Core.Time;

namespace Lagesbild.Core.Indicators;

public enum Interval
{
    Month,
    Quarter,
    Year,
}

public readonly record struct CountAt(DateOnly At, int Count);

public sealed record PeriodChange(DateOnly From, DateOnly To, int AtStart, int AtEnd)
{
    public int Change => AtEnd - AtStart;
}

/// <summary>The number of active open drug scenes over time: the city's main outcome measure.</summary>
public static class ActiveScenes
{
    public const int MaxPoints = 2000;

    /// <summary>Scenes active at local midnight starting each step from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static IReadOnlyList<CountAt> Series(IReadOnlyList<IReadOnlyList<StatusChange>> scenes, DateOnly from, DateOnly to, Interval interval)
    {
        var points = new List<CountAt>();
        // Each point is counted from the start, so a series from the 31st keeps to month ends (31, 28, 31, 30...).
        for (var at = from; at <= to && points.Count < MaxPoints; at = Step(from, interval, points.Count))
            points.Add(new CountAt(at, CountAt(scenes, at)));
        return points;
    }

    public static PeriodChange Compare(IReadOnlyList<IReadOnlyList<StatusChange>> scenes, DateOnly from, DateOnly to) =>
        new(from, to, CountAt(scenes, from), CountAt(scenes, to));

    public static int CountAt(IReadOnlyList<IReadOnlyList<StatusChange>> scenes, DateOnly date)
    {
        var instant = Stockholm.StartOfDay(date);
        return scenes.Count(history => SceneLifecycle.IsActiveAt(history, instant));
    }

    private static DateOnly Step(DateOnly from, Interval interval, int steps) => interval switch
    {
        Interval.Month => from.AddMonths(steps),
        Interval.Quarter => from.AddMonths(3 * steps),
        _ => from.AddYears(steps),
    };
}
