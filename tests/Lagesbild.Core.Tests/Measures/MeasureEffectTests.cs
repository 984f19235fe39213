using CsCheck;
using Lagesbild.Core.Measures;

namespace Lagesbild.Core.Tests.Measures;

public class MeasureEffectTests
{
    [Fact]
    public void Halving_against_a_steady_comparison_matches_the_hand_computed_interval()
    {
        // (20/40) / (50/50) = 0.5; se = √(1/40 + 1/20 + 1/50 + 1/50) = √0.115; 1.959964 · se = 0.664657.
        var estimate = MeasureEffect.Estimate(new EffectCounts(40, 20, 50, 50));

        Assert.True(estimate.Sufficient);
        Assert.Equal(0.5, estimate.RateRatio!.Value, 10);
        Assert.Equal(0.5 * Math.Exp(-0.664657), estimate.Lower!.Value, 4);
        Assert.Equal(0.5 * Math.Exp(0.664657), estimate.Upper!.Value, 4);
        Assert.Equal(0.2572, estimate.Lower.Value, 4);
        Assert.Equal(0.9719, estimate.Upper.Value, 4);
    }

    [Fact]
    public void A_rise_everywhere_alike_is_no_effect()
    {
        var estimate = MeasureEffect.Estimate(new EffectCounts(30, 60, 100, 200));

        Assert.Equal(1, estimate.RateRatio!.Value, 10);
        Assert.True(estimate.Lower < 1 && estimate.Upper > 1);
    }

    [Fact]
    public void A_90_percent_interval_is_narrower()
    {
        var wide = MeasureEffect.Estimate(new EffectCounts(40, 20, 50, 50));
        var narrow = MeasureEffect.Estimate(new EffectCounts(40, 20, 50, 50), 0.90);

        Assert.Equal(0.5 * Math.Exp(-1.644854 * Math.Sqrt(0.115)), narrow.Lower!.Value, 4);
        Assert.True(narrow.Lower > wide.Lower && narrow.Upper < wide.Upper);
    }

    [Theory]
    [InlineData(4, 20, 50, 50)]
    [InlineData(40, 0, 50, 50)]
    [InlineData(40, 20, 50, 3)]
    public void Too_few_observations_say_so_instead_of_guessing(int a1, int a2, int c1, int c2)
    {
        var estimate = MeasureEffect.Estimate(new EffectCounts(a1, a2, c1, c2));

        Assert.False(estimate.Sufficient);
        Assert.Null(estimate.RateRatio);
        Assert.Contains("at least 5", estimate.TooLittleData, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MeasureEffect.Estimate(new EffectCounts(-1, 20, 50, 50)));
        Assert.Throws<ArgumentOutOfRangeException>(() => MeasureEffect.Estimate(new EffectCounts(40, 20, 50, 50), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => MeasureEffect.Estimate(new EffectCounts(40, 20, 50, 50), double.NaN));
    }

    [Fact]
    public void The_interval_always_holds_the_estimate_and_swapping_before_and_after_inverts_it()
    {
        Gen.Select(Gen.Int[5, 5000], Gen.Int[5, 5000], Gen.Int[5, 5000], Gen.Int[5, 5000]).Sample((a1, a2, c1, c2) =>
        {
            var forward = MeasureEffect.Estimate(new EffectCounts(a1, a2, c1, c2));
            var backward = MeasureEffect.Estimate(new EffectCounts(a2, a1, c2, c1));
            var ratio = forward.RateRatio!.Value;
            return forward.Lower <= ratio && ratio <= forward.Upper
                && Math.Abs(backward.RateRatio!.Value * ratio - 1) < 1e-9
                && Math.Abs(backward.Lower!.Value * forward.Upper!.Value - 1) < 1e-9;
        });
    }
}
