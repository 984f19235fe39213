namespace Lagesbild.Core.Analysis.Clustering;

/// <summary>
/// DBSCAN on planar coordinates (SWEREF 99 TM metres), exact and with scikit-learn's labels: a point is core
/// when at least minPoints points (itself included) lie within eps (distance ≤ eps); noise is -1; clusters are
/// numbered in the order of their lowest-index core point; a border point takes the smallest cluster id among
/// the clusters with a core point within eps.
/// </summary>
public static class Dbscan
{
    public static int[] Cluster(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double eps, int minPoints)
    {
        ClusterSettings.Require(eps, minPoints);
        if (x.Length != y.Length)
            throw new ArgumentException("x and y must have the same length.", nameof(y));
        if (x.Length == 0)
            return [];
        var grid = new PointGrid(x, y, eps);
        var eps2 = eps * eps;
        var core = FindCore(grid, eps2, minPoints);
        var cells = new UnionFind(grid.CellCount);
        var hasCore = new bool[grid.CellCount];
        for (var p = 0; p < core.Length; p++)
            hasCore[grid.CellOf[p]] |= core[p];
        JoinCoreCells(grid, core, hasCore, cells, eps2);
        return ClusterLabels.Assign(grid, core, p => cells.Find(grid.CellOf[p]), grid.CellCount,
            (p, labelOfRoot) => BorderLabel(grid, core, hasCore, p, c => labelOfRoot[cells.Find(c)], eps2));
    }

    private static bool[] FindCore(PointGrid grid, double eps2, int minPoints)
    {
        var core = new bool[grid.X.Length];
        Parallel.For(0, grid.CellCount, c =>
        {
            var from = grid.Start[c];
            var to = grid.Start[c + 1];
            // Every pair in a cell is within eps, so a cell holding minPoints is all core.
            if (to - from >= minPoints)
            {
                core.AsSpan(from, to - from).Fill(true);
                return;
            }
            Span<int> near = stackalloc int[PointGrid.MaxNeighbours];
            var nearCount = grid.Neighbours(c, near);
            for (var p = from; p < to; p++)
            {
                var count = to - from;
                for (var k = 1; k < nearCount && count < minPoints; k++)
                    count += CountWithin(grid, near[k], grid.X[p], grid.Y[p], eps2, minPoints - count);
                core[p] = count >= minPoints;
            }
        });
        return core;
    }

    private static int CountWithin(PointGrid grid, int cell, double x, double y, double eps2, int enough)
    {
        var count = 0;
        for (var q = grid.Start[cell]; q < grid.Start[cell + 1] && count < enough; q++)
        {
            var dx = grid.X[q] - x;
            var dy = grid.Y[q] - y;
            if (dx * dx + dy * dy <= eps2)
                count++;
        }
        return count;
    }

    /// <summary>All core points of a cell are one cluster; two cells join when any pair of their core points is within eps.</summary>
    private static void JoinCoreCells(PointGrid grid, bool[] core, bool[] hasCore, UnionFind cells, double eps2)
    {
        Span<int> near = stackalloc int[PointGrid.MaxNeighbours];
        for (var a = 0; a < grid.CellCount; a++)
        {
            if (!hasCore[a])
                continue;
            var nearCount = grid.Neighbours(a, near);
            for (var k = 1; k < nearCount; k++)
            {
                var b = near[k];
                if (b < a || !hasCore[b] || cells.Find(a) == cells.Find(b))
                    continue;
                if (AnyCorePairWithin(grid, core, a, b, eps2))
                    cells.Union(a, b);
            }
        }
    }

    private static bool AnyCorePairWithin(PointGrid grid, bool[] core, int a, int b, double eps2)
    {
        for (var p = grid.Start[a]; p < grid.Start[a + 1]; p++)
        {
            if (!core[p])
                continue;
            for (var q = grid.Start[b]; q < grid.Start[b + 1]; q++)
            {
                if (!core[q])
                    continue;
                var dx = grid.X[q] - grid.X[p];
                var dy = grid.Y[q] - grid.Y[p];
                if (dx * dx + dy * dy <= eps2)
                    return true;
            }
        }
        return false;
    }

    private static int BorderLabel(PointGrid grid, bool[] core, bool[] hasCore, int p, Func<int, int> labelOfCell, double eps2)
    {
        var best = int.MaxValue;
        Span<int> near = stackalloc int[PointGrid.MaxNeighbours];
        var nearCount = grid.Neighbours(grid.CellOf[p], near);
        for (var k = 0; k < nearCount; k++)
        {
            var c = near[k];
            if (!hasCore[c])
                continue;
            var label = labelOfCell(c);
            if (label >= best)
                continue;
            for (var q = grid.Start[c]; q < grid.Start[c + 1]; q++)
            {
                if (!core[q])
                    continue;
                var dx = grid.X[q] - grid.X[p];
                var dy = grid.Y[q] - grid.Y[p];
                if (dx * dx + dy * dy <= eps2)
                {
                    best = label;
                    break;
                }
            }
        }
        return best;
    }
}
