using MathNet.Numerics.Distributions;

namespace Lagesbild.Core.Measures;

/// <summary>Observations in equal windows before and after a measure starts, in its area and in a comparison area.</summary>
public sealed record EffectCounts(int TargetBefore, int TargetAfter, int ComparisonBefore, int ComparisonAfter);

/// <summary>
/// A difference-in-differences estimate of a measure's effect as a rate ratio: how the target's rate changed,
/// divided by how the comparison's changed (1 is no effect, 0.6 is 40 % fewer than the comparison suggests),
/// with its confidence interval; or, below the threshold, why there is too little data to say.
/// </summary>
public sealed record EffectEstimate(EffectCounts Counts, double? RateRatio, double? Lower, double? Upper, double Confidence, string? TooLittleData)
{
    public bool Sufficient => TooLittleData is null;
}

/// <summary>Why an effect cannot be said: not started, too few days since the start, or a count below the minimum.</summary>
public enum EffectShortfall
{
    NotStarted,
    TooFewObservations,
    TooSoon,
}

/// <summary>The two windows of an estimate: equally long (in hours) before and after the start, Stockholm midnight of its first day.</summary>
public sealed record EffectWindow(DateTimeOffset BeforeFrom, DateTimeOffset Start, DateTimeOffset AfterTo, int DaysEachSide, int DaysRun, bool Started);

public static class MeasureEffect
{
    /// <summary>The fewest days after the start worth judging.</summary>
    public const int MinDays = 7;

    /// <summary>Windows of <paramref name="weeks"/> weeks either side of the start, cut to the whole days run so far.</summary>
    public static EffectWindow WindowFor(DateOnly startsOn, DateTimeOffset now, int weeks)
    {
        var start = Time.Stockholm.StartOfDay(startsOn);
        var elapsed = (int)Math.Floor((now - start).TotalDays);
        var days = Math.Min(weeks * 7, Math.Max(elapsed, 0));
        return new EffectWindow(start.AddDays(-days), start, start.AddDays(days), days, Math.Max(elapsed, 0), elapsed >= 0);
    }

    /// <summary>Why the estimate cannot be given, or null when it can.</summary>
    public static EffectShortfall? Shortfall(EffectWindow window, EffectEstimate estimate) =>
        !window.Started ? EffectShortfall.NotStarted
        : window.DaysEachSide < MinDays ? EffectShortfall.TooSoon
        : estimate.Sufficient ? null : EffectShortfall.TooFewObservations;

    /// <summary>Each of the four counts must reach this, or the interval says more about chance than about the measure.</summary>
    public const int MinimumCount = 5;

    /// <summary>
    /// The rate ratio (a₂/a₁)/(c₂/c₁) of counts in equal windows, with a Wald interval on its logarithm under
    /// Poisson counts: the standard error is √(1/a₁ + 1/a₂ + 1/c₁ + 1/c₂).
    /// </summary>
    public static EffectEstimate Estimate(EffectCounts counts, double confidence = 0.95)
    {
        if (!(confidence is > 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "The confidence must lie between 0 and 1.");
        int[] all = [counts.TargetBefore, counts.TargetAfter, counts.ComparisonBefore, counts.ComparisonAfter];
        if (all.Any(c => c < 0))
            throw new ArgumentOutOfRangeException(nameof(counts), counts, "Counts cannot be negative.");
        if (all.Min() < MinimumCount)
        {
            return new EffectEstimate(counts, null, null, null, confidence,
                $"Each of the four counts must be at least {MinimumCount}; the smallest is {all.Min()}.");
        }
        var logRatio = Math.Log(counts.TargetAfter) - Math.Log(counts.TargetBefore) - Math.Log(counts.ComparisonAfter) + Math.Log(counts.ComparisonBefore);
        var standardError = Math.Sqrt(all.Sum(c => 1.0 / c));
        var z = Normal.InvCDF(0, 1, 1 - (1 - confidence) / 2);
        return new EffectEstimate(counts, Math.Exp(logRatio), Math.Exp(logRatio - z * standardError), Math.Exp(logRatio + z * standardError), confidence, null);
    }
}
