using Lagesbild.Core.Geo;

namespace Lagesbild.Core.Analysis;

/// <summary>Observations known to the hour, as columns: grid cell key, local hour of week and time (Unix seconds).</summary>
public sealed record ObservationColumns(long[] CellKeys, byte[] Hours, long[] Times)
{
    public int Count => CellKeys.Length;
}

/// <summary>Counts of a window: one per cell of the grid window (row by row) and one per hour of the week.</summary>
public sealed record WindowCounts(double[] ByCell, double[] ByHour, long Total);

/// <summary>
/// An in-memory index of observations known to the hour, for the picture of any time window: sorted by time,
/// so that a window is one range found by binary search, and packed (the cell as its number in a fixed grid
/// window, two bytes; the hour of week, one byte), so that counting a window reads three bytes per observation.
/// </summary>
public sealed class PictureIndex
{
    private const int Chunk = 1 << 16;
    private const ushort Outside = ushort.MaxValue;

    private readonly long[] _times;
    private readonly ushort[] _cells;
    private readonly byte[] _hours;

    public GridWindow Window { get; }

    public int Length => _times.Length;

    public PictureIndex(GridWindow window, ObservationColumns columns)
    {
        if (window.Count >= Outside)
            throw new ArgumentException($"The window has {window.Count} cells; the index numbers at most {Outside - 1}.", nameof(window));
        Window = window;
        var order = Enumerable.Range(0, columns.Count).ToArray();
        _times = (long[])columns.Times.Clone();
        Array.Sort(_times, order);
        _cells = new ushort[order.Length];
        _hours = new byte[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            var key = columns.CellKeys[order[i]];
            var cell = window.IndexOf((int)(key >> 32), (int)(uint)key);
            _cells[i] = cell < 0 ? Outside : (ushort)cell;
            _hours[i] = columns.Hours[order[i]];
        }
    }

    /// <summary>The observations with from &lt;= time &lt; to, counted by cell (inside the window) and by hour of week.</summary>
    public WindowCounts Count(long from, long to)
    {
        var start = LowerBound(from);
        var end = Math.Max(start, LowerBound(to));
        var byCell = new double[Window.Count];
        var byHour = new double[Time.HourOfWeek.Count];
        var gate = new Lock();
        Parallel.For(0, (end - start + Chunk - 1) / Chunk,
            () => (Cells: new int[Window.Count + 1], Hours: new int[Time.HourOfWeek.Count]),
            (chunk, _, local) =>
            {
                var cells = _cells.AsSpan(start + chunk * Chunk, Math.Min(Chunk, end - start - chunk * Chunk));
                var hours = _hours.AsSpan(start + chunk * Chunk, cells.Length);
                var cellCounts = local.Cells;
                var hourCounts = local.Hours;
                // Cells outside the window count in the extra last slot, so the loop has no branch.
                for (var i = 0; i < cells.Length; i++)
                {
                    cellCounts[Math.Min((int)cells[i], cellCounts.Length - 1)]++;
                    hourCounts[hours[i]]++;
                }
                return local;
            },
            local =>
            {
                lock (gate)
                {
                    for (var c = 0; c < byCell.Length; c++)
                        byCell[c] += local.Cells[c];
                    for (var h = 0; h < byHour.Length; h++)
                        byHour[h] += local.Hours[h];
                }
            });
        return new WindowCounts(byCell, byHour, end - start);
    }

    private int LowerBound(long time)
    {
        var i = Array.BinarySearch(_times, time);
        if (i < 0)
            return ~i;
        while (i > 0 && _times[i - 1] == time)
            i--;
        return i;
    }
}

/// <summary>The full picture of a window on the grid: counts, hour of week, the quartic density surface and Gi*.</summary>
public sealed record FullPicture(WindowCounts Counts, double[] Density, GiStar[] GiStar)
{
    public static FullPicture Of(GridWindow window, WindowCounts counts, bool[]? inStudy, double bandwidth, double band) =>
        new(counts, KernelDensity.Quartic(window, KernelDensity.CellCentres(window, counts.ByCell), bandwidth), GetisOrd.Compute(window, counts.ByCell, inStudy, band));
}
