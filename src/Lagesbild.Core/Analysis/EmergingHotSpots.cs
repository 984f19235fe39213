namespace Lagesbild.Core.Analysis;

public enum HotSpotPattern
{
    None,
    New,
    Consecutive,
    Intensifying,
    Persistent,
    Diminishing,
    Sporadic,
    Oscillating,
    Historical,
}

/// <summary>
/// Emerging hot spots: Gi* per weekly bin and a Mann-Kendall trend of each cell's z-scores, read into the
/// patterns of space-time hot spot analysis. "Hot" is a positive bin (90 % or more after false-discovery
/// correction); "mostly" is at least 90 % of the bins; the trend counts when its p-value is below 0.05.
/// </summary>
public static class EmergingHotSpots
{
    private const double Mostly = 0.9;
    private const double TrendAlpha = 0.05;

    /// <param name="countsByBin">Per time bin (oldest first), one count per cell of the window.</param>
    public static HotSpotPattern[] Classify(GridWindow window, IReadOnlyList<double[]> countsByBin, bool[]? inStudy, double band)
    {
        var bins = countsByBin.Select(counts => GetisOrd.Compute(window, counts, inStudy, band)).ToArray();
        var patterns = new HotSpotPattern[window.Count];
        var z = new double[bins.Length];
        var binOf = new int[bins.Length];
        for (var i = 0; i < window.Count; i++)
        {
            for (var t = 0; t < bins.Length; t++)
            {
                z[t] = bins[t][i].Z;
                binOf[t] = bins[t][i].Bin;
            }
            patterns[i] = Pattern(binOf, z);
        }
        return patterns;
    }

    /// <summary>The pattern of one cell from its bins and z-scores over time, oldest first.</summary>
    public static HotSpotPattern Pattern(ReadOnlySpan<int> bins, ReadOnlySpan<double> z)
    {
        var steps = bins.Length;
        if (steps == 0)
            return HotSpotPattern.None;
        var hot = 0;
        var cold = false;
        foreach (var bin in bins)
        {
            hot += bin > 0 ? 1 : 0;
            cold |= bin < 0;
        }
        var mostlyHot = hot >= Mostly * steps;
        if (bins[^1] <= 0)
            return mostlyHot ? HotSpotPattern.Historical : HotSpotPattern.None;
        if (mostlyHot)
        {
            var trend = Trend.Of(z);
            if (trend.P < TrendAlpha)
                return trend.Z > 0 ? HotSpotPattern.Intensifying : HotSpotPattern.Diminishing;
            return HotSpotPattern.Persistent;
        }
        // A cold past is the more telling history, so it comes before "new" and "consecutive".
        if (cold)
            return HotSpotPattern.Oscillating;
        if (hot == 1)
            return HotSpotPattern.New;
        var run = 0;
        while (run < steps && bins[steps - 1 - run] > 0)
            run++;
        return run == hot ? HotSpotPattern.Consecutive : HotSpotPattern.Sporadic;
    }
}
