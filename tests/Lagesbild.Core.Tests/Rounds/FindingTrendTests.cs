using Lagesbild.Core.Rounds;

namespace Lagesbild.Core.Tests.Rounds;

public sealed class FindingTrendTests
{
    [Theory]
    // Four weeks of 2, 1, 3, 2 findings: 8 in all, a weekly mean of 2. Twice the mean is 4.
    [InlineData(4, new[] { 2, 1, 3, 2 }, true)]
    [InlineData(3, new[] { 2, 1, 3, 2 }, false)]
    // A quiet site (no findings for four weeks): three is a jump, two is not (the floor of three).
    [InlineData(3, new[] { 0, 0, 0, 0 }, true)]
    [InlineData(2, new[] { 0, 0, 0, 0 }, false)]
    // Mean 5.5 (22 / 4), twice the mean 11: eleven jumps, ten does not.
    [InlineData(11, new[] { 5, 6, 5, 6 }, true)]
    [InlineData(10, new[] { 5, 6, 5, 6 }, false)]
    public void A_week_jumps_at_twice_the_four_week_mean_and_at_least_three(int thisWeek, int[] baseline, bool jumps) =>
        Assert.Equal(jumps, FindingTrend.IsJump(thisWeek, baseline));

    [Fact]
    public void The_baseline_is_four_weeks() =>
        Assert.Throws<ArgumentException>(() => FindingTrend.IsJump(5, [1, 1, 1]));

    [Fact]
    public void Only_syringes_and_dangerous_objects_not_removed_are_alerts()
    {
        Assert.True(FindingRules.NeedsAlert(FindingCategory.Syringes, removedSafely: false));
        Assert.True(FindingRules.NeedsAlert(FindingCategory.DangerousObject, removedSafely: false));
        Assert.False(FindingRules.NeedsAlert(FindingCategory.Syringes, removedSafely: true));
        Assert.False(FindingRules.NeedsAlert(FindingCategory.Vandalism, removedSafely: false));
        Assert.False(FindingRules.NeedsAlert(FindingCategory.Paraphernalia, removedSafely: false));
    }
}
