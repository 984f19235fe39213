using Lagesbild.Core.Cameras;
using Lagesbild.Core.Sites;
using Lagesbild.Core.Validation;

namespace Lagesbild.Core.Tests.Cameras;

public sealed class RecordingHoursTests
{
    private static readonly SchoolBreaks Breaks = SchoolBreaks.StockholmPattern(2025, 2027);
    private static readonly SiteSchedule School = SiteSchedule.For(SiteKind.School, OpeningHours.Weekdays(new(8, 0), new(16, 0)), Breaks);
    private static readonly SiteSchedule Preschool = SiteSchedule.For(SiteKind.Preschool, OpeningHours.Weekdays(new(6, 30), new(18, 0)), Breaks);

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private static (RecordingHours? Hours, Refusals Refusals) Windows(SiteSchedule schedule, DateOnly from, params RecordingWindowText[] windows) =>
        RecordingHours.Check(RecordingMode.Windows, windows, schedule, from);

    [Fact]
    public void By_default_a_camera_records_whenever_the_site_is_closed_and_never_while_it_is_open()
    {
        var hours = RecordingHours.OutsideOpening;
        Assert.True(hours.AllowsAt(School, Utc(2026, 11, 27, 6, 59))); // Friday 07:59 CET
        Assert.False(hours.AllowsAt(School, Utc(2026, 11, 27, 7, 0))); // 08:00
        Assert.False(hours.AllowsAt(School, Utc(2026, 11, 27, 14, 59))); // 15:59
        Assert.True(hours.AllowsAt(School, Utc(2026, 11, 27, 15, 0))); // 16:00
        Assert.True(hours.AllowsAt(School, Utc(2026, 11, 28, 10, 0))); // Saturday
    }

    [Fact]
    public void The_school_morning_moves_an_hour_in_UTC_across_the_spring_change()
    {
        var hours = RecordingHours.OutsideOpening;
        // 06:30 UTC is 07:30 on Monday 23 March (CET), before the school opens, and 08:30 on Monday 30 March (CEST), after.
        Assert.True(hours.AllowsAt(School, Utc(2026, 3, 23, 6, 30)));
        Assert.False(hours.AllowsAt(School, Utc(2026, 3, 30, 6, 30)));
        // 15:30 UTC is 16:30 CET (closed) and 17:30 CEST (closed); 14:30 UTC is 15:30 CET (open) and 16:30 CEST (closed).
        Assert.False(hours.AllowsAt(School, Utc(2026, 3, 23, 14, 30)));
        Assert.True(hours.AllowsAt(School, Utc(2026, 3, 30, 14, 30)));
    }

    [Fact]
    public void A_window_over_the_hour_that_does_not_exist_and_the_hour_that_happens_twice_follows_the_wall_clock()
    {
        var (hours, refusals) = Windows(School, new DateOnly(2026, 3, 1), new RecordingWindowText(DayOfWeek.Sunday, "02:00", "03:00"));
        Assert.Empty(refusals);
        // Sunday 29 March 2026: 02:00–03:00 does not exist (01:59 CET is followed by 03:00 CEST).
        Assert.False(hours!.AllowsAt(School, Utc(2026, 3, 29, 0, 59)));
        Assert.False(hours.AllowsAt(School, Utc(2026, 3, 29, 1, 0)));
        // Sunday 25 October 2026: 02:30 happens twice, at 00:30 UTC (CEST) and 01:30 UTC (CET); both are in the window.
        Assert.True(hours.AllowsAt(School, Utc(2026, 10, 25, 0, 30)));
        Assert.True(hours.AllowsAt(School, Utc(2026, 10, 25, 1, 30)));
        Assert.False(hours.AllowsAt(School, Utc(2026, 10, 25, 2, 0))); // 03:00 CET
    }

    [Fact]
    public void In_a_break_week_the_school_is_closed_so_its_camera_may_record_but_a_preschool_that_stays_open_is_not()
    {
        var sportlovMonday = Utc(2026, 2, 23, 9, 0); // Monday of week 9, 10:00 CET
        Assert.True(RecordingHours.OutsideOpening.AllowsAt(School, sportlovMonday));
        Assert.False(RecordingHours.OutsideOpening.AllowsAt(Preschool, sportlovMonday));
        var hostlovMonday = Utc(2026, 10, 26, 9, 0); // week 44, just after the autumn change: 10:00 CET
        Assert.True(RecordingHours.OutsideOpening.AllowsAt(School, hostlovMonday));
        Assert.False(RecordingHours.OutsideOpening.AllowsAt(School, Utc(2026, 11, 2, 9, 0)));
    }

    [Fact]
    public void A_window_in_school_hours_is_refused_at_the_first_ordinary_day_even_when_it_is_checked_in_a_break()
    {
        var (hours, refusals) = Windows(School, new DateOnly(2026, 2, 23), new RecordingWindowText(DayOfWeek.Monday, "10:00", "12:00"));
        Assert.Null(hours);
        var refusal = Assert.Single(refusals);
        Assert.Equal("recordingHours", refusal.Field);
        Assert.Equal(RefusalCodes.DuringOpeningHours, refusal.Code);
        Assert.Contains("2026-03-02", refusal.Message, StringComparison.Ordinal); // the Monday after sportlov
        Assert.Contains("08:00–16:00", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_window_on_a_special_open_day_is_refused()
    {
        var exceptions = new[] { new CalendarException(new DateOnly(2026, 12, 5), new DailyHours(new(10, 0), new(14, 0))) };
        var openSaturday = SiteSchedule.For(SiteKind.School, OpeningHours.Weekdays(new(8, 0), new(16, 0)), Breaks, exceptions);
        var (_, refusals) = Windows(openSaturday, new DateOnly(2026, 11, 27), new RecordingWindowText(DayOfWeek.Saturday, "09:00", "11:00"));
        Assert.Equal(RefusalCodes.DuringOpeningHours, refusals["recordingHours"]?.Code);
        Assert.Contains("2026-12-05", refusals["recordingHours"]!.Message, StringComparison.Ordinal);
        var (allowed, none) = Windows(openSaturday, new DateOnly(2026, 11, 27), new RecordingWindowText(DayOfWeek.Saturday, "14:00", "24:00"));
        Assert.Empty(none);
        Assert.True(allowed!.AllowsAt(openSaturday, Utc(2026, 12, 5, 22, 59))); // 23:59 CET
    }

    [Fact]
    public void Windows_that_touch_the_opening_hours_are_allowed_and_record_only_within_themselves()
    {
        var (hours, refusals) = Windows(School, new DateOnly(2026, 11, 27),
            new RecordingWindowText(DayOfWeek.Monday, "16:00", "24:00"), new RecordingWindowText(DayOfWeek.Tuesday, "00:00", "08:00"));
        Assert.Empty(refusals);
        Assert.True(hours!.AllowsAt(School, Utc(2026, 11, 30, 15, 0))); // Monday 16:00
        Assert.True(hours.AllowsAt(School, Utc(2026, 12, 1, 6, 59))); // Tuesday 07:59
        Assert.False(hours.AllowsAt(School, Utc(2026, 12, 1, 15, 0))); // Tuesday 16:00: no window
        Assert.False(hours.AllowsAt(School, Utc(2026, 11, 29, 12, 0))); // Sunday: no window
    }

    [Theory]
    [InlineData("18:00", "06:00", RefusalCodes.TimesReversed)]
    [InlineData("18:00", "18:00", RefusalCodes.TimesReversed)]
    [InlineData("kl 18", "20:00", RefusalCodes.NotATime)]
    [InlineData("24:00", "24:00", RefusalCodes.NotATime)]
    [InlineData(null, "20:00", RefusalCodes.NotATime)]
    public void A_malformed_or_reversed_window_is_refused_by_its_field(string? from, string? to, string code)
    {
        var (hours, refusals) = Windows(School, new DateOnly(2026, 11, 27), new RecordingWindowText(DayOfWeek.Saturday, from, to));
        Assert.Null(hours);
        Assert.Equal(code, refusals["recordingHours.windows[0]"]?.Code);
    }

    [Fact]
    public void The_mode_and_its_windows_must_agree()
    {
        Assert.Equal(RefusalCodes.Required, Windows(School, new DateOnly(2026, 11, 27)).Refusals["recordingHours.windows"]?.Code);
        var (_, withWindows) = RecordingHours.Check(RecordingMode.OutsideOpeningHours, [new(DayOfWeek.Saturday, "00:00", "24:00")], School, new DateOnly(2026, 11, 27));
        Assert.Equal(RefusalCodes.Invalid, withWindows["recordingHours.windows"]?.Code);
        Assert.Equal(RefusalCodes.Required, Windows(School, new DateOnly(2026, 11, 27), new RecordingWindowText(null, "00:00", "24:00")).Refusals["recordingHours.windows[0]"]?.Code);
        var (byDefault, none) = RecordingHours.Check(null, null, School, new DateOnly(2026, 11, 27));
        Assert.Empty(none);
        Assert.Equal(RecordingMode.OutsideOpeningHours, byDefault!.Mode);
    }
}
