using System.Buffers;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Time;

namespace Lagesbild.Core.Analysis;

/// <summary>
/// Observations known to the hour, as columns: grid cell key, local hour of week and time (Unix seconds); and,
/// for filtering, category, classification, district (0 for none) and position (WGS84 longitude and latitude, for
/// a box). The filter columns may be left out.
/// </summary>
public sealed record ObservationColumns(
    long[] CellKeys, byte[] Hours, long[] Times, byte[]? Categories = null, byte[]? Classifications = null, ushort[]? Districts = null,
    double[]? Lons = null, double[]? Lats = null)
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
}

/// <summary>
/// An in-memory index of observations known to the hour, for the picture of any time window: sorted by time,
/// so that a window is one range found by binary search, and packed (the cell as its number in a fixed grid
/// window, two bytes; the hour of week, one byte; category, classification, district), so that counting a
/// window reads three bytes per observation, or seven with a filter. With positions it also counts a box, exactly
/// (a box's edges cut through cells).
/// </summary>
public sealed class PictureIndex
{
    private const int Chunk = 1 << 16;

    /// <summary>A count over fewer observations than this runs on one thread (starting others costs more than it saves).</summary>
    private const int ParallelFrom = 4 * Chunk;

    private const ushort Outside = ushort.MaxValue;
    private static readonly int Categories = Enum.GetValues<ObservationCategory>().Length;
    private static readonly int Tiers = Enum.GetValues<Classification>().Length;

    private readonly long[] _times;
    private readonly ushort[] _cells;
    private readonly byte[] _hours;
    private readonly byte[] _categories;
    private readonly byte[] _classifications;
    private readonly ushort[] _districts;
    private readonly double[]? _lons;
    private readonly double[]? _lats;

    public GridWindow Window { get; }

    public int Length => _times.Length;

    /// <summary>Whether the index holds positions, so that it can count a box.</summary>
    public bool HasPositions => _lons is not null;

    public PictureIndex(GridWindow window, ObservationColumns columns)
    {
        if (window.Count >= Outside)
            throw new ArgumentException($"The window has {window.Count} cells; the index numbers at most {Outside - 1}.", nameof(window));
        if ((columns.Lons is null) != (columns.Lats is null))
            throw new ArgumentException("Positions need both longitudes and latitudes.", nameof(columns));
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
        if (columns.Lons is not null)
        {
            _lons = new double[n];
            _lats = new double[n];
        }
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
            if (_lons is not null)
            {
                _lons[i] = columns.Lons![from];
                _lats![i] = columns.Lats![from];
            }
        }
    }

    public WindowCounts Count(long from, long to) => Count(from, to, PictureFilter.All);

    /// <summary>The observations with from &lt;= time &lt; to that pass the filter, counted by cell (inside the window), hour and category.</summary>
    public WindowCounts Count(long from, long to, PictureFilter filter, LonLatBox? box = null) => Count([this], from, to, filter, box);

    /// <summary>
    /// The same over several indexes of one grid window (the parts of one set of observations) into one set of
    /// counts; with a box, only the observations inside it (edges included), which needs positions.
    /// </summary>
    public static WindowCounts Count(IReadOnlyList<PictureIndex> parts, long from, long to, PictureFilter filter, LonLatBox? box = null)
    {
        using var tally = Tally.Of(parts, from, to, filter, box);
        var byCell = new double[tally.Window.Count];
        for (var c = 0; c < byCell.Length; c++)
            byCell[c] = tally.Cells[c];
        return new WindowCounts(byCell, [.. tally.Hours.Take(HourOfWeek.Count).Select(h => (double)h)], tally.Total)
        {
            ByCategory = [.. tally.Categories.Take(Categories).Select(k => (double)k)],
        };
    }

    /// <summary>
    /// The same counts, only those above zero, by cell key: what a picture of a few hundred cells needs, without an
    /// array of every cell of the city for each answer; and by classification, for the audit of what a picture used.
    /// </summary>
    public static PointCounts CountPoints(IReadOnlyList<PictureIndex> parts, long from, long to, PictureFilter filter, LonLatBox? box = null)
    {
        using var tally = Tally.Of(parts, from, to, filter, box);
        var window = tally.Window;
        var byCell = new Dictionary<long, int>();
        for (var c = 0; c < window.Count; c++)
        {
            if (tally.Cells[c] > 0)
                byCell[window.CellAt(c).Key] = tally.Cells[c];
        }
        var byCategory = Enumerable.Range(0, Categories).Where(k => tally.Categories[k] > 0).ToDictionary(k => (ObservationCategory)k, k => tally.Categories[k]);
        var byHour = Enumerable.Range(0, HourOfWeek.Count).Where(h => tally.Hours[h] > 0).ToDictionary(h => h, h => tally.Hours[h]);
        return new PointCounts(byCell, byCategory, byHour)
        {
            ByClassification = Enumerable.Range(0, Tiers).Where(t => tally.Tiers[t] > 0).ToDictionary(t => (Classification)t, t => tally.Tiers[t]),
        };
    }

    /// <summary>One thread's counts, in arrays from the shared pool (the cells' is large, and a count is asked often).</summary>
    private sealed class Tally : IDisposable
    {
        private Tally(GridWindow window)
        {
            Window = window;
            // The slot past the window's cells counts the observations outside it.
            Cells = Rent(window.Count + 1);
            Hours = Rent(HourOfWeek.Count);
            Categories = Rent(PictureIndex.Categories);
            Tiers = Rent(PictureIndex.Tiers);
        }

        public GridWindow Window { get; }

        /// <summary>The counts of the parts' observations in the window of time that pass the filter (and lie in the box).</summary>
        public static Tally Of(IReadOnlyList<PictureIndex> parts, long from, long to, PictureFilter filter, LonLatBox? box)
        {
            var window = parts[0].Window;
            if (parts.Any(p => p.Window != window))
                throw new ArgumentException("The parts count on different grid windows.", nameof(parts));
            if (box is not null && parts.Any(p => !p.HasPositions))
                throw new InvalidOperationException("A box is counted only by an index that holds positions.");
            var slices = new List<(PictureIndex Part, int First, int Length)>();
            foreach (var part in parts)
            {
                var start = part.LowerBound(from);
                var end = Math.Max(start, part.LowerBound(to));
                for (var first = start; first < end; first += Chunk)
                    slices.Add((part, first, Math.Min(Chunk, end - first)));
            }
            var hoursWanted = Enumerable.Range(0, HourOfWeek.Count).Select(filter.Hours.Contains).ToArray();
            void CountSlice((PictureIndex Part, int First, int Length) slice, Tally tally)
            {
                if (filter.IsAll && box is null)
                    slice.Part.CountAll(slice.First, slice.Length, tally);
                else
                    slice.Part.CountFiltered(slice.First, slice.Length, filter, hoursWanted, box, tally);
            }
            var result = new Tally(window);
            if (slices.Sum(s => s.Length) < ParallelFrom)
            {
                foreach (var slice in slices)
                    CountSlice(slice, result);
                return result;
            }
            var gate = new Lock();
            Parallel.For(0, slices.Count,
                () => new Tally(window),
                (i, _, tally) =>
                {
                    CountSlice(slices[i], tally);
                    return tally;
                },
                tally =>
                {
                    lock (gate)
                        result.Add(tally);
                    tally.Dispose();
                });
            return result;
        }

        public int[] Cells { get; }
        public int[] Hours { get; }
        public int[] Categories { get; }
        public int[] Tiers { get; }
        public long Total { get; set; }

        public void Add(Tally other)
        {
            AddTo(Cells, other.Cells);
            AddTo(Hours, other.Hours);
            AddTo(Categories, other.Categories);
            AddTo(Tiers, other.Tiers);
            Total += other.Total;
        }

        private static void AddTo(int[] sums, int[] counts)
        {
            for (var i = 0; i < Math.Min(sums.Length, counts.Length); i++)
                sums[i] += counts[i];
        }

        public void Dispose()
        {
            ArrayPool<int>.Shared.Return(Cells);
            ArrayPool<int>.Shared.Return(Hours);
            ArrayPool<int>.Shared.Return(Categories);
            ArrayPool<int>.Shared.Return(Tiers);
        }

        // A rented array may be longer than asked; the tally uses (and clears) all of it, so that Add may too.
        private static int[] Rent(int length)
        {
            var array = ArrayPool<int>.Shared.Rent(length);
            Array.Clear(array);
            return array;
        }
    }

    private void CountAll(int first, int length, Tally tally)
    {
        var cells = _cells.AsSpan(first, length);
        var hours = _hours.AsSpan(first, length);
        var categories = _categories.AsSpan(first, length);
        var classifications = _classifications.AsSpan(first, length);
        var outside = Window.Count;
        // Cells outside the window count in an extra slot past the window's, so the loop has no branch.
        for (var i = 0; i < cells.Length; i++)
        {
            tally.Cells[Math.Min((int)cells[i], outside)]++;
            tally.Hours[hours[i]]++;
            tally.Categories[categories[i]]++;
            tally.Tiers[classifications[i]]++;
        }
        tally.Total += length;
    }

    private void CountFiltered(int first, int length, PictureFilter filter, bool[] hoursWanted, LonLatBox? box, Tally tally)
    {
        var outside = Window.Count;
        var (boxed, area) = (box is not null, box.GetValueOrDefault());
        for (var i = first; i < first + length; i++)
        {
            if ((filter.Classifications & (1u << _classifications[i])) == 0 || (filter.Categories & (1u << _categories[i])) == 0
                || (filter.District != 0 && _districts[i] != filter.District) || !hoursWanted[_hours[i]]
                || (boxed && !area.Contains(_lons![i], _lats![i])))
            {
                continue;
            }
            tally.Cells[Math.Min((int)_cells[i], outside)]++;
            tally.Hours[_hours[i]]++;
            tally.Categories[_categories[i]]++;
            tally.Tiers[_classifications[i]]++;
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
