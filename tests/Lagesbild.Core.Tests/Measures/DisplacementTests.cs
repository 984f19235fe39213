using Lagesbild.Core.Measures;

namespace Lagesbild.Core.Tests.Measures;

public sealed class DisplacementTests
{
    [Fact]
    public void The_quotient_matches_a_hand_computed_case_of_displacement_smaller_than_the_effect()
    {
        // Target 100 → 60, buffer 50 → 70, control 200 → 200.
        // SM = 60/200 − 100/200 = −0.2; BDM = 70/200 − 50/200 = 0.1; WDQ = 0.1 / −0.2 = −0.5.
        // Net = [100·1 − 60] + [50·1 − 70] = 40 − 20 = 20 fewer than the control's trend predicts.
        var estimate = Displacement.Estimate(new DisplacementCounts(100, 60, 50, 70, 200, 200));
        Assert.Equal(-0.2, estimate.SuccessMeasure!.Value, 12);
        Assert.Equal(0.1, estimate.BufferMeasure!.Value, 12);
        Assert.Equal(-0.5, estimate.Wdq!.Value, 12);
        Assert.Equal(20, estimate.NetEffect!.Value, 12);
        Assert.Equal(DisplacementReading.DisplacementSmallerThanEffect, estimate.Reading);
    }

    [Fact]
    public void A_control_that_grew_is_allowed_for()
    {
        // Control 100 → 200: the target would have doubled. Target 40 → 40, buffer 20 → 10.
        // SM = 40/200 − 40/100 = −0.2; BDM = 10/200 − 20/100 = −0.15; WDQ = 0.75: a diffusion of benefits.
        // Net = [40·2 − 40] + [20·2 − 10] = 40 + 30 = 70.
        var estimate = Displacement.Estimate(new DisplacementCounts(40, 40, 20, 10, 100, 200));
        Assert.Equal(0.75, estimate.Wdq!.Value, 12);
        Assert.Equal(70, estimate.NetEffect!.Value, 12);
        Assert.Equal(DisplacementReading.Diffusion, estimate.Reading);
    }

    [Theory]
    [InlineData(1.5, DisplacementReading.DiffusionGreaterThanEffect)]
    [InlineData(1, DisplacementReading.Diffusion)]
    [InlineData(0.01, DisplacementReading.Diffusion)]
    [InlineData(0, DisplacementReading.Neither)]
    [InlineData(-1, DisplacementReading.DisplacementSmallerThanEffect)]
    [InlineData(-1.01, DisplacementReading.DisplacementGreaterThanEffect)]
    public void The_quotient_is_read_as_Bowers_and_Johnson_read_it(double wdq, DisplacementReading reading) =>
        Assert.Equal(reading, Displacement.Read(wdq));

    [Fact]
    public void Displacement_greater_than_the_effect_makes_the_net_worse()
    {
        // SM = 80/100 − 100/100 = −0.2; BDM = 60/100 − 20/100 = 0.4; WDQ = −2. Net = [100 − 80] + [20 − 60] = −20.
        var estimate = Displacement.Estimate(new DisplacementCounts(100, 80, 20, 60, 100, 100));
        Assert.Equal(-2, estimate.Wdq!.Value, 12);
        Assert.Equal(-20, estimate.NetEffect!.Value, 12);
        Assert.Equal(DisplacementReading.DisplacementGreaterThanEffect, estimate.Reading);
    }

    [Fact]
    public void Without_a_success_there_is_no_quotient_and_with_too_few_observations_nothing()
    {
        var rose = Displacement.Estimate(new DisplacementCounts(50, 70, 10, 10, 100, 100));
        Assert.Equal((DisplacementReading.NoSuccess, (double?)null), (rose.Reading, rose.Wdq));
        Assert.Equal(0.2, rose.SuccessMeasure!.Value, 12);
        Assert.Equal(DisplacementReading.TooLittleData, Displacement.Estimate(new DisplacementCounts(4, 0, 10, 10, 100, 100)).Reading);
        Assert.Equal(DisplacementReading.TooLittleData, Displacement.Estimate(new DisplacementCounts(40, 10, 10, 10, 100, 0)).Reading);
        Assert.Throws<ArgumentOutOfRangeException>(() => Displacement.Estimate(new DisplacementCounts(40, -1, 10, 10, 100, 100)));
    }

    [Fact]
    public void The_time_test_matches_a_hand_computed_chi_square()
    {
        // Before 10, 20, 30, 40 and after 20, 20, 20, 20 (N = 180): expected before 16.67, 22.22, 27.78, 33.33 and
        // after 13.33, 17.78, 22.22, 26.67; χ² = 2.667 + 0.222 + 0.178 + 1.333 + 3.333 + 0.278 + 0.222 + 1.667 = 9.9 on
        // 3 degrees of freedom, p ≈ 0.0194.
        var shift = Displacement.Compare([10, 20, 30, 40], [20, 20, 20, 20]);
        Assert.Equal(9.9, shift.ChiSquare!.Value, 9);
        Assert.Equal(3, shift.DegreesOfFreedom);
        Assert.InRange(shift.PValue!.Value, 0.0193, 0.0195);
        Assert.Equal(1, Displacement.Compare([10, 20, 30, 40], [10, 20, 30, 40]).PValue!.Value, 9);
    }

    [Fact]
    public void The_time_test_is_not_given_on_counts_too_small_for_it()
    {
        Assert.Null(Displacement.Compare([1, 0, 2, 1], [0, 1, 1, 2]).PValue);
        Assert.Null(Displacement.Compare([0, 0], [5, 5]).PValue);
        // Blocks empty before and after are left out, not counted as a degree of freedom.
        Assert.Equal(1, Displacement.Compare([20, 0, 0, 20], [10, 0, 0, 30]).DegreesOfFreedom);
    }

    [Fact]
    public void Hours_of_the_week_gather_into_weekday_and_weekend_blocks()
    {
        Assert.Equal(0, Displacement.BlockOf(0)); // Monday 00-01, weekday night
        Assert.Equal(3, Displacement.BlockOf(23)); // Monday 23-24, weekday evening
        Assert.Equal(3, Displacement.BlockOf((4 * 24) + 20)); // Friday 20-21
        Assert.Equal(4, Displacement.BlockOf(5 * 24)); // Saturday 00-01, weekend night
        Assert.Equal(7, Displacement.BlockOf(167)); // Sunday 23-24
        var before = new int[168];
        var after = new int[168];
        before[20] = 30; // Monday evening
        after[(5 * 24) + 2] = 30; // Saturday night
        var shift = Displacement.InTime(before, after);
        Assert.Equal([0, 0, 0, 30, 0, 0, 0, 0], shift.Before);
        Assert.Equal([0, 0, 0, 0, 30, 0, 0, 0], shift.After);
        Assert.True(shift.PValue < 0.001);
    }
}
