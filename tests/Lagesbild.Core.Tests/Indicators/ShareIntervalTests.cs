using Lagesbild.Core.Indicators;

namespace Lagesbild.Core.Tests.Indicators;

public class ShareIntervalTests
{
    [Fact]
    public void Ten_per_cent_of_a_hundred()
    {
        // By hand with z = 1.96: z² = 3.8416; centre = (0.1 + 3.8416/200) / (1 + 3.8416/100) = 0.119208 / 1.038416 = 0.114798;
        // half = 1.96 / 1.038416 · √(0.1·0.9/100 + 3.8416/40000) = 1.887490 · 0.031560 = 0.059569: 5.523 % to 17.437 %.
        var interval = ShareInterval.Wilson(10, 100, 1.96)!.Value;

        Assert.Equal(5.523, interval.Low, 3);
        Assert.Equal(17.437, interval.High, 3);
    }

    [Fact]
    public void None_of_ten_is_not_certainly_none()
    {
        // centre = (3.8416/20) / 1.38416 = 0.138771; half = 1.96 / 1.38416 · √(3.8416/400) = 1.416022 · 0.098 = 0.138770.
        var interval = ShareInterval.Wilson(0, 10, 1.96)!.Value;

        Assert.Equal(0, interval.Low, 3);
        Assert.Equal(27.754, interval.High, 3);
    }

    [Fact]
    public void More_answers_give_a_narrower_interval()
    {
        var small = ShareInterval.Wilson(9, 200)!.Value;
        var large = ShareInterval.Wilson(9, 20_000)!.Value;

        Assert.True(large.High - large.Low < small.High - small.Low);
        Assert.InRange(9, large.Low, large.High);
    }

    [Theory]
    [InlineData(10, 0)]
    [InlineData(-1, 100)]
    [InlineData(101, 100)]
    [InlineData(double.NaN, 100)]
    public void No_interval_without_answers_or_for_a_share_out_of_range(double percent, int n) =>
        Assert.Null(ShareInterval.Wilson(percent, n));
}
