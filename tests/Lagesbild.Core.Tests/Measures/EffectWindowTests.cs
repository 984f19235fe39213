using Lagesbild.Core.Measures;
using Lagesbild.Core.Time;

namespace Lagesbild.Core.Tests.Measures;

public class EffectWindowTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Twelve_weeks_either_side_of_a_start_long_enough_ago()
    {
        var window = MeasureEffect.WindowFor(new DateOnly(2026, 9, 1), Now, 12);

        Assert.Equal(new DateTimeOffset(2026, 8, 31, 22, 0, 0, TimeSpan.Zero), window.Start); // midnight in Stockholm, summer time
        Assert.Equal(84, window.DaysEachSide);
        Assert.Equal(window.AfterTo - window.Start, window.Start - window.BeforeFrom);
        Assert.True(window.Started);
    }

    [Fact]
    public void A_recent_start_cuts_both_windows_to_the_days_run()
    {
        var window = MeasureEffect.WindowFor(new DateOnly(2026, 11, 1), Now, 12);

        Assert.Equal(26, window.DaysEachSide);
        Assert.Equal(26, window.DaysRun);
    }

    [Fact]
    public void Windows_across_the_clock_change_are_equal_in_hours()
    {
        // Summer time ended on 25 October 2026: the windows hold the same number of hours, not of local midnights.
        var window = MeasureEffect.WindowFor(new DateOnly(2026, 10, 25), Now, 2);

        Assert.Equal(TimeSpan.FromDays(14), window.AfterTo - window.Start);
        Assert.Equal(TimeSpan.FromDays(14), window.Start - window.BeforeFrom);
    }

    [Theory]
    [InlineData("2027-01-27", EffectShortfall.NotStarted)]
    [InlineData("2026-11-24", EffectShortfall.TooSoon)]
    [InlineData("2026-09-01", null)]
    public void The_timing_decides_before_the_counts(string startsOn, EffectShortfall? expected)
    {
        var window = MeasureEffect.WindowFor(DateOnly.Parse(startsOn, System.Globalization.CultureInfo.InvariantCulture), Now, 12);
        var plenty = MeasureEffect.Estimate(new EffectCounts(20, 10, 30, 30));

        Assert.Equal(expected, MeasureEffect.Shortfall(window, plenty));
        Assert.Equal(expected ?? EffectShortfall.TooFewObservations, MeasureEffect.Shortfall(window, MeasureEffect.Estimate(new EffectCounts(20, 4, 30, 30))));
    }

    [Theory]
    [InlineData(MeasureStatus.Ongoing, "2026-11-17", null, "2026-11-27", true)]     // begun in the week, registered later
    [InlineData(MeasureStatus.Ended, "2026-06-20", "2026-11-18", "2026-06-01", false)] // ended before the week's last day
    [InlineData(MeasureStatus.Ended, "2026-06-20", "2026-11-22", "2026-06-01", true)]  // ended on its last day
    [InlineData(MeasureStatus.Planned, "2027-01-27", null, "2026-11-01", true)]     // planned, registered before
    [InlineData(MeasureStatus.Planned, "2027-01-27", null, "2026-11-25", false)]    // planned, registered after
    [InlineData(MeasureStatus.Cancelled, "2026-11-01", null, "2026-10-01", false)]
    public void A_measure_is_open_at_a_weeks_end_by_its_dates(MeasureStatus status, string startsOn, string? endsOn, string registered, bool open)
    {
        static DateOnly Day(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var week = new IsoWeekId(2026, 47);

        Assert.Equal(open, MeasureRules.IsOpenAt(status, Day(startsOn), endsOn is null ? null : Day(endsOn),
            Stockholm.StartOfDay(Day(registered)).AddHours(12), week.Monday.AddDays(6), week.Window.To));
    }

    [Fact]
    public void The_last_complete_week_is_the_one_before_the_present()
    {
        Assert.Equal(new IsoWeekId(2026, 47), IsoWeekId.LastComplete(Now));
        // Monday 00:30 in Stockholm is already the new week: the one just ended is complete.
        Assert.Equal(new IsoWeekId(2026, 47), IsoWeekId.LastComplete(new DateTimeOffset(2026, 11, 22, 23, 30, 0, TimeSpan.Zero)));
        Assert.Equal(new IsoWeekId(2026, 53), IsoWeekId.LastComplete(new DateTimeOffset(2027, 1, 5, 12, 0, 0, TimeSpan.Zero)));
    }
}
