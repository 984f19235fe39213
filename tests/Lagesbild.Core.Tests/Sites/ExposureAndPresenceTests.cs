using Lagesbild.Core.Sites;
using Lagesbild.Core.Time;
using Lagesbild.Core.Validation;

namespace Lagesbild.Core.Tests.Sites;

public sealed class ExposureAndPresenceTests
{
    private static readonly OpeningHours Preschool = OpeningHours.Weekdays(new(6, 30), new(18, 0));

    [Fact]
    public void Open_hours_of_the_week_count_part_hours()
    {
        var open = Exposure.OpenHoursOfWeek(Preschool);
        Assert.Equal(0, open[5]); // Monday 05-06
        Assert.Equal(0.5, open[6]); // Monday 06-07, open from 06:30
        Assert.Equal(1, open[17]); // Monday 17-18
        Assert.Equal(0, open[18]);
        Assert.Equal(0, open[(5 * 24) + 10]); // Saturday
        Assert.Equal(5 * 11.5, open.Sum());
    }

    [Fact]
    public void The_share_inside_opening_hours_weights_the_scenes_activity()
    {
        var profile = new double[HourOfWeek.Count];
        profile[10] = 1; // Monday 10-11, open
        profile[20] = 1; // Monday 20-21, closed
        profile[6] = 1; // Monday 06-07, half open
        Assert.Equal(0.5, Exposure.ShareInside(profile, Exposure.OpenHoursOfWeek(Preschool)));
        Assert.Equal(0, Exposure.ShareInside(new double[HourOfWeek.Count], Exposure.OpenHoursOfWeek(Preschool)));
    }

    [Fact]
    public void Gaps_are_the_open_hours_with_nobody_planned()
    {
        var slots = new[]
        {
            new PresenceSlot(DayOfWeek.Monday, new(6, 30), new(12, 0)),
            new PresenceSlot(DayOfWeek.Monday, new(11, 0), new(15, 0)),
        };
        var gaps = YardPresence.Gaps(Preschool, slots);
        Assert.Equal(new PresenceGap(DayOfWeek.Monday, new(15, 0), new(18, 0)), gaps[0]);
        Assert.Equal(new PresenceGap(DayOfWeek.Tuesday, new(6, 30), new(18, 0)), gaps[1]);
        Assert.Equal(5, gaps.Count);
    }

    [Fact]
    public void The_week_marks_hours_closed_covered_or_not()
    {
        var week = YardPresence.Week(Preschool, [new PresenceSlot(DayOfWeek.Monday, new(6, 30), new(10, 30))]);
        Assert.Equal(PresenceCell.Closed, week[5]);
        Assert.Equal(PresenceCell.Covered, week[6]); // only its open half counts
        Assert.Equal(PresenceCell.Covered, week[9]);
        Assert.Equal(PresenceCell.Uncovered, week[10]); // 10:30-11:00 is uncovered
        Assert.Equal(PresenceCell.Uncovered, week[24 + 8]); // Tuesday
        Assert.Equal(PresenceCell.Closed, week[(6 * 24) + 12]); // Sunday
    }

    [Fact]
    public void A_slot_must_lie_within_the_days_opening_hours()
    {
        Assert.Null(YardPresence.Check(Preschool, new PresenceSlot(DayOfWeek.Friday, new(7, 0), new(9, 0)), "slots[0]"));
        var reversed = YardPresence.Check(Preschool, new PresenceSlot(DayOfWeek.Friday, new(9, 0), new(7, 0)), "slots[1]")!;
        Assert.Equal(("slots[1]", RefusalCodes.TimesReversed), (reversed.Field, reversed.Code));
        Assert.Equal([DayOfWeek.Friday, new TimeOnly(9, 0), new TimeOnly(7, 0)], reversed.Args!);
        Assert.Equal(RefusalCodes.ClosedDay, YardPresence.Check(Preschool, new PresenceSlot(DayOfWeek.Sunday, new(9, 0), new(10, 0)), "s")!.Code);
        var outside = YardPresence.Check(Preschool, new PresenceSlot(DayOfWeek.Friday, new(17, 0), new(19, 0)), "s")!;
        Assert.Equal(RefusalCodes.OutsideOpeningHours, outside.Code);
        Assert.Equal([DayOfWeek.Friday, new TimeOnly(6, 30), new TimeOnly(18, 0)], outside.Args!);
        Assert.Contains("06:30-18:00", outside.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("07:00", "9:30", null)]
    [InlineData("16:00", "24:00", "OutsideOpeningHours")]
    [InlineData("7.00", "09:00", "NotATime")]
    [InlineData("", "09:00", "NotATime")]
    [InlineData("25:00", "26:00", "NotATime")]
    public void A_slot_is_read_as_people_write_times(string from, string to, string? code)
    {
        var refusal = YardPresence.Read(Preschool, DayOfWeek.Monday, from, to, "slots[3]", out var slot);
        Assert.Equal(code, refusal?.Code);
        if (code is null)
            Assert.Equal(new PresenceSlot(DayOfWeek.Monday, new(7, 0), new(9, 30)), slot);
    }

    [Fact]
    public void An_hour_is_active_when_a_nearby_scene_reaches_half_its_busiest_hour()
    {
        var quiet = new double[HourOfWeek.Count];
        var busy = new double[HourOfWeek.Count];
        quiet[10] = YardPresence.ActiveShare - 0.01;
        busy[11] = YardPresence.ActiveShare;
        var active = YardPresence.ActiveHours([quiet, busy]);
        Assert.False(active[10]);
        Assert.True(active[11]);
        Assert.Equal(1, active.Count(a => a));
        Assert.All(YardPresence.ActiveHours([]), Assert.False);
    }

    [Fact]
    public void A_gap_meets_activity_in_any_hour_it_touches()
    {
        var gap = new PresenceGap(DayOfWeek.Tuesday, new(15, 30), new(17, 0)); // Tuesday 15-16 and 16-17
        Assert.Equal([24 + 15, 24 + 16], YardPresence.HoursOf(gap));
        var active = new bool[HourOfWeek.Count];
        Assert.False(YardPresence.MeetsActivity(gap, active));
        active[24 + 15] = true;
        Assert.True(YardPresence.MeetsActivity(gap, active));
        Assert.Equal([(6 * 24) + 23], YardPresence.HoursOf(new PresenceGap(DayOfWeek.Sunday, new(23, 0), TimeOnly.MaxValue)));
    }

    [Fact]
    public void Exposure_weights_the_share_inside_opening_hours_by_nearness()
    {
        Assert.Equal(1.25, Exposure.Score([(1, 0), (0.5, 250)], 500)); // 1·1 at the site + 0.5·0.5 halfway out
        Assert.Equal(0, Exposure.Score([(1, 500)], 500)); // at the radius
        Assert.Equal(0, Exposure.Score([], 500));
        Assert.Equal(0.333, Exposure.Score([(1, 1000)], 1500));
    }

    [Fact]
    public void Inside_and_outside_add_up_to_one_as_read_and_are_zero_without_activity()
    {
        var profile = new double[HourOfWeek.Count];
        profile[10] = 2; // Monday 10-11, open
        profile[20] = 1; // Monday 20-21, closed
        Assert.Equal((0.67, 0.33), Exposure.Split(profile, Exposure.OpenHoursOfWeek(Preschool)));
        Assert.Equal((0d, 0d), Exposure.Split(new double[HourOfWeek.Count], Exposure.OpenHoursOfWeek(Preschool)));
    }

    [Fact]
    public void Sites_rank_by_score_then_findings_then_name()
    {
        var sites = new[] { ("Björk", 0.5, 1), ("Ask", 0.5, 1), ("Ek", 0.5, 3), ("Lönn", 0.9, 0) };
        var ranked = Exposure.Ranked(sites, s => (s.Item2, s.Item3, s.Item1)).Select(s => s.Item1);
        Assert.Equal(["Lönn", "Ek", "Ask", "Björk"], ranked);
        Assert.False(Exposure.IsExposed(0, 0));
        Assert.True(Exposure.IsExposed(0, 1));
        Assert.True(Exposure.IsExposed(2, 0));
    }

    [Fact]
    public void A_year_the_city_configured_uses_its_own_breaks()
    {
        var sportlov2027 = new DateSpan(new DateOnly(2027, 2, 22), new DateOnly(2027, 2, 26));
        var breaks = SchoolBreaks.StockholmPattern(2026, 2027, new Dictionary<int, IReadOnlyList<DateSpan>> { [2027] = [sportlov2027] });
        Assert.True(breaks.Contains(new DateOnly(2027, 2, 24)));
        Assert.False(breaks.Contains(new DateOnly(2027, 3, 3))); // week 9 of 2027 is no longer a break
        Assert.True(breaks.Contains(new DateOnly(2026, 2, 25))); // 2026 keeps the pattern: week 9 is 23-27 February
        Assert.Null(SchoolBreaks.Check(2027, [sportlov2027]));
        Assert.NotNull(SchoolBreaks.Check(2027, [new DateSpan(sportlov2027.Last, sportlov2027.First)]));
    }
}

public sealed class OpeningHoursTextTests
{
    [Fact]
    public void Day_ranges_and_hours_in_English_or_Swedish()
    {
        var (hours, error) = OpeningHoursText.Parse("mon-fri 06:30-18:00; lör 9:00-13:00");
        Assert.Null(error);
        Assert.Equal(new DailyHours(new(6, 30), new(18, 0)), hours!.On(DayOfWeek.Wednesday));
        Assert.Equal(new DailyHours(new(9, 0), new(13, 0)), hours.On(DayOfWeek.Saturday));
        Assert.Null(hours.On(DayOfWeek.Sunday));
        Assert.Equal(6, hours.Days.Count);
        Assert.Equal(new DailyHours(new(8, 0), TimeOnly.MaxValue), OpeningHoursText.Parse("sön 08:00-24:00").Hours!.On(DayOfWeek.Sunday));
    }

    [Theory]
    [InlineData("")]
    [InlineData("weekdays 08:00-16:00")]
    [InlineData("mon-fri 16:00-08:00")]
    [InlineData("fri-mon 08:00-16:00")]
    [InlineData("mon-fri 08:00")]
    [InlineData("mon-fri 08:00-16:00; wed 09:00-10:00")]
    [InlineData("mon-fri 8-16")]
    public void Hours_that_cannot_be_read_say_why(string text) => Assert.NotNull(OpeningHoursText.Parse(text).Error);
}
