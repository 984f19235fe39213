using MathNet.Numerics.Distributions;

namespace Lagesbild.Core.Measures;

/// <summary>
/// Observations in equal windows before and after a measure's start in three areas: the target, the buffer around
/// it (where activity pushed away would land) and a control area away from both.
/// </summary>
public sealed record DisplacementCounts(int TargetBefore, int TargetAfter, int BufferBefore, int BufferAfter, int ControlBefore, int ControlAfter);

/// <summary>What the weighted displacement quotient says.</summary>
public enum DisplacementReading
{
    /// <summary>Too few observations to say anything.</summary>
    TooLittleData,

    /// <summary>The target did not fall against the control: there is no effect whose displacement could be weighed.</summary>
    NoSuccess,

    /// <summary>The buffer fell even more than the target (WDQ above 1): the benefit spread beyond the measure.</summary>
    DiffusionGreaterThanEffect,

    /// <summary>The buffer fell too (WDQ between 0 and 1): a diffusion of benefits.</summary>
    Diffusion,

    /// <summary>The buffer did not change against the control (WDQ 0).</summary>
    Neither,

    /// <summary>The buffer rose, less than the target fell (WDQ between -1 and 0): displacement, but a net gain.</summary>
    DisplacementSmallerThanEffect,

    /// <summary>The buffer rose more than the target fell (WDQ below -1): the measure moved the problem and made it larger.</summary>
    DisplacementGreaterThanEffect,
}

/// <param name="SuccessMeasure">A₁/C₁ − A₀/C₀: negative when the target fell against the control.</param>
/// <param name="BufferMeasure">B₁/C₁ − B₀/C₀: positive when the buffer rose against the control.</param>
/// <param name="Wdq">The buffer measure divided by the success measure; null without a success to weigh.</param>
/// <param name="NetEffect">
/// Observations fewer than the control's trend predicts in the target and buffer together
/// ([A₀·C₁/C₀ − A₁] + [B₀·C₁/C₀ − B₁]); negative when there were more.
/// </param>
public sealed record DisplacementEstimate(DisplacementCounts Counts, double? SuccessMeasure, double? BufferMeasure, double? Wdq, double? NetEffect, DisplacementReading Reading);

/// <summary>A shift of activity in time: the same place's hour profile before and after, compared by a χ² test of homogeneity.</summary>
/// <param name="Blocks">The blocks compared: weekdays and weekends, each in four six-hour blocks (night, morning, afternoon, evening).</param>
/// <param name="PValue">The chance of a difference this large if the hours had not changed; null when the counts are too small for the test.</param>
public sealed record TimeShift(int[] Before, int[] After, double? ChiSquare, int DegreesOfFreedom, double? PValue);

/// <summary>
/// Displacement in space and in time. In space, the weighted displacement quotient of Bowers and Johnson (2003):
/// how the buffer changed against the control, weighed by how the target changed against it. In time, whether the
/// hours of activity in the target moved.
/// </summary>
public static class Displacement
{
    /// <summary>The default buffer: the 500 m around the target, where activity pushed round the corner lands.</summary>
    public const double DefaultBufferMetres = 500;

    /// <summary>The default control: a ring from 1,000 to 2,000 m out, beyond the buffer's reach.</summary>
    public const double DefaultControlInner = 1000, DefaultControlOuter = 2000;

    /// <summary>The target before and both control counts must reach this for the quotient to mean anything.</summary>
    public const int MinimumCount = MeasureEffect.MinimumCount;

    public static DisplacementEstimate Estimate(DisplacementCounts c)
    {
        int[] all = [c.TargetBefore, c.TargetAfter, c.BufferBefore, c.BufferAfter, c.ControlBefore, c.ControlAfter];
        if (all.Any(n => n < 0))
            throw new ArgumentOutOfRangeException(nameof(c), c, "Counts cannot be negative.");
        if (new[] { c.TargetBefore, c.ControlBefore, c.ControlAfter }.Min() < MinimumCount)
            return new DisplacementEstimate(c, null, null, null, null, DisplacementReading.TooLittleData);
        var (c0, c1) = ((double)c.ControlBefore, (double)c.ControlAfter);
        var success = (c.TargetAfter / c1) - (c.TargetBefore / c0);
        var buffer = (c.BufferAfter / c1) - (c.BufferBefore / c0);
        var net = (c.TargetBefore * (c1 / c0)) - c.TargetAfter + (c.BufferBefore * (c1 / c0)) - c.BufferAfter;
        if (success >= 0)
            return new DisplacementEstimate(c, success, buffer, null, net, DisplacementReading.NoSuccess);
        var wdq = buffer / success;
        return new DisplacementEstimate(c, success, buffer, wdq, net, Read(wdq));
    }

    /// <summary>What a quotient says, given a success (Bowers and Johnson's reading).</summary>
    public static DisplacementReading Read(double wdq) => wdq switch
    {
        > 1 => DisplacementReading.DiffusionGreaterThanEffect,
        > 0 => DisplacementReading.Diffusion,
        0 => DisplacementReading.Neither,
        >= -1 => DisplacementReading.DisplacementSmallerThanEffect,
        _ => DisplacementReading.DisplacementGreaterThanEffect,
    };

    /// <summary>The eight blocks of an hour of the week (Monday 00-01 is 0): weekdays 0-3 and weekends 4-7, six hours each.</summary>
    public static int BlockOf(int hourOfWeek) => ((hourOfWeek / 24) >= 5 ? 4 : 0) + ((hourOfWeek % 24) / 6);

    /// <summary>Hour-of-week counts (168 each) gathered into the eight blocks and compared.</summary>
    public static TimeShift InTime(IReadOnlyList<int> beforeByHour, IReadOnlyList<int> afterByHour)
    {
        var (before, after) = (new int[8], new int[8]);
        for (var h = 0; h < beforeByHour.Count; h++)
            before[BlockOf(h)] += beforeByHour[h];
        for (var h = 0; h < afterByHour.Count; h++)
            after[BlockOf(h)] += afterByHour[h];
        return Compare(before, after);
    }

    /// <summary>
    /// The χ² test of homogeneity of two rows of counts. Blocks empty in both rows are left out; the test is not
    /// given when an expected count is below 1 or more than a fifth of them are below 5 (Cochran's rule).
    /// </summary>
    public static TimeShift Compare(int[] before, int[] after)
    {
        if (before.Length != after.Length)
            throw new ArgumentException("Both rows need the same blocks.", nameof(after));
        var columns = Enumerable.Range(0, before.Length).Where(i => before[i] + after[i] > 0).ToList();
        var (rowBefore, rowAfter) = ((double)before.Sum(), (double)after.Sum());
        var total = rowBefore + rowAfter;
        var degrees = columns.Count - 1;
        if (degrees < 1 || rowBefore == 0 || rowAfter == 0)
            return new TimeShift(before, after, null, Math.Max(degrees, 0), null);
        var expected = columns.SelectMany(i => new[] { (before[i] + after[i]) * rowBefore / total, (before[i] + after[i]) * rowAfter / total }).ToList();
        if (expected.Min() < 1 || expected.Count(e => e < 5) > expected.Count / 5.0)
            return new TimeShift(before, after, null, degrees, null);
        var chi = columns.Sum(i =>
        {
            var column = before[i] + after[i];
            var (eBefore, eAfter) = (column * rowBefore / total, column * rowAfter / total);
            return (Math.Pow(before[i] - eBefore, 2) / eBefore) + (Math.Pow(after[i] - eAfter, 2) / eAfter);
        });
        return new TimeShift(before, after, chi, degrees, 1 - ChiSquared.CDF(degrees, chi));
    }
}
