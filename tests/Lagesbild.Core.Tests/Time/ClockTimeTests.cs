using Lagesbild.Core.Time;

namespace Lagesbild.Core.Tests.Time;

public sealed class ClockTimeTests
{
    [Theory]
    [InlineData("07:30", 7, 30)]
    [InlineData("7:30", 7, 30)]
    [InlineData("00:00", 0, 0)]
    [InlineData("23:59", 23, 59)]
    public void Times_are_read_as_people_write_them(string text, int hour, int minute)
    {
        Assert.True(ClockTime.TryParse(text, out var time));
        Assert.Equal(new TimeOnly(hour, minute), time);
    }

    [Fact]
    public void Twenty_four_hundred_is_the_end_of_the_day_both_ways()
    {
        Assert.True(ClockTime.TryParse("24:00", out var end));
        Assert.Equal(TimeOnly.MaxValue, end);
        Assert.Equal("24:00", ClockTime.Format(end));
        Assert.Equal(ClockTime.MinutesPerDay, ClockTime.Minutes(end));
        Assert.Equal(TimeOnly.MaxValue, ClockTime.FromMinutes(ClockTime.MinutesPerDay));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("7.30")]
    [InlineData("24:01")]
    [InlineData("25:00")]
    [InlineData("07:30:00")]
    [InlineData("<script>")]
    public void Anything_else_is_not_a_time(string? text) => Assert.False(ClockTime.TryParse(text, out _));

    [Fact]
    public void Minutes_and_times_round_trip()
    {
        Assert.Equal(450, ClockTime.Minutes(new TimeOnly(7, 30)));
        Assert.Equal(new TimeOnly(7, 30), ClockTime.FromMinutes(450));
        Assert.Equal("07:05", ClockTime.Format(new TimeOnly(7, 5)));
    }
}
