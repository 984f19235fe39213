using Lagesbild.Core.Geo;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Time;

namespace Lagesbild.Core.Analysis;

/// <summary>What the picture needs to know of one observation.</summary>
public readonly record struct ObservationSample(long CellKey, ObservationCategory Category, DateTimeOffset From, DateTimeOffset? To);

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
        var grid = new Dictionary<long, double>();
        var byHour = new double[Time.HourOfWeek.Count];
        var byCategory = new Dictionary<ObservationCategory, double>();
        Span<double> weights = stackalloc double[Time.HourOfWeek.Count];
        var total = 0.0;
        foreach (var sample in samples)
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
