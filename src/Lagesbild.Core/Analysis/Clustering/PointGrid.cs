using System.Buffers;

namespace Lagesbild.Core.Analysis.Clustering;

/// <summary>
/// Points bucketed into square cells of side eps/√2, so that two points in one cell are always within eps
/// and every neighbour within eps lies in the 5 × 5 block of cells around a point's own. Points are copied
/// in cell order for locality.
/// </summary>
internal sealed class PointGrid : IDisposable
{
    // Slightly under eps/√2, so that rounding in the cell arithmetic can never put a pair further than eps
    // apart into one cell.
    private const double SideShrink = 1 - 1e-9;
    private const int Reach = 2;
    public const int MaxNeighbours = (2 * Reach + 1) * (2 * Reach + 1);

    // Nearest cells first: a count that reaches minPoints, or a pair that joins two cells, is found sooner.
    private static readonly (int Column, int Row)[] Offsets = [.. (
        from dr in Enumerable.Range(-Reach, 2 * Reach + 1)
        from dc in Enumerable.Range(-Reach, 2 * Reach + 1)
        orderby Math.Max(Math.Abs(dc) - 1, 0) * Math.Max(Math.Abs(dc) - 1, 0) + Math.Max(Math.Abs(dr) - 1, 0) * Math.Max(Math.Abs(dr) - 1, 0),
            Math.Abs(dc) + Math.Abs(dr), dr, dc
        select (dc, dr))];

    /// <summary>The offsets of the own cell and its eight touching cells come first.</summary>
    public const int Touching = 9;

    private int _columns;
    private int _rows;
    private int[]? _dense;
    private Dictionary<long, int>? _sparse;
    private double _minX;
    private double _minY;
    private readonly double _side;
    private readonly double _pruneGap2;

    /// <summary>The points in sorted positions, each with its original index.</summary>
    public Placed[] Points { get; }

    /// <summary>Cell of the point at each sorted position.</summary>
    public int[] CellOf { get; }

    /// <summary>Sorted positions of cell c are Start[c] .. Start[c + 1] - 1.</summary>
    public int[] Start { get; }

    public int[] Column { get; }

    public int[] Row { get; }

    public int CellCount => Column.Length;

    public PointGrid(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double eps)
    {
        var n = x.Length;
        _side = eps / Math.Sqrt(2) * SideShrink;
        // A cell is skipped for a point only when it is clearly further than eps, whatever the rounding.
        _pruneGap2 = eps * (1 + 1e-7) * eps * (1 + 1e-7);
        // The large working arrays come from the shared pool: a clustering of a million points would otherwise
        // allocate some 50 MB a call, and the garbage collector would spend more time than the clustering.
        var xs = ArrayPool<double>.Shared.Rent(n);
        var ys = ArrayPool<double>.Shared.Rent(n);
        x.CopyTo(xs);
        y.CopyTo(ys);
        try
        {
            Count = n;
            (Points, CellOf, Start, Column, Row) = Place(xs, ys, n);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(xs);
            ArrayPool<double>.Shared.Return(ys);
        }
    }

    /// <summary>How many points there are (the pooled arrays may be longer).</summary>
    public int Count { get; }

    private (Placed[] Points, int[] CellOf, int[] Start, int[] Column, int[] Row) Place(double[] xs, double[] ys, int n)
    {
        var (minX, minY, maxX, maxY) = Extent(xs, ys, n);
        _minX = minX;
        _minY = minY;
        // One rounding for the extent and the cells alike, so that no point falls outside the extent.
        var inverse = 1 / _side;
        var spanColumns = n == 0 ? 1 : Math.Floor((maxX - minX) * inverse) + 1;
        var spanRows = n == 0 ? 1 : Math.Floor((maxY - minY) * inverse) + 1;
        if (spanColumns > int.MaxValue - 2 * Reach || spanRows > int.MaxValue - 2 * Reach)
            throw new ArgumentException("The points are too far apart for this eps.", nameof(xs));
        var columns = _columns = (int)spanColumns;
        _rows = (int)spanRows;

        var raw = ArrayPool<long>.Shared.Rent(n);
        var cellOfPoint = ArrayPool<int>.Shared.Rent(n);
        try
        {
            InChunks(n, i => raw[i] = (long)((ys[i] - minY) * inverse) * columns + (long)((xs[i] - minX) * inverse));
            return Number(xs, ys, raw, cellOfPoint, n);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(raw);
            ArrayPool<int>.Shared.Return(cellOfPoint);
        }
    }

    private (Placed[] Points, int[] CellOf, int[] Start, int[] Column, int[] Row) Number(double[] xs, double[] ys, long[] raw, int[] cellOfPoint, int n)
    {
        // Cells are numbered row by row, so that cells near in space are near in memory. A dense index when
        // the cells are not many more than the points (the usual city case); a hash index for points strewn
        // over a huge area.
        long[] occupied;
        var denseCells = (long)_columns * _rows;
        if (denseCells <= Math.Max(4L * n, 1 << 20))
        {
            var dense = _dense = ArrayPool<int>.Shared.Rent((int)denseCells);
            dense.AsSpan(0, (int)denseCells).Clear();
            for (var i = 0; i < n; i++)
                dense[raw[i]] = 1;
            var cells = 0;
            for (var r = 0; r < denseCells; r++)
                dense[r] = dense[r] > 0 ? cells++ : -1;
            occupied = new long[cells];
            for (var r = 0; r < denseCells; r++)
            {
                if (dense[r] >= 0)
                    occupied[dense[r]] = r;
            }
            InChunks(n, i => cellOfPoint[i] = dense[raw[i]]);
        }
        else
        {
            occupied = [.. raw.Take(n).Distinct().Order()];
            var sparse = _sparse = new Dictionary<long, int>(occupied.Length);
            for (var c = 0; c < occupied.Length; c++)
                sparse[occupied[c]] = c;
            for (var i = 0; i < n; i++)
                cellOfPoint[i] = sparse[raw[i]];
        }

        var start = new int[occupied.Length + 1];
        for (var i = 0; i < n; i++)
            start[cellOfPoint[i] + 1]++;
        var column = new int[occupied.Length];
        var row = new int[occupied.Length];
        for (var c = 0; c < occupied.Length; c++)
        {
            start[c + 1] += start[c];
            column[c] = (int)(occupied[c] % _columns);
            row[c] = (int)(occupied[c] / _columns);
        }
        var points = ArrayPool<Placed>.Shared.Rent(n);
        var cellOf = ArrayPool<int>.Shared.Rent(n);
        var next = (int[])start.Clone();
        for (var i = 0; i < n; i++)
        {
            var c = cellOfPoint[i];
            var at = next[c]++;
            points[at] = new Placed(xs[i], ys[i], i);
            cellOf[at] = c;
        }
        return (points, cellOf, start, column, row);
    }

    public void Dispose()
    {
        ArrayPool<Placed>.Shared.Return(Points);
        ArrayPool<int>.Shared.Return(CellOf);
        if (_dense is not null)
            ArrayPool<int>.Shared.Return(_dense);
    }

    private static (double MinX, double MinY, double MaxX, double MaxY) Extent(double[] x, double[] y, int n)
    {
        var extent = (MinX: double.PositiveInfinity, MinY: double.PositiveInfinity, MaxX: double.NegativeInfinity, MaxY: double.NegativeInfinity);
        var gate = new Lock();
        var bad = int.MaxValue;
        Parallel.For(0, (n + PointChunk - 1) / PointChunk, chunk =>
        {
            double minX = double.PositiveInfinity, minY = double.PositiveInfinity, maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
            for (var i = chunk * PointChunk; i < Math.Min(n, (chunk + 1) * PointChunk); i++)
            {
                if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]))
                {
                    InterlockedMin(ref bad, i);
                    continue;
                }
                minX = x[i] < minX ? x[i] : minX;
                maxX = x[i] > maxX ? x[i] : maxX;
                minY = y[i] < minY ? y[i] : minY;
                maxY = y[i] > maxY ? y[i] : maxY;
            }
            lock (gate)
                extent = (Math.Min(extent.MinX, minX), Math.Min(extent.MinY, minY), Math.Max(extent.MaxX, maxX), Math.Max(extent.MaxY, maxY));
        });
        if (bad != int.MaxValue)
            throw new ArgumentException($"Point {bad} has a coordinate that is not a finite number.", nameof(x));
        return extent;
    }

    private static void InterlockedMin(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
                return;
            current = seen;
        }
    }

    private const int PointChunk = 65536;

    private static void InChunks(int n, Action<int> each) =>
        Parallel.For(0, (n + PointChunk - 1) / PointChunk, chunk =>
        {
            for (var i = chunk * PointChunk; i < Math.Min(n, (chunk + 1) * PointChunk); i++)
                each(i);
        });

    /// <summary>The cell at a column and row, or -1 when it holds no point.</summary>
    public int Find(int column, int row)
    {
        if ((uint)column >= (uint)_columns || (uint)row >= (uint)_rows)
            return -1;
        var raw = (long)row * _columns + column;
        if (_dense is not null)
            return _dense[raw];
        return _sparse!.TryGetValue(raw, out var c) ? c : -1;
    }

    /// <summary>
    /// The cells that may hold a point within eps of a point in cell c: c itself first, then its touching
    /// cells, then the rest, nearest first.
    /// </summary>
    public int Neighbours(int c, Span<int> into) => Neighbours(c, into, out _);

    /// <param name="touching">How many of the cells found are c and the cells touching it (they come first).</param>
    public int Neighbours(int c, Span<int> into, out int touching)
    {
        var count = 0;
        touching = 0;
        for (var k = 0; k < Offsets.Length; k++)
        {
            var other = Find(Column[c] + Offsets[k].Column, Row[c] + Offsets[k].Row);
            if (other < 0)
                continue;
            into[count++] = other;
            if (k < Touching)
                touching = count;
        }
        return count;
    }

    /// <summary>Whether cell c is so far from the point that none of its points can be within eps.</summary>
    public bool OutOfReach(int c, double x, double y)
    {
        var left = _minX + Column[c] * _side;
        var bottom = _minY + Row[c] * _side;
        var dx = Math.Max(Math.Max(left - x, x - (left + _side)), 0);
        var dy = Math.Max(Math.Max(bottom - y, y - (bottom + _side)), 0);
        return dx * dx + dy * dy > _pruneGap2;
    }

    /// <summary>Orders the points within each cell by a key (given per sorted position), which is sorted alongside.</summary>
    public void SortWithinCells(double[] key)
    {
        for (var c = 0; c < CellCount; c++)
        {
            var from = Start[c];
            var length = Start[c + 1] - from;
            if (length < 2)
                continue;
            key.AsSpan(from, length).Sort(Points.AsSpan(from, length));
        }
    }
}

/// <summary>A point in its sorted position: its coordinates and its index in the input.</summary>
internal readonly record struct Placed(double X, double Y, int Index);
