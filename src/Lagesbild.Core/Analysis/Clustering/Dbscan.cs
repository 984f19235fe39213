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
        using var grid = new PointGrid(x, y, eps);
        var eps2 = eps * eps;
        var core = FindCore(grid, eps2, minPoints);
        var hasCore = new bool[grid.CellCount];
        for (var p = 0; p < core.Length; p++)
            hasCore[grid.CellOf[p]] |= core[p];
        var cellRoot = JoinCoreCells(grid, core, hasCore, eps2);
        var rootOf = new int[core.Length];
        for (var p = 0; p < rootOf.Length; p++)
            rootOf[p] = cellRoot[grid.CellOf[p]];
        return ClusterLabels.Assign(grid, core, rootOf, grid.CellCount, labelOfRoot =>
        {
            var labelOfCell = LabelOfCell(cellRoot, hasCore, labelOfRoot);
            return (p, near) => BorderLabel(grid, core, labelOfCell, p, near, eps2);
        });
    }

    private static int[] LabelOfCell(int[] cellRoot, bool[] hasCore, int[] labelOfRoot)
    {
        var labels = new int[cellRoot.Length];
        for (var c = 0; c < labels.Length; c++)
            labels[c] = hasCore[c] ? labelOfRoot[cellRoot[c]] : int.MaxValue;
        return labels;
    }

    private static bool[] FindCore(PointGrid grid, double eps2, int minPoints)
    {
        var core = new bool[grid.Count];
        Parallel.For(0, (grid.CellCount + ClusterLabels.Chunk - 1) / ClusterLabels.Chunk, chunk =>
        {
            Span<int> near = stackalloc int[PointGrid.MaxNeighbours];
            for (var c = chunk * ClusterLabels.Chunk; c < Math.Min(grid.CellCount, (chunk + 1) * ClusterLabels.Chunk); c++)
            {
                var from = grid.Start[c];
                var to = grid.Start[c + 1];
                // Every pair in a cell is within eps, so a cell holding minPoints is all core.
                if (to - from >= minPoints)
                {
                    core.AsSpan(from, to - from).Fill(true);
                    continue;
                }
                var nearCount = grid.Neighbours(c, near);
                for (var p = from; p < to; p++)
                {
                    var count = to - from;
                    for (var k = 1; k < nearCount && count < minPoints; k++)
                    {
                        if (!grid.OutOfReach(near[k], grid.Points[p].X, grid.Points[p].Y))
                            count += CountWithin(grid, near[k], grid.Points[p].X, grid.Points[p].Y, eps2, minPoints - count);
                    }
                    core[p] = count >= minPoints;
                }
            }
        });
        return core;
    }

    private static int CountWithin(PointGrid grid, int cell, double x, double y, double eps2, int enough)
    {
        var count = 0;
        for (var q = grid.Start[cell]; q < grid.Start[cell + 1] && count < enough; q++)
        {
            var dx = grid.Points[q].X - x;
            var dy = grid.Points[q].Y - y;
            if (dx * dx + dy * dy <= eps2)
                count++;
        }
        return count;
    }

    /// <summary>
    /// All core points of a cell are one cluster; two cells join when any pair of their core points is within
    /// eps. Touching cells are joined first, so that most further cells are found joined already and skipped.
    /// Answers each cell's component.
    /// </summary>
    private static int[] JoinCoreCells(PointGrid grid, bool[] core, bool[] hasCore, double eps2)
    {
        var cells = new UnionFind(grid.CellCount);
        foreach (var touchingOnly in (ReadOnlySpan<bool>)[true, false])
        {
            Parallel.For(0, (grid.CellCount + ClusterLabels.Chunk - 1) / ClusterLabels.Chunk, chunk =>
            {
                Span<int> near = stackalloc int[PointGrid.MaxNeighbours];
                for (var a = chunk * ClusterLabels.Chunk; a < Math.Min(grid.CellCount, (chunk + 1) * ClusterLabels.Chunk); a++)
                {
                    if (!hasCore[a])
                        continue;
                    var nearCount = grid.Neighbours(a, near, out var touching);
                    for (var k = touchingOnly ? 1 : touching; k < (touchingOnly ? touching : nearCount); k++)
                    {
                        var b = near[k];
                        // Another thread may join the two meanwhile; then the check below is merely wasted.
                        if (b < a || !hasCore[b] || cells.Find(a) == cells.Find(b))
                            continue;
                        if (AnyCorePairWithin(grid, core, a, b, eps2))
                            cells.Union(a, b);
                    }
                }
            });
        }
        var root = new int[grid.CellCount];
        for (var c = 0; c < root.Length; c++)
            root[c] = cells.Find(c);
        return root;
    }

    private static bool AnyCorePairWithin(PointGrid grid, bool[] core, int a, int b, double eps2)
    {
        for (var p = grid.Start[a]; p < grid.Start[a + 1]; p++)
        {
            if (!core[p] || grid.OutOfReach(b, grid.Points[p].X, grid.Points[p].Y))
                continue;
            for (var q = grid.Start[b]; q < grid.Start[b + 1]; q++)
            {
                if (!core[q])
                    continue;
                var dx = grid.Points[q].X - grid.Points[p].X;
                var dy = grid.Points[q].Y - grid.Points[p].Y;
                if (dx * dx + dy * dy <= eps2)
                    return true;
            }
        }
        return false;
    }

    private static int BorderLabel(PointGrid grid, bool[] core, int[] labelOfCell, int p, ReadOnlySpan<int> near, double eps2)
    {
        var best = int.MaxValue;
        for (var k = 0; k < near.Length; k++)
        {
            var c = near[k];
            var label = labelOfCell[c];
            if (label >= best || grid.OutOfReach(c, grid.Points[p].X, grid.Points[p].Y))
                continue;
            for (var q = grid.Start[c]; q < grid.Start[c + 1]; q++)
            {
                if (!core[q])
                    continue;
                var dx = grid.Points[q].X - grid.Points[p].X;
                var dy = grid.Points[q].Y - grid.Points[p].Y;
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
