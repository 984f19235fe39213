using Lagesbild.Core.Indicators;

namespace Lagesbild.Core.Tests.Indicators;

public class IndicatorRulesTests
{
    [Theory]
    [InlineData("2020", 2020, 2020, "2020")]
    [InlineData(" 2019-2020 ", 2019, 2020, "2019-2020")]
    [InlineData("2019–2021", 2019, 2021, "2019-2021")]
    [InlineData("2019 - 2020", 2019, 2020, "2019-2020")]
    public void A_period_is_a_year_or_a_range(string text, int from, int to, string written)
    {
        Assert.True(IndicatorPeriod.TryParse(text, out var period));
        Assert.Equal(new IndicatorPeriod(from, to), period);
        Assert.Equal(written, period.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("2020-Q1")]
    [InlineData("20")]
    [InlineData("2021-2019")]
    [InlineData("1850")]
    [InlineData("våren 2020")]
    [InlineData("2020-01-01")]
    public void Anything_else_is_not_a_period(string? text) => Assert.False(IndicatorPeriod.TryParse(text, out _));

    [Theory]
    [InlineData(0, "%", true)]
    [InlineData(100, "%", true)]
    [InlineData(100.5, "%", false)]
    [InlineData(-1, "%", false)]
    [InlineData(250, "per 1000", true)]
    [InlineData(-3, "per 1000", false)]
    [InlineData(double.NaN, "%", false)]
    public void Values_are_checked_in_their_unit(double value, string unit, bool good) =>
        Assert.Equal(good, IndicatorRules.CheckValue(value, unit) is null);
}
