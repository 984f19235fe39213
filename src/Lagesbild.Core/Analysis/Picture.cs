using Lagesbild.Core.Geo;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Time;

namespace Lagesbild.Core.Analysis;

/// <summary>What the picture needs to know of one observation.</summary>
public readonly record struct ObservationSample(long CellKey, ObservationCategory Category, DateTimeOffset From, DateTimeOffset? To);

/// <summary>
/// Counts of observations known to the hour (no interval), already grouped by a database and already
/// limited to the chosen hours: by grid cell, by category and by local hour of week.
/// </summary>
public sealed record PointCounts(
    IReadOnlyDictionary<long, int> ByCell,
    IReadOnlyDictionary<ObservationCategory, int> ByCategory,
    IReadOnlyDictionary<int, int> ByHour)
{
    public static readonly PointCounts None = new(new Dictionary<long, int>(), new Dictionary<ObservationCategory, int>(), new Dictionary<int, int>());

    /// <summary>The same observations by classification, where the counter knows it (the in-memory index); null otherwise.</summary>
    public IReadOnlyDictionary<Classification, int>? ByClassification { get; init; }
}

public sealed record PictureCell(GridCell Cell, double Count);

/// <summary>The picture of a window: counts on grid cells, by hour of week and by category.</summary>
public sealed record Picture(double Total, IReadOnlyList<PictureCell> Grid, double[] HourOfWeek, IReadOnlyDictionary<ObservationCategory, double> ByCategory);

public static class PictureBuilder
{
    /// <summary>
    /// Each observation counts once, spread over hours by aoristic weighting; with an hour filter only the
    /// share inside the chosen hours counts, so an all-night interval adds a fraction to "weekdays 18-24".
    /// </summary>
    public static Picture Build(IEnumerable<ObservationSample> samples, HourSet hours)
    {
        var cells = new Dictionary<long, int>();
        var categories = new Dictionary<ObservationCategory, int>();
        var byHour = new Dictionary<int, int>();
        var intervals = new List<ObservationSample>();
        foreach (var sample in samples)
        {
            if (sample.To is { } to && to > sample.From)
            {
                intervals.Add(sample);
                continue;
            }
            var hour = Time.HourOfWeek.Of(sample.From);
            if (!hours.Contains(hour))
                continue;
            cells[sample.CellKey] = cells.GetValueOrDefault(sample.CellKey) + 1;
            categories[sample.Category] = categories.GetValueOrDefault(sample.Category) + 1;
            byHour[hour] = byHour.GetValueOrDefault(hour) + 1;
        }
        return Build(new PointCounts(cells, categories, byHour), intervals, hours);
    }

    /// <summary>Adds observations with an interval, weighted aoristically, to counts of the rest.</summary>
    public static Picture Build(PointCounts points, IEnumerable<ObservationSample> intervals, HourSet hours)
    {
        var grid = points.ByCell.ToDictionary(c => c.Key, c => (double)c.Value);
        var byCategory = points.ByCategory.ToDictionary(c => c.Key, c => (double)c.Value);
        var byHour = new double[Time.HourOfWeek.Count];
        foreach (var (hour, count) in points.ByHour)
            byHour[hour] += count;
        var total = (double)points.ByHour.Values.Sum();
        Span<double> weights = stackalloc double[Time.HourOfWeek.Count];
        foreach (var sample in intervals)
        {
            weights.Clear();
            Aoristic.AddTo(weights, sample.From, sample.To);
            var share = 0.0;
            for (var h = 0; h < weights.Length; h++)
            {
                if (weights[h] == 0 || !hours.Contains(h))
                    continue;
                byHour[h] += weights[h];
                share += weights[h];
            }
            if (share <= 0)
                continue;
            total += share;
            grid[sample.CellKey] = grid.GetValueOrDefault(sample.CellKey) + share;
            byCategory[sample.Category] = byCategory.GetValueOrDefault(sample.Category) + share;
        }
        var cells = grid.OrderBy(c => c.Key).Select(c => new PictureCell(GridCell.FromKey(c.Key), c.Value)).ToList();
        return new Picture(total, cells, byHour, byCategory);
    }
}
