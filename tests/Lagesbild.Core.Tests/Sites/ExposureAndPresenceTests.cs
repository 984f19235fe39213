using Lagesbild.Core.Sites;
using Lagesbild.Core.Time;

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
        Assert.Null(YardPresence.Check(Preschool, new PresenceSlot(DayOfWeek.Friday, new(7, 0), new(9, 0))));
        Assert.Contains("starts", YardPresence.Check(Preschool, new PresenceSlot(DayOfWeek.Friday, new(9, 0), new(7, 0))));
        Assert.Contains("closed", YardPresence.Check(Preschool, new PresenceSlot(DayOfWeek.Sunday, new(9, 0), new(10, 0))));
        Assert.Contains("within", YardPresence.Check(Preschool, new PresenceSlot(DayOfWeek.Friday, new(17, 0), new(19, 0))));
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
