using Lagesbild.Core.Time;

namespace Lagesbild.Core.Tests.Time;

public class HourOfWeekTests
{
    [Theory]
    [InlineData(5, 0, 0, 0)]      // Monday 2026-01-05 00:00
    [InlineData(5, 0, 59, 0)]     // Monday 00:59
    [InlineData(5, 1, 0, 1)]      // Monday 01:00
    [InlineData(6, 18, 30, 42)]   // Tuesday 18:30
    [InlineData(10, 0, 0, 120)]   // Saturday 00:00
    [InlineData(11, 0, 0, 144)]   // Sunday 00:00
    [InlineData(11, 23, 0, 167)]  // Sunday 23:00
    [InlineData(11, 23, 59, 167)] // Sunday 23:59
    public void Of_local_time_counts_from_Monday_midnight(int januaryDay, int hour, int minute, int expected)
    {
        Assert.Equal(expected, HourOfWeek.Of(new DateTime(2026, 1, januaryDay, hour, minute, 0)));
    }

    [Theory]
    [InlineData("2026-01-04T23:30:00Z", 0)]   // Monday 00:30 CET
    [InlineData("2026-01-11T22:59:00Z", 167)] // Sunday 23:59 CET
    [InlineData("2026-07-05T21:30:00Z", 167)] // Sunday 23:30 CEST
    [InlineData("2026-07-05T22:30:00Z", 0)]   // Monday 00:30 CEST
    [InlineData("2026-03-29T00:30:00Z", 145)] // Sunday 01:30 CET, before the spring change
    [InlineData("2026-03-29T01:30:00Z", 147)] // Sunday 03:30 CEST, after it
    [InlineData("2026-10-25T00:30:00Z", 146)] // Sunday 02:30 CEST, the first time
    [InlineData("2026-10-25T01:30:00Z", 146)] // Sunday 02:30 CET, the second time
    [InlineData("2026-10-25T02:30:00Z", 147)] // Sunday 03:30 CET
    public void Of_instant_uses_Stockholm_time_across_daylight_saving(string utc, int expected)
    {
        Assert.Equal(expected, HourOfWeek.Of(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(23, 0, 23)]
    [InlineData(24, 1, 0)]
    [InlineData(147, 6, 3)]
    [InlineData(167, 6, 23)]
    public void Day_and_HourOfDay_split_an_hour_of_week(int hourOfWeek, int day, int hourOfDay)
    {
        Assert.Equal(day, HourOfWeek.Day(hourOfWeek));
        Assert.Equal(hourOfDay, HourOfWeek.HourOfDay(hourOfWeek));
    }
}
