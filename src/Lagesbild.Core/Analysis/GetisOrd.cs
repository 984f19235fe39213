using MathNet.Numerics.Distributions;

namespace Lagesbild.Core.Analysis;

/// <summary>One cell's Getis-Ord Gi*: its z-score, two-sided p-value and confidence bin after false-discovery correction.</summary>
public readonly record struct GiStar(double Z, double P, int Bin);

/// <summary>
/// Getis-Ord Gi* on grid counts with binary weights in a distance band that includes the cell itself, the
/// analytic z-score, and Benjamini-Hochberg correction of the p-values. Bins are ±3, ±2, ±1 for hot (+) or
/// cold (−) spots at 99, 95 and 90 % confidence, 0 otherwise.
/// </summary>
public static class GetisOrd
{
    private static readonly (double Alpha, int Bin)[] Levels = [(0.01, 3), (0.05, 2), (0.10, 1)];

    /// <param name="values">One value per cell of the window.</param>
    /// <param name="inStudy">Which cells belong to the study area (all when null); the others neither count nor get a result.</param>
    /// <param name="band">The distance band in metres between cell centres.</param>
    public static GiStar[] Compute(GridWindow window, ReadOnlySpan<double> values, bool[]? inStudy, double band)
    {
        if (values.Length != window.Count)
            throw new ArgumentException("One value per cell is needed.", nameof(values));
        if (!double.IsFinite(band) || band <= 0)
            throw new ArgumentOutOfRangeException(nameof(band), band, "The distance band must be a number greater than 0.");
        var result = new GiStar[window.Count];
        Array.Fill(result, new GiStar(0, 1, 0));
        double n = 0, sum = 0, sumSquares = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (inStudy is not null && !inStudy[i])
                continue;
            n++;
            sum += values[i];
            sumSquares += values[i] * values[i];
        }
        if (n < 2)
            return result;
        var mean = sum / n;
        var s = Math.Sqrt(Math.Max(sumSquares / n - mean * mean, 0));
        if (s == 0)
            return result;
        var offsets = BandOffsets(band);
        for (var i = 0; i < values.Length; i++)
        {
            if (inStudy is not null && !inStudy[i])
                continue;
            var cell = window.CellAt(i);
            double weights = 0, local = 0;
            foreach (var (dc, dr) in offsets)
            {
                var j = window.IndexOf(cell.Column + dc, cell.Row + dr);
                if (j < 0 || (inStudy is not null && !inStudy[j]))
                    continue;
                weights++;
                local += values[j];
            }
            var spread = s * Math.Sqrt((n * weights - weights * weights) / (n - 1));
            var z = spread > 0 ? (local - mean * weights) / spread : 0;
            result[i] = new GiStar(z, 2 * (1 - Normal.CDF(0, 1, Math.Abs(z))), 0);
        }
        return Binned(result, inStudy);
    }

    private static List<(int Column, int Row)> BandOffsets(double band)
    {
        var size = Geo.GridCell.SizeMetres;
        var reach = (int)Math.Floor(band / size);
        var offsets = new List<(int, int)>();
        for (var dr = -reach; dr <= reach; dr++)
        {
            for (var dc = -reach; dc <= reach; dc++)
            {
                if (Math.Sqrt(dc * dc + dr * dr) * size <= band)
                    offsets.Add((dc, dr));
            }
        }
        return offsets;
    }

    private static GiStar[] Binned(GiStar[] cells, bool[]? inStudy)
    {
        var tested = Enumerable.Range(0, cells.Length).Where(i => inStudy is null || inStudy[i]).ToArray();
        var p = tested.Select(i => cells[i].P).ToArray();
        var order = FalseDiscovery.Order(p);
        // From the loosest level to the strictest, so that a cell keeps the highest confidence it reaches.
        foreach (var (alpha, bin) in Levels.Reverse())
        {
            var cut = FalseDiscovery.Cut(p, order, alpha);
            for (var k = 0; k <= cut; k++)
            {
                var i = tested[order[k]];
                cells[i] = cells[i] with { Bin = Math.Sign(cells[i].Z) * bin };
            }
        }
        return cells;
    }
}

/// <summary>The Benjamini-Hochberg procedure: which of m tests are discoveries while the expected share of false ones stays at most alpha.</summary>
public static class FalseDiscovery
{
    public static bool[] Significant(IReadOnlyList<double> p, double alpha)
    {
        var values = p.ToArray();
        var order = Order(values);
        var significant = new bool[values.Length];
        var cut = Cut(values, order, alpha);
        for (var k = 0; k <= cut; k++)
            significant[order[k]] = true;
        return significant;
    }

    /// <summary>The tests in order of rising p-value (ties by index).</summary>
    internal static int[] Order(double[] p)
    {
        var order = Enumerable.Range(0, p.Length).ToArray();
        var keys = (double[])p.Clone();
        Array.Sort(keys, order);
        // Array.Sort is not stable: put equal p-values back in index order, so that the answer is deterministic.
        for (var start = 0; start < keys.Length;)
        {
            var end = start;
            while (end < keys.Length && keys[end] == keys[start])
                end++;
            Array.Sort(order, start, end - start);
            start = end;
        }
        return order;
    }

    /// <summary>The last rank (0-based) whose p-value is under its line k·alpha/m, or -1.</summary>
    internal static int Cut(double[] p, int[] order, double alpha)
    {
        var cut = -1;
        for (var k = 0; k < order.Length; k++)
        {
            if (p[order[k]] <= (k + 1) * alpha / order.Length)
                cut = k;
        }
        return cut;
    }
}
