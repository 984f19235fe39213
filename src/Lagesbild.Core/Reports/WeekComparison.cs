using Lagesbild.Core.Time;

namespace Lagesbild.Core.Reports;

/// <summary>A count this week beside the average week of the four before it.</summary>
public sealed record CountRow<TKey>(TKey Key, int ThisWeek, double PreviousAverage)
{
    public double Change => ThisWeek - PreviousAverage;
}

/// <summary>Observations this week on one weekday, in four six-hour blocks (night 0–6, morning 6–12, afternoon 12–18, evening 18–24).</summary>
public sealed record TimeOfWeekRow(DayOfWeek Day, int Night, int Morning, int Afternoon, int Evening);

/// <summary>A comparison as the report shows it: the average to one decimal, and the change from that average.</summary>
public readonly record struct ShownComparison(int ThisWeek, double PreviousAverage, double Change);

/// <summary>
/// The weekly report's comparisons: this week against the average of the <see cref="CompareWeeks"/> weeks before
/// it, and this week's events in six-hour blocks of each local weekday.
/// </summary>
public static class WeekComparison
{
    public const int CompareWeeks = 4;

    /// <summary>The average week of a count over the weeks before.</summary>
    public static double Average(int countBefore) => countBefore / (double)CompareWeeks;

    /// <summary>A key's row: its instants from <paramref name="weekStart"/> on are this week's, the earlier ones the weeks before.</summary>
    public static CountRow<TKey> Row<TKey>(TKey key, IEnumerable<DateTimeOffset> instants, DateTimeOffset weekStart)
    {
        var (thisWeek, before) = (0, 0);
        foreach (var at in instants)
            _ = at >= weekStart ? thisWeek++ : before++;
        return new CountRow<TKey>(key, thisWeek, Average(before));
    }

    /// <summary>The rows of every key, in the keys' order, leaving out those with nothing this week or before.</summary>
    public static List<CountRow<TKey>> Rows<TKey>(IEnumerable<TKey> keys, Func<TKey, IEnumerable<DateTimeOffset>> instants, DateTimeOffset weekStart) =>
        keys.Select(k => Row(k, instants(k), weekStart)).Where(r => r.ThisWeek > 0 || r.PreviousAverage > 0).ToList();

    /// <summary>The week's instants by local weekday (Monday first) and six-hour block; Stockholm's clock, so daylight saving days count right.</summary>
    public static List<TimeOfWeekRow> Blocks(IEnumerable<DateTimeOffset> instants)
    {
        var blocks = new int[7, 4];
        foreach (var at in instants)
        {
            var local = Stockholm.ToLocal(at);
            blocks[HourOfWeek.DayIndex(local.DayOfWeek), local.Hour / 6]++;
        }
        return Enumerable.Range(0, 7)
            .Select(d => new TimeOfWeekRow((DayOfWeek)((d + 1) % 7), blocks[d, 0], blocks[d, 1], blocks[d, 2], blocks[d, 3]))
            .ToList();
    }

    /// <summary>The change from the average as shown (one decimal), so that the row adds up as the reader sees it.</summary>
    public static ShownComparison Shown(int thisWeek, double previousAverage)
    {
        var shown = Math.Round(previousAverage, 1, MidpointRounding.AwayFromZero);
        return new ShownComparison(thisWeek, shown, thisWeek - shown);
    }
}
