namespace Lagesbild.Core.Analysis.Clustering;

/// <summary>
/// ST-DBSCAN: DBSCAN where two points are neighbours when they are within eps metres AND within epsSeconds of
/// each other in time. Labels follow the same scikit-learn conventions as <see cref="Dbscan"/>.
/// </summary>
public static class StDbscan
{
    public static int[] Cluster(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> t, double eps, double epsSeconds, int minPoints)
    {
        ClusterSettings.Require(eps, minPoints, epsSeconds);
        if (x.Length != y.Length || x.Length != t.Length)
            throw new ArgumentException("x, y and t must have the same length.", nameof(t));
        if (x.Length == 0)
            return [];
        using var grid = new PointGrid(x, y, eps);
        var ts = new double[x.Length];
        for (var p = 0; p < ts.Length; p++)
        {
            ts[p] = t[grid.Points[p].Index];
            if (!double.IsFinite(ts[p]))
                throw new ArgumentException($"Point {grid.Points[p].Index} has a time that is not a finite number.", nameof(t));
        }
        grid.SortWithinCells(ts);
        var space = new Neighbourhood(grid, ts, eps * eps, epsSeconds);
        var core = FindCore(space, minPoints);
        var points = Join(space, core);
        var rootOf = new int[ts.Length];
        for (var p = 0; p < rootOf.Length; p++)
            rootOf[p] = points.Find(p);
        return ClusterLabels.Assign(grid, core, rootOf, ts.Length, labelOfRoot => (p, near) => BorderLabel(space, core, rootOf, labelOfRoot, p, near));
    }

    private static bool[] FindCore(Neighbourhood space, int minPoints)
    {
        var grid = space.Grid;
        var core = new bool[space.Times.Length];
        Parallel.For(0, grid.CellCount, c =>
        {
            Span<int> near = stackalloc int[PointGrid.MaxNeighbours];
            var nearCount = grid.Neighbours(c, near);
            for (var p = grid.Start[c]; p < grid.Start[c + 1]; p++)
            {
                // Within the own cell every point is near in space, so the time range is the count.
                var (from, to) = space.TimeRange(c, p);
                var count = to - from;
                for (var k = 1; k < nearCount && count < minPoints; k++)
                {
                    (from, to) = space.TimeRange(near[k], p);
                    for (var q = from; q < to && count < minPoints; q++)
                    {
                        if (space.NearInSpace(p, q))
                            count++;
                    }
                }
                core[p] = count >= minPoints;
            }
        });
        return core;
    }

    private static UnionFind Join(Neighbourhood space, bool[] core)
    {
        var grid = space.Grid;
        var points = new UnionFind(core.Length);
        Span<int> near = stackalloc int[PointGrid.MaxNeighbours];
        for (var a = 0; a < grid.CellCount; a++)
        {
            // In time order, core points of one cell within epsSeconds of each other form unbroken runs.
            var previous = -1;
            for (var p = grid.Start[a]; p < grid.Start[a + 1]; p++)
            {
                if (!core[p])
                    continue;
                if (previous >= 0 && space.Times[p] - space.Times[previous] <= space.EpsSeconds)
                    points.Union(previous, p);
                previous = p;
            }
            var nearCount = grid.Neighbours(a, near);
            for (var k = 1; k < nearCount; k++)
            {
                var b = near[k];
                if (b < a)
                    continue;
                for (var p = grid.Start[a]; p < grid.Start[a + 1]; p++)
                {
                    if (!core[p])
                        continue;
                    var (from, to) = space.TimeRange(b, p);
                    for (var q = from; q < to; q++)
                    {
                        if (core[q] && points.Find(p) != points.Find(q) && space.NearInSpace(p, q))
                            points.Union(p, q);
                    }
                }
            }
        }
        return points;
    }

    private static int BorderLabel(Neighbourhood space, bool[] core, int[] rootOf, int[] labelOfRoot, int p, ReadOnlySpan<int> near)
    {
        var grid = space.Grid;
        var best = int.MaxValue;
        for (var k = 0; k < near.Length; k++)
        {
            var (from, to) = space.TimeRange(near[k], p);
            for (var q = from; q < to; q++)
            {
                if (!core[q])
                    continue;
                var label = labelOfRoot[rootOf[q]];
                if (label < best && (k == 0 || space.NearInSpace(p, q)))
                    best = label;
            }
        }
        return best;
    }

    private sealed record Neighbourhood(PointGrid Grid, double[] Times, double Eps2, double EpsSeconds)
    {
        public bool NearInSpace(int p, int q)
        {
            var dx = Grid.Points[q].X - Grid.Points[p].X;
            var dy = Grid.Points[q].Y - Grid.Points[p].Y;
            return dx * dx + dy * dy <= Eps2;
        }

        /// <summary>The positions in a cell whose time is within epsSeconds of point p's, as [from, to).</summary>
        public (int From, int To) TimeRange(int cell, int p)
        {
            var t = Times[p];
            var from = Grid.Start[cell];
            var to = Grid.Start[cell + 1];
            // First q with t - Times[q] <= eps, then first q with Times[q] - t > eps: both tests are monotone in q.
            int lo = from, hi = to;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (t - Times[mid] <= EpsSeconds)
                    hi = mid;
                else
                    lo = mid + 1;
            }
            var start = lo;
            hi = to;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (Times[mid] - t > EpsSeconds)
                    hi = mid;
                else
                    lo = mid + 1;
            }
            return (start, lo);
        }
    }
}
