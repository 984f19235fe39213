using Lagesbild.Core.Reports;
using Lagesbild.Core.Time;

namespace Lagesbild.Core.Tests.Reports;

public sealed class WeekComparisonTests
{
    // ISO week 13 of 2026: Monday 23 March to Sunday 29 March, when summer time starts (02:00 becomes 03:00).
    private static readonly DateTimeOffset WeekStart = Stockholm.StartOfDay(new DateOnly(2026, 3, 23));

    [Fact]
    public void This_week_stands_beside_the_average_of_the_four_before()
    {
        var instants = new[] { WeekStart.AddDays(1), WeekStart.AddDays(2), WeekStart.AddDays(-1), WeekStart.AddDays(-20), WeekStart.AddDays(-27) };
        var row = WeekComparison.Row("Dealing", instants, WeekStart);
        Assert.Equal(("Dealing", 2, 0.75), (row.Key, row.ThisWeek, row.PreviousAverage));
        Assert.Equal(1.25, row.Change);
        Assert.Equal(2.5, WeekComparison.Average(10));
    }

    [Fact]
    public void Rows_keep_the_keys_order_and_leave_out_keys_with_nothing()
    {
        var byKey = new Dictionary<string, DateTimeOffset[]> { ["a"] = [WeekStart.AddDays(-3)], ["b"] = [], ["c"] = [WeekStart] };
        var rows = WeekComparison.Rows(["c", "b", "a"], k => byKey[k], WeekStart);
        Assert.Equal(["c", "a"], rows.Select(r => r.Key));
        Assert.Equal((0, 0.25), (rows[1].ThisWeek, rows[1].PreviousAverage));
    }

    [Fact]
    public void Blocks_follow_the_local_clock_on_the_day_summer_time_starts()
    {
        // Sunday 29 March 2026: 00:30 UTC is 01:30 local (night), 01:30 UTC is 03:30 local (still night), 04:30 UTC is 06:30 local (morning).
        var sunday = new DateTimeOffset(2026, 3, 29, 0, 30, 0, TimeSpan.Zero);
        var blocks = WeekComparison.Blocks([sunday, sunday.AddHours(1), sunday.AddHours(4), WeekStart]);
        Assert.Equal(7, blocks.Count);
        Assert.Equal(new TimeOfWeekRow(DayOfWeek.Monday, 1, 0, 0, 0), blocks[0]);
        Assert.Equal(new TimeOfWeekRow(DayOfWeek.Sunday, 2, 1, 0, 0), blocks[6]);
    }

    [Fact]
    public void The_change_is_from_the_average_as_shown()
    {
        Assert.Equal(new ShownComparison(3, 1.3, 1.7), Round(WeekComparison.Shown(3, 1.25)));
        Assert.Equal(new ShownComparison(0, 0.3, -0.3), Round(WeekComparison.Shown(0, 0.25)));
        Assert.Equal(new ShownComparison(2, 2, 0), WeekComparison.Shown(2, 2));
    }

    private static ShownComparison Round(ShownComparison c) => c with { Change = Math.Round(c.Change, 6) };
}
