using Lagesbild.Core.Analysis;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Validation;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Observations;
using Lagesbild.Server.Features.Picture;
using NetTopologySuite.Geometries;

namespace Lagesbild.Server.Features.Analysis;

/// <summary>
/// Hot spot layers over the grid counts of a window: Getis-Ord Gi* with false-discovery bins, a quartic
/// density surface, or emerging hot spots over weekly bins. The counting is the picture's own.
/// </summary>
public sealed class HotSpotService(LagesbildDb db, PictureService pictures, StudyAreas areas)
{
    /// <summary>Density cells below this share of the highest are left out of the answer; they would not show.</summary>
    private const double DensityFloor = 0.01;

    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    public async Task<Outcome<HotSpotLayer>> ComputeAsync(HotSpotQuery query, CurrentUser user, CancellationToken ct)
    {
        var filter = query.Method == HotSpotMethod.Emerging
            ? pictures.WithWindow(query.Filter with { From = null }, TimeSpan.FromDays(7 * query.Weeks))
            : pictures.WithWindow(query.Filter);
        if (filter.To!.Value - filter.From!.Value > HotSpotQuery.MaxWindow)
        {
            var (days, most) = ((int)(filter.To.Value - filter.From.Value).TotalDays, (int)HotSpotQuery.MaxWindow.TotalDays);
            return Outcome<HotSpotLayer>.Field(new Refusal("from", RefusalCodes.OutOfRange,
                $"The window is {days:N0} days long; at most {most:N0} days can be analysed at once.", [days, most]));
        }
        var area = await areas.ForAsync(db, filter.DistrictId, filter.Bbox, ct);
        if (area is null)
            return Outcome<HotSpotLayer>.Field(new Refusal("district", RefusalCodes.NotFound, "No district has this id."));
        if (area.TooLarge)
            return Outcome<HotSpotLayer>.Field(new Refusal("bbox", RefusalCodes.OutOfRange,
                $"The box covers {area.Window.Cells:N0} cells of 250 m; at most {StudyAreas.MaxCells:N0} can be analysed at once.", [area.Window.Cells, StudyAreas.MaxCells]));
        if (HotSpotQuery.Work(area.Window.Cells, query) is { } tooMuch)
            return Outcome<HotSpotLayer>.Field("band", tooMuch);
        var window = area.Window;
        var picture = await pictures.CountAsync(filter, user, ct);
        var counts = Counts(window, picture);
        var cells = query.Method switch
        {
            HotSpotMethod.GiStar => GiStarCells(window, counts, area.Inside, query.Band),
            HotSpotMethod.Kde => DensityCells(window, counts, area.Inside, query.Bandwidth),
            _ => await EmergingCellsAsync(query, filter, area, user, ct),
        };
        var parameters = new HotSpotParameters(GridCell.SizeMetres,
            query.Method == HotSpotMethod.Kde ? null : query.Band,
            query.Method == HotSpotMethod.Kde ? query.Bandwidth : null,
            query.Method == HotSpotMethod.Emerging ? query.Weeks : null,
            string.Join(',', filter.Categories!), filter.Hours.ToString());
        return new HotSpotLayer(query.Method, new PictureWindow(filter.From!.Value, filter.To!.Value, filter.Hours.ToString()), parameters,
            area.Cells, Math.Round(picture.Total, 3), cells.Select(Feature).ToList());
    }

    private static double[] Counts(GridWindow window, Core.Analysis.Picture picture)
    {
        var counts = new double[window.Count];
        foreach (var cell in picture.Grid)
        {
            var i = window.IndexOf(cell.Cell);
            if (i >= 0)
                counts[i] += cell.Count;
        }
        return counts;
    }

    private static IEnumerable<HotSpotCell> GiStarCells(GridWindow window, double[] counts, bool[] inside, double band)
    {
        var gi = GetisOrd.Compute(window, counts, inside, band);
        return Enumerable.Range(0, window.Count).Where(i => gi[i].Bin != 0).Select(i =>
        {
            var cell = window.CellAt(i);
            return new HotSpotCell(cell.Column, cell.Row, Math.Round(counts[i], 3), Math.Round(gi[i].Z, 3), gi[i].P, gi[i].Bin);
        });
    }

    private static IEnumerable<HotSpotCell> DensityCells(GridWindow window, double[] counts, bool[] inside, double bandwidth)
    {
        var density = KernelDensity.Quartic(window, KernelDensity.CellCentres(window, counts), bandwidth);
        var floor = density.DefaultIfEmpty(0).Max() * DensityFloor;
        return Enumerable.Range(0, window.Count).Where(i => inside[i] && density[i] > 0 && density[i] >= floor).Select(i =>
        {
            var cell = window.CellAt(i);
            return new HotSpotCell(cell.Column, cell.Row, Math.Round(counts[i], 3), Density: Math.Round(density[i], 3));
        });
    }

    /// <summary>Gi* in each week of the window, oldest first, and each cell's pattern over the weeks.</summary>
    private async Task<IEnumerable<HotSpotCell>> EmergingCellsAsync(HotSpotQuery query, ObservationFilter filter, StudyArea area, CurrentUser user, CancellationToken ct)
    {
        var window = area.Window;
        var weeks = new List<double[]>();
        var total = new double[window.Count];
        for (var w = 0; w < query.Weeks; w++)
        {
            var start = filter.From!.Value.AddDays(7 * w);
            var week = Counts(window, await pictures.CountAsync(filter with { From = start, To = start.AddDays(7) }, user, ct));
            weeks.Add(week);
            for (var i = 0; i < total.Length; i++)
                total[i] += week[i];
        }
        var patterns = EmergingHotSpots.Classify(window, weeks, area.Inside, query.Band);
        return Enumerable.Range(0, window.Count).Where(i => patterns[i] != HotSpotPattern.None).Select(i =>
        {
            var cell = window.CellAt(i);
            return new HotSpotCell(cell.Column, cell.Row, Math.Round(total[i], 3), Pattern: patterns[i]);
        }).ToList();
    }

    private static Feature<HotSpotCell> Feature(HotSpotCell cell)
    {
        var (min, max) = new GridCell(cell.Column, cell.Row).Bounds;
        var ring = new[] { (min.X, min.Y), (max.X, min.Y), (max.X, max.Y), (min.X, max.Y), (min.X, min.Y) }
            .Select(corner =>
            {
                var (lon, lat) = Sweref99Tm.Unproject(new GridPoint(corner.Item1, corner.Item2));
                return new Coordinate(Math.Round(lon, 6), Math.Round(lat, 6));
            }).ToArray();
        return new Feature<HotSpotCell>($"{cell.Column}:{cell.Row}", Wgs84.CreatePolygon(ring), cell);
    }
}
