using Lagesbild.Core.Observations;
using Lagesbild.Core.Time;

namespace Lagesbild.Core.Analysis;

/// <summary>
/// Observations known to the hour, as columns: grid cell key, local hour of week and time (Unix seconds); and,
/// for filtering, category, classification and district (0 for none). The filter columns may be left out.
/// </summary>
public sealed record ObservationColumns(
    long[] CellKeys, byte[] Hours, long[] Times, byte[]? Categories = null, byte[]? Classifications = null, ushort[]? Districts = null)
{
    public int Count => CellKeys.Length;
}

/// <summary>Which observations a count takes: classifications and categories as bit masks, a district, hours of week.</summary>
public sealed record PictureFilter(uint Classifications, uint Categories, ushort District, HourSet Hours)
{
    public static readonly PictureFilter All = new(uint.MaxValue, uint.MaxValue, 0, HourSet.All);

    public bool IsAll => Classifications == uint.MaxValue && Categories == uint.MaxValue && District == 0 && Hours.IsAll;

    public static PictureFilter Of(IEnumerable<Classification> visible, IReadOnlyCollection<ObservationCategory>? categories, int? district, HourSet hours) => new(
        visible.Aggregate(0u, (mask, c) => mask | (1u << (int)c)),
        categories is { Count: > 0 } ? categories.Aggregate(0u, (mask, c) => mask | (1u << (int)c)) : uint.MaxValue,
        (ushort)(district ?? 0),
        hours);
}

/// <summary>Counts of a window: one per cell of the grid window (row by row), per hour of the week and per category.</summary>
public sealed record WindowCounts(double[] ByCell, double[] ByHour, long Total)
{
    public double[] ByCategory { get; init; } = new double[Enum.GetValues<ObservationCategory>().Length];

    public WindowCounts Plus(WindowCounts other) => new(Add(ByCell, other.ByCell), Add(ByHour, other.ByHour), Total + other.Total)
    {
        ByCategory = Add(ByCategory, other.ByCategory),
    };

    private static double[] Add(double[] a, double[] b) => a.Zip(b, (x, y) => x + y).ToArray();
}

/// <summary>
/// An in-memory index of observations known to the hour, for the picture of any time window: sorted by time,
/// so that a window is one range found by binary search, and packed (the cell as its number in a fixed grid
/// window, two bytes; the hour of week, one byte; category, classification, district), so that counting a
/// window reads three bytes per observation, or seven with a filter.
/// </summary>
public sealed class PictureIndex
{
    private const int Chunk = 1 << 16;
    private const ushort Outside = ushort.MaxValue;
    private static readonly int Categories = Enum.GetValues<ObservationCategory>().Length;

    private readonly long[] _times;
    private readonly ushort[] _cells;
    private readonly byte[] _hours;
    private readonly byte[] _categories;
    private readonly byte[] _classifications;
    private readonly ushort[] _districts;

    public GridWindow Window { get; }

    public int Length => _times.Length;

    public PictureIndex(GridWindow window, ObservationColumns columns)
    {
        if (window.Count >= Outside)
            throw new ArgumentException($"The window has {window.Count} cells; the index numbers at most {Outside - 1}.", nameof(window));
        Window = window;
        var n = columns.Count;
        var order = Enumerable.Range(0, n).ToArray();
        _times = (long[])columns.Times.Clone();
        Array.Sort(_times, order);
        _cells = new ushort[n];
        _hours = new byte[n];
        _categories = new byte[n];
        _classifications = new byte[n];
        _districts = new ushort[n];
        for (var i = 0; i < n; i++)
        {
            var from = order[i];
            var key = columns.CellKeys[from];
            var cell = window.IndexOf((int)(key >> 32), (int)(uint)key);
            _cells[i] = cell < 0 ? Outside : (ushort)cell;
            _hours[i] = columns.Hours[from];
            _categories[i] = columns.Categories?[from] ?? 0;
            _classifications[i] = columns.Classifications?[from] ?? 0;
            _districts[i] = columns.Districts?[from] ?? 0;
        }
    }

    public WindowCounts Count(long from, long to) => Count(from, to, PictureFilter.All);

    /// <summary>The observations with from &lt;= time &lt; to that pass the filter, counted by cell (inside the window), hour and category.</summary>
    public WindowCounts Count(long from, long to, PictureFilter filter)
    {
        var start = LowerBound(from);
        var end = Math.Max(start, LowerBound(to));
        var byCell = new double[Window.Count];
        var byHour = new double[HourOfWeek.Count];
        var byCategory = new double[Categories];
        long total = 0;
        var hoursWanted = Enumerable.Range(0, HourOfWeek.Count).Select(filter.Hours.Contains).ToArray();
        var gate = new Lock();
        Parallel.For(0, (end - start + Chunk - 1) / Chunk,
            () => new Tally(Window.Count + 1, Categories),
            (chunk, _, tally) =>
            {
                var first = start + chunk * Chunk;
                var length = Math.Min(Chunk, end - first);
                if (filter.IsAll)
                    CountAll(first, length, tally);
                else
                    CountFiltered(first, length, filter, hoursWanted, tally);
                return tally;
            },
            tally =>
            {
                lock (gate)
                {
                    for (var c = 0; c < byCell.Length; c++)
                        byCell[c] += tally.Cells[c];
                    for (var h = 0; h < byHour.Length; h++)
                        byHour[h] += tally.Hours[h];
                    for (var k = 0; k < byCategory.Length; k++)
                        byCategory[k] += tally.Categories[k];
                    total += tally.Total;
                }
            });
        return new WindowCounts(byCell, byHour, total) { ByCategory = byCategory };
    }

    private sealed class Tally(int cells, int categories)
    {
        public int[] Cells { get; } = new int[cells];
        public int[] Hours { get; } = new int[HourOfWeek.Count];
        public int[] Categories { get; } = new int[categories];
        public long Total { get; set; }
    }

    private void CountAll(int first, int length, Tally tally)
    {
        var cells = _cells.AsSpan(first, length);
        var hours = _hours.AsSpan(first, length);
        var categories = _categories.AsSpan(first, length);
        var last = tally.Cells.Length - 1;
        // Cells outside the window count in the extra last slot, so the loop has no branch.
        for (var i = 0; i < cells.Length; i++)
        {
            tally.Cells[Math.Min((int)cells[i], last)]++;
            tally.Hours[hours[i]]++;
            tally.Categories[categories[i]]++;
        }
        tally.Total += length;
    }

    private void CountFiltered(int first, int length, PictureFilter filter, bool[] hoursWanted, Tally tally)
    {
        var last = tally.Cells.Length - 1;
        for (var i = first; i < first + length; i++)
        {
            if ((filter.Classifications & (1u << _classifications[i])) == 0 || (filter.Categories & (1u << _categories[i])) == 0
                || (filter.District != 0 && _districts[i] != filter.District) || !hoursWanted[_hours[i]])
            {
                continue;
            }
            tally.Cells[Math.Min((int)_cells[i], last)]++;
            tally.Hours[_hours[i]]++;
            tally.Categories[_categories[i]]++;
            tally.Total++;
        }
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
