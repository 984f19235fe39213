namespace Lagesbild.Core.Analysis.Clustering;

/// <summary>
/// Turns core points joined into components into scikit-learn's labels: components numbered in the order of
/// their lowest-index core point, border points labelled by a rule, the rest noise (-1).
/// </summary>
internal static class ClusterLabels
{
    public const int Noise = -1;

    /// <summary>The smallest label among clusters with a core point within reach of a border point, or int.MaxValue.</summary>
    public delegate int BorderRule(int position, int[] labelOfRoot);

    public static int[] Assign(PointGrid grid, bool[] core, Func<int, int> rootOf, int rootCount, BorderRule border)
    {
        var n = core.Length;
        var positionOf = new int[n];
        for (var p = 0; p < n; p++)
            positionOf[grid.Order[p]] = p;
        var labelOfRoot = new int[rootCount];
        Array.Fill(labelOfRoot, Noise);
        var labels = new int[n];
        var next = 0;
        for (var i = 0; i < n; i++)
        {
            var p = positionOf[i];
            if (!core[p])
                continue;
            ref var label = ref labelOfRoot[rootOf(p)];
            if (label == Noise)
                label = next++;
            labels[i] = label;
        }
        for (var i = 0; i < n; i++)
        {
            var p = positionOf[i];
            if (core[p])
                continue;
            var best = border(p, labelOfRoot);
            labels[i] = best == int.MaxValue ? Noise : best;
        }
        return labels;
    }
}

/// <summary>Disjoint sets with path halving and union by size.</summary>
internal sealed class UnionFind
{
    private readonly int[] _parent;
    private readonly int[] _size;

    public UnionFind(int count)
    {
        _parent = new int[count];
        _size = new int[count];
        for (var i = 0; i < count; i++)
        {
            _parent[i] = i;
            _size[i] = 1;
        }
    }

    public int Find(int i)
    {
        while (_parent[i] != i)
        {
            _parent[i] = _parent[_parent[i]];
            i = _parent[i];
        }
        return i;
    }

    public void Union(int a, int b)
    {
        a = Find(a);
        b = Find(b);
        if (a == b)
            return;
        if (_size[a] < _size[b])
            (a, b) = (b, a);
        _parent[b] = a;
        _size[a] += _size[b];
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
