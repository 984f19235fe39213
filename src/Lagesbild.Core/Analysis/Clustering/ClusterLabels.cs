namespace Lagesbild.Core.Analysis.Clustering;

/// <summary>
/// Turns core points joined into components into scikit-learn's labels: components numbered in the order of
/// their lowest-index core point, border points labelled by a rule, the rest noise (-1).
/// </summary>
internal static class ClusterLabels
{
    public const int Noise = -1;

    /// <summary>
    /// The smallest label among clusters with a core point within reach of a border point, or int.MaxValue;
    /// given the cells near the point's own (<see cref="PointGrid.Neighbours(int, Span{int})"/>).
    /// </summary>
    public delegate int BorderRule(int position, ReadOnlySpan<int> nearCells);

    /// <param name="rootOf">Per sorted position, the component of a core point (0 .. rootCount - 1); ignored for the rest.</param>
    public static int[] Assign(PointGrid grid, bool[] core, int[] rootOf, int rootCount, Func<int[], BorderRule> borderGiven)
    {
        var n = core.Length;
        var lowest = new int[rootCount];
        Array.Fill(lowest, int.MaxValue);
        for (var p = 0; p < n; p++)
        {
            if (core[p])
                lowest[rootOf[p]] = Math.Min(lowest[rootOf[p]], grid.Points[p].Index);
        }
        var roots = Enumerable.Range(0, rootCount).Where(r => lowest[r] != int.MaxValue).ToArray();
        Array.Sort(roots.Select(r => lowest[r]).ToArray(), roots);
        var labelOfRoot = new int[rootCount];
        Array.Fill(labelOfRoot, Noise);
        for (var label = 0; label < roots.Length; label++)
            labelOfRoot[roots[label]] = label;
        var labels = new int[n];
        var border = borderGiven(labelOfRoot);
        Parallel.For(0, (grid.CellCount + Chunk - 1) / Chunk, chunk =>
        {
            Span<int> near = stackalloc int[PointGrid.MaxNeighbours];
            for (var c = chunk * Chunk; c < Math.Min(grid.CellCount, (chunk + 1) * Chunk); c++)
            {
                var nearCount = -1;
                for (var p = grid.Start[c]; p < grid.Start[c + 1]; p++)
                {
                    if (core[p])
                    {
                        labels[grid.Points[p].Index] = labelOfRoot[rootOf[p]];
                        continue;
                    }
                    if (nearCount < 0)
                        nearCount = grid.Neighbours(c, near);
                    var label = border(p, near[..nearCount]);
                    labels[grid.Points[p].Index] = label == int.MaxValue ? Noise : label;
                }
            }
        });
        return labels;
    }

    /// <summary>Points or cells handed to one parallel task at a time.</summary>
    public const int Chunk = 4096;
}

/// <summary>
/// Disjoint sets that several threads may join at once: a root is linked to a smaller root with a
/// compare-and-swap, and finding halves paths (a write that only ever points a node at one of its ancestors,
/// so a lost write is harmless). The sets are the same whatever the threads' order; which node is a root is not.
/// </summary>
internal sealed class UnionFind
{
    private readonly int[] _parent;

    public UnionFind(int count)
    {
        _parent = new int[count];
        for (var i = 0; i < count; i++)
            _parent[i] = i;
    }

    public int Find(int i)
    {
        while (true)
        {
            var parent = Volatile.Read(ref _parent[i]);
            if (parent == i)
                return i;
            var grandparent = Volatile.Read(ref _parent[parent]);
            if (grandparent != parent)
                _parent[i] = grandparent;
            i = grandparent;
        }
    }

    public void Union(int a, int b)
    {
        while (true)
        {
            a = Find(a);
            b = Find(b);
            if (a == b)
                return;
            if (a < b)
                (a, b) = (b, a);
            if (Interlocked.CompareExchange(ref _parent[a], b, a) == a)
                return;
        }
    }
}

/// <summary>Checks clustering parameters; the API and the command line check the same way before they call.</summary>
public static class ClusterSettings
{
    public static string? CheckEps(double eps, string name = "eps") =>
        double.IsFinite(eps) && eps > 0 ? null : $"{name} must be a number greater than 0.";

    public static string? CheckMinPoints(int minPoints) =>
        minPoints >= 1 ? null : "minPoints must be at least 1.";

    internal static void Require(double eps, int minPoints, double? epsSeconds = null)
    {
        if (CheckEps(eps) is { } epsError)
            throw new ArgumentOutOfRangeException(nameof(eps), eps, epsError);
        if (CheckMinPoints(minPoints) is { } minError)
            throw new ArgumentOutOfRangeException(nameof(minPoints), minPoints, minError);
        if (epsSeconds is { } seconds && CheckEps(seconds, "epsSeconds") is { } secondsError)
            throw new ArgumentOutOfRangeException(nameof(epsSeconds), seconds, secondsError);
    }
}
