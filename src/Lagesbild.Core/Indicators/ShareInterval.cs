namespace Lagesbild.Core.Indicators;

/// <summary>A confidence interval of a share, in per cent.</summary>
public readonly record struct PercentInterval(double Low, double High);

/// <summary>
/// How sure a survey share is, from how many answered: the Wilson score interval (Wilson 1927), which keeps within
/// 0-100 % and holds for small n and shares near the ends, where the normal approximation (p ± z·√(p(1-p)/n)) does not.
/// </summary>
public static class ShareInterval
{
    /// <summary>The z of a two-sided 95 % interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <param name="percent">The share as the survey reports it, 0-100.</param>
    /// <param name="n">How many answered; an interval needs at least one.</param>
    public static PercentInterval? Wilson(double percent, int n, double z = Z95)
    {
        if (n <= 0 || !double.IsFinite(percent) || percent is < 0 or > 100)
            return null;
        var p = percent / 100;
        var z2 = z * z;
        var centre = (p + (z2 / (2 * n))) / (1 + (z2 / n));
        var half = z / (1 + (z2 / n)) * Math.Sqrt((p * (1 - p) / n) + (z2 / (4.0 * n * n)));
        return new PercentInterval(100 * Math.Max(0, centre - half), 100 * Math.Min(1, centre + half));
    }
}
