using Lagesbild.Core.Time;

namespace Lagesbild.Core.Tests.Time;

public class IsoWeekTests
{
    [Fact]
    public void Week_47_of_2026_runs_from_Monday_16_November_Stockholm_time()
    {
        Assert.True(IsoWeekId.TryParse("2026-W47", out var week, out _));

        Assert.Equal(new DateOnly(2026, 11, 16), week.Monday);
        Assert.Equal(new DateTimeOffset(2026, 11, 15, 23, 0, 0, TimeSpan.Zero), week.Window.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 23, 0, 0, TimeSpan.Zero), week.Window.To);
        Assert.Equal("2026-W47", week.ToString());
    }

    [Fact]
    public void Weeks_that_change_the_clock_are_an_hour_shorter_or_longer()
    {
        IsoWeekId.TryParse("2026-W13", out var spring, out _);
        IsoWeekId.TryParse("2026-W43", out var autumn, out _);

        Assert.Equal(TimeSpan.FromHours(167), spring.Window.To - spring.Window.From);
        Assert.Equal(TimeSpan.FromHours(169), autumn.Window.To - autumn.Window.From);
    }

    [Fact]
    public void Years_have_52_or_53_weeks()
    {
        Assert.True(IsoWeekId.TryParse("2026-W53", out var last, out _));
        Assert.Equal(new DateOnly(2026, 12, 28), last.Monday);
        Assert.False(IsoWeekId.TryParse("2027-W53", out _, out var error));
        Assert.Equal("2027 has weeks 1 to 52; there is no week 53.", error);
    }

    [Theory]
    [InlineData("2026-W54")]
    [InlineData("2026-W00")]
    [InlineData("2026-47")]
    [InlineData("W47")]
    [InlineData("2026-W4")]
    [InlineData("2026-W+7")]
    [InlineData("<script>")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_text_is_not_a_week(string? text) =>
        Assert.False(IsoWeekId.TryParse(text, out _, out _));

    [Fact]
    public void Previous_weeks_cross_the_new_year()
    {
        IsoWeekId.TryParse("2027-W02", out var week, out _);

        Assert.Equal(new IsoWeekId(2026, 53), week.Minus(2));
        Assert.Equal(new IsoWeekId(2026, 50), week.Minus(5));
        Assert.Equal(new IsoWeekId(2027, 3), week.Minus(-1));
        Assert.Equal(new IsoWeekId(2026, 53), IsoWeekId.Of(new DateOnly(2027, 1, 3)));
    }
}
