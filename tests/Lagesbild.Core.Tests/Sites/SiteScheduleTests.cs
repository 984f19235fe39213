using Lagesbild.Core.Sites;

namespace Lagesbild.Core.Tests.Sites;

public sealed class SiteScheduleTests
{
    private static readonly SchoolBreaks Breaks = SchoolBreaks.StockholmPattern(2025, 2027);
    private static readonly SiteSchedule School = SiteSchedule.For(SiteKind.School, OpeningHours.Weekdays(new(8, 0), new(16, 0)), Breaks);
    private static readonly SiteSchedule Preschool = SiteSchedule.For(SiteKind.Preschool, OpeningHours.Weekdays(new(6, 30), new(18, 0)), Breaks);

    /// <summary>An instant from a Stockholm wall-clock time with its offset, so the test reads as people do.</summary>
    private static DateTimeOffset Local(int year, int month, int day, int hour, int minute, int offsetHours) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(offsetHours));

    [Fact]
    public void An_ordinary_weekday_follows_the_opening_hours()
    {
        Assert.True(School.IsOpenAt(Local(2026, 11, 27, 10, 0, 1)));
        Assert.False(School.IsOpenAt(Local(2026, 11, 27, 16, 0, 1)));
        Assert.False(School.IsOpenAt(Local(2026, 11, 27, 7, 59, 1)));
        Assert.True(Preschool.IsOpenAt(Local(2026, 11, 27, 17, 0, 1)));
        Assert.False(Preschool.IsOpenAt(Local(2026, 11, 28, 10, 0, 1)));
    }

    [Theory]
    [InlineData(2026, 5, 1)] // Första maj
    [InlineData(2026, 5, 14)] // Kristi himmelfärds dag
    [InlineData(2026, 6, 19)] // Midsommarafton
    [InlineData(2026, 1, 6)] // Trettondag jul
    public void Public_holidays_close_schools_and_preschools(int year, int month, int day)
    {
        Assert.True(SiteSchedule.IsPublicHoliday(new DateOnly(year, month, day)));
        Assert.False(School.IsOpenAt(Local(year, month, day, 10, 0, 2)));
        Assert.False(Preschool.IsOpenAt(Local(year, month, day, 10, 0, 2)));
    }

    [Theory]
    [InlineData(2026, 2, 24, 1)] // sportlov, week 9
    [InlineData(2026, 4, 8, 2)] // påsklov, the week after Easter Sunday 5 April
    [InlineData(2026, 10, 28, 1)] // höstlov, week 44 (after the autumn change)
    [InlineData(2026, 7, 15, 2)] // summer
    [InlineData(2026, 12, 22, 1)] // Christmas break
    [InlineData(2027, 1, 5, 1)] // Christmas break, the new year
    public void School_breaks_close_schools_but_preschools_keep_their_hours(int year, int month, int day, int offset)
    {
        Assert.False(School.IsOpenAt(Local(year, month, day, 10, 0, offset)));
        Assert.True(Preschool.IsOpenAt(Local(year, month, day, 10, 0, offset)));
    }

    [Fact]
    public void The_weeks_around_a_break_are_ordinary()
    {
        Assert.True(School.IsOpenAt(Local(2026, 2, 20, 10, 0, 1))); // the Friday before sportlov
        Assert.True(School.IsOpenAt(Local(2026, 3, 2, 10, 0, 1))); // the Monday after
        Assert.True(School.IsOpenAt(Local(2026, 8, 18, 10, 0, 2))); // the term has started
    }

    [Fact]
    public void An_exception_wins_over_everything_else()
    {
        var studyDay = new DateOnly(2026, 11, 26);
        var lateStart = new DateOnly(2026, 11, 27);
        var school = SiteSchedule.For(SiteKind.School, OpeningHours.Weekdays(new(8, 0), new(16, 0)), Breaks,
            [new CalendarException(studyDay, null), new CalendarException(lateStart, new DailyHours(new(10, 0), new(14, 0)))]);

        Assert.False(school.IsOpenAt(Local(2026, 11, 26, 10, 0, 1)));
        Assert.False(school.IsOpenAt(Local(2026, 11, 27, 9, 0, 1)));
        Assert.True(school.IsOpenAt(Local(2026, 11, 27, 11, 0, 1)));
    }

    [Fact]
    public void The_spring_change_is_read_in_local_time()
    {
        // A site open on Sunday nights 02:00-04:00 local: on 29 March 2026, 02:00-03:00 does not exist.
        var night = new SiteSchedule(SiteKind.Other, new OpeningHours(new Dictionary<DayOfWeek, DailyHours> { [DayOfWeek.Sunday] = new(new(2, 0), new(4, 0)) }),
            new SchoolBreaks([]), [], OpenDuringBreaks: true);
        Assert.False(night.IsOpenAt(new DateTimeOffset(2026, 3, 29, 0, 30, 0, TimeSpan.Zero))); // 01:30 CET
        Assert.True(night.IsOpenAt(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero))); // 03:30 CEST
        Assert.False(night.IsOpenAt(new DateTimeOffset(2026, 3, 29, 2, 0, 0, TimeSpan.Zero))); // 04:00 CEST
        // The Monday after: a preschool opening 06:30 opens at 04:30 UTC, no longer 05:30.
        Assert.True(Preschool.IsOpenAt(new DateTimeOffset(2026, 3, 30, 4, 45, 0, TimeSpan.Zero)));
        Assert.False(Preschool.IsOpenAt(new DateTimeOffset(2026, 3, 30, 4, 15, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void The_autumn_change_opens_both_of_the_hours_that_happen_twice()
    {
        var night = new SiteSchedule(SiteKind.Other, new OpeningHours(new Dictionary<DayOfWeek, DailyHours> { [DayOfWeek.Sunday] = new(new(2, 0), new(3, 0)) }),
            new SchoolBreaks([]), [], OpenDuringBreaks: true);
        Assert.True(night.IsOpenAt(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero))); // 02:30 CEST
        Assert.True(night.IsOpenAt(new DateTimeOffset(2026, 10, 25, 1, 30, 0, TimeSpan.Zero))); // 02:30 CET
        Assert.False(night.IsOpenAt(new DateTimeOffset(2026, 10, 25, 2, 30, 0, TimeSpan.Zero))); // 03:30 CET
        // The Monday after: 06:30 local is now 05:30 UTC.
        Assert.True(Preschool.IsOpenAt(new DateTimeOffset(2026, 10, 26, 5, 45, 0, TimeSpan.Zero)));
        Assert.False(Preschool.IsOpenAt(new DateTimeOffset(2026, 10, 26, 5, 15, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Opening_hours_that_close_before_they_open_are_refused()
    {
        var hours = new OpeningHours(new Dictionary<DayOfWeek, DailyHours> { [DayOfWeek.Monday] = new(new(16, 0), new(8, 0)) });
        Assert.Equal("Monday opens at 16:00 but closes at 08:00.", hours.Check());
        Assert.Null(OpeningHours.Weekdays(new(8, 0), new(16, 0)).Check());
    }
}
