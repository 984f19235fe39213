using MathNet.Numerics.Distributions;

namespace Lagesbild.Core.Analysis;

/// <summary>The Mann-Kendall trend test: S, its z-score (continuity corrected, ties accounted for) and two-sided p-value.</summary>
public readonly record struct Trend(double S, double Z, double P)
{
    public static Trend Of(ReadOnlySpan<double> series)
    {
        var n = series.Length;
        double s = 0;
        for (var i = 0; i < n - 1; i++)
        {
            for (var j = i + 1; j < n; j++)
                s += Math.Sign(series[j] - series[i]);
        }
        var variance = (double)n * (n - 1) * (2 * n + 5);
        var sorted = series.ToArray();
        Array.Sort(sorted);
        for (var i = 0; i < n;)
        {
            var j = i;
            while (j < n && sorted[j] == sorted[i])
                j++;
            var t = (double)(j - i);
            variance -= t * (t - 1) * (2 * t + 5);
            i = j;
        }
        variance /= 18;
        if (variance <= 0)
            return new Trend(s, 0, 1);
        var z = s > 0 ? (s - 1) / Math.Sqrt(variance) : s < 0 ? (s + 1) / Math.Sqrt(variance) : 0;
        return new Trend(s, z, 2 * (1 - Normal.CDF(0, 1, Math.Abs(z))));
    }
}
