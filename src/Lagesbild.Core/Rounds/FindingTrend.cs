namespace Lagesbild.Core.Rounds;

/// <summary>
/// When a site's findings jump against its own recent past: this week's count is at least twice the weekly mean of
/// the four weeks before it and at least <see cref="MinimumCount"/>. The floor keeps a quiet site from "jumping"
/// from nothing to one or two; twice the mean is the smallest step a principal would call a change rather than noise.
/// </summary>
public static class FindingTrend
{
    public const int BaselineWeeks = 4;

    public const int MinimumCount = 3;

    /// <summary>Whether <paramref name="thisWeek"/> jumps against the four weekly counts before it (oldest first or not: only their sum counts).</summary>
    public static bool IsJump(int thisWeek, IReadOnlyList<int> baselineWeeks)
    {
        ArgumentNullException.ThrowIfNull(baselineWeeks);
        if (baselineWeeks.Count != BaselineWeeks)
            throw new ArgumentException($"The baseline is {BaselineWeeks} weekly counts.", nameof(baselineWeeks));
        // thisWeek >= 2 x (sum / 4), in integers: 4 x thisWeek >= 2 x sum, i.e. 2 x thisWeek >= sum.
        return thisWeek >= MinimumCount && 2 * thisWeek >= baselineWeeks.Sum();
    }
}
