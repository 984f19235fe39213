namespace Lagesbild.Core.Analysis.Clustering;

/// <summary>
/// Points bucketed into square cells of side eps/√2, so that two points in one cell are always within eps
/// and every neighbour within eps lies in the 5 × 5 block of cells around a point's own. Points are copied
/// in cell order (index order within a cell) for locality.
/// </summary>
internal sealed class PointGrid
{
    // Slightly under eps/√2, so that rounding in the cell arithmetic can never put a pair further than eps
    // apart into one cell.
    private const double SideShrink = 1 - 1e-9;
    private const int Reach = 2;

    private readonly int _columns;
    private readonly int _rows;
    private readonly int[]? _dense;
    private readonly Dictionary<long, int>? _sparse;

    /// <summary>Original index of the point at each sorted position.</summary>
    public int[] Order { get; }

    public double[] X { get; }

    public double[] Y { get; }

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
        var side = eps / Math.Sqrt(2) * SideShrink;
        double minX = double.PositiveInfinity, minY = double.PositiveInfinity, maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]))
                throw new ArgumentException($"Point {i} has a coordinate that is not a finite number.", nameof(x));
            minX = Math.Min(minX, x[i]);
            minY = Math.Min(minY, y[i]);
            maxX = Math.Max(maxX, x[i]);
            maxY = Math.Max(maxY, y[i]);
        }
        var spanColumns = n == 0 ? 1 : Math.Floor((maxX - minX) / side) + 1;
        var spanRows = n == 0 ? 1 : Math.Floor((maxY - minY) / side) + 1;
        if (spanColumns > int.MaxValue - 2 * Reach || spanRows > int.MaxValue - 2 * Reach)
            throw new ArgumentException("The points are too far apart for this eps.", nameof(eps));
        _columns = (int)spanColumns;
        _rows = (int)spanRows;

        var rawCell = new long[n];
        for (var i = 0; i < n; i++)
            rawCell[i] = (long)Math.Floor((y[i] - minY) / side) * _columns + (long)Math.Floor((x[i] - minX) / side);

        // A dense index when the cells are not many more than the points (the usual city case); a hash
        // index for points strewn over a huge area.
        var denseCells = (long)_columns * _rows;
        int[] cellOfPoint;
        if (denseCells <= Math.Max(4L * n, 1 << 20))
        {
            var dense = _dense = new int[denseCells];
            Array.Fill(dense, -1);
            cellOfPoint = new int[n];
            var count = 0;
            for (var i = 0; i < n; i++)
            {
                ref var c = ref dense[rawCell[i]];
                if (c < 0)
                    c = count++;
                cellOfPoint[i] = c;
            }
        }
        else
        {
            _sparse = new Dictionary<long, int>();
            var sparse = _sparse;
            cellOfPoint = new int[n];
            for (var i = 0; i < n; i++)
            {
                if (!sparse.TryGetValue(rawCell[i], out var c))
                {
                    c = sparse.Count;
                    sparse[rawCell[i]] = c;
                }
                cellOfPoint[i] = c;
            }
        }

        var cells = 0;
        foreach (var c in cellOfPoint)
            cells = Math.Max(cells, c + 1);
        Start = new int[cells + 1];
        foreach (var c in cellOfPoint)
            Start[c + 1]++;
        for (var c = 0; c < cells; c++)
            Start[c + 1] += Start[c];
        Column = new int[cells];
        Row = new int[cells];
        Order = new int[n];
        X = new double[n];
        Y = new double[n];
        CellOf = new int[n];
        var next = (int[])Start.Clone();
        for (var i = 0; i < n; i++)
        {
            var c = cellOfPoint[i];
            var at = next[c]++;
            Order[at] = i;
            X[at] = x[i];
            Y[at] = y[i];
            CellOf[at] = c;
            Column[c] = (int)(rawCell[i] % _columns);
            Row[c] = (int)(rawCell[i] / _columns);
        }
    }

    /// <summary>The cell at a column and row, or -1 when it holds no point.</summary>
    public int Find(int column, int row)
    {
        if (column < 0 || row < 0 || column >= _columns || row >= _rows)
            return -1;
        var raw = (long)row * _columns + column;
        if (_dense is not null)
            return _dense[raw];
        return _sparse!.TryGetValue(raw, out var c) ? c : -1;
    }

    /// <summary>The cells that may hold a point within eps of a point in cell c, c itself first.</summary>
    public int Neighbours(int c, Span<int> into)
    {
        var count = 0;
        into[count++] = c;
        for (var dr = -Reach; dr <= Reach; dr++)
        {
            for (var dc = -Reach; dc <= Reach; dc++)
            {
                if (dr == 0 && dc == 0)
                    continue;
                var other = Find(Column[c] + dc, Row[c] + dr);
                if (other >= 0)
                    into[count++] = other;
            }
        }
        return count;
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
            var positions = new int[length];
            for (var k = 0; k < length; k++)
                positions[k] = from + k;
            key.AsSpan(from, length).Sort(positions.AsSpan());
            var order = positions.Select(p => Order[p]).ToArray();
            var xs = positions.Select(p => X[p]).ToArray();
            var ys = positions.Select(p => Y[p]).ToArray();
            order.CopyTo(Order, from);
            xs.CopyTo(X, from);
            ys.CopyTo(Y, from);
        }
    }

    public const int MaxNeighbours = (2 * Reach + 1) * (2 * Reach + 1);
}
