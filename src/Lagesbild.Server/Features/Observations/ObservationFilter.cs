using Lagesbild.Core.Geo;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Time;
using Lagesbild.Data;
using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Observations;

/// <summary>The filter shared by the observation list and the picture: place, time window, hours of week, categories.</summary>
public sealed record ObservationFilter(
    LonLatBox? Bbox,
    int? DistrictId,
    DateTimeOffset? From,
    DateTimeOffset? To,
    HourSet Hours,
    IReadOnlyList<ObservationCategory>? Categories)
{
    public static bool TryParse(
        string? bbox, int? district, string? from, string? to, string? hours, string? categories,
        out ObservationFilter filter, out Dictionary<string, string[]> errors)
    {
        errors = [];
        LonLatBox? box = null;
        if (!string.IsNullOrWhiteSpace(bbox))
        {
            if (LonLatBox.TryParse(bbox, out var parsed, out var bboxError))
                box = parsed;
            else
                errors["bbox"] = [bboxError!];
        }
        var (fromInstant, toInstant) = QueryValues.ParseWindow(from, to, errors);
        if (!HourSet.TryParse(hours, out var hourSet, out var hoursError))
            errors["hours"] = [hoursError!];
        var categoryList = QueryValues.ParseNames<ObservationCategory>(categories, "categories", errors);
        filter = new ObservationFilter(box, district, fromInstant, toInstant, hourSet, categoryList);
        return errors.Count == 0;
    }

    /// <summary>
    /// The observations of the filter among those given that the user may see. A box is sought cell by cell (or by its
    /// columns) on the index on (cell key, time) unless <paramref name="seekCells"/> is false: a read of the few
    /// observations known only to an interval finds them by time on their own index, and the list of cells would only
    /// make each such statement new to the database.
    /// </summary>
    public IQueryable<Observation> Apply(IQueryable<Observation> query, IReadOnlyCollection<Classification> visible, bool seekCells = true)
    {
        query = query.Standing().Where(o => visible.Contains(o.Classification));
        if (Bbox is { } asked)
        {
            // Every observation lies where the grid is defined; a box reaching beyond it (the whole earth, say) is cut
            // to it before its cells are counted, since the projection means nothing far outside it.
            if (asked.Intersect(Sweref99Tm.AreaOfUse) is not { } box)
                return query.Where(o => false);
            if (seekCells)
                query = SeekCells(query, box);
            query = query.Where(o => o.Lon >= box.MinLon && o.Lon <= box.MaxLon && o.Lat >= box.MinLat && o.Lat <= box.MaxLat);
        }
        if (DistrictId is { } districtId)
            query = query.Where(o => o.DistrictId == districtId);
        if (From is { } from)
        {
            // An interval is at most Aoristic.MaxInterval long, so the index on OccurredFrom bounds the scan.
            var earliestStart = from - Aoristic.MaxInterval;
            query = query.Where(o => o.OccurredFrom >= earliestStart && (o.OccurredTo ?? o.OccurredFrom) >= from);
        }
        if (To is { } to)
            query = query.Where(o => o.OccurredFrom < to);
        if (!Hours.IsAll)
        {
            var mask = HourMask.Of(Hours);
            query = query.Where(o => (o.HoursMask0 & mask.Word0) != 0 || (o.HoursMask1 & mask.Word1) != 0 || (o.HoursMask2 & mask.Word2) != 0);
        }
        if (Categories is { Count: > 0 } categories)
            query = query.Where(o => categories.Contains(o.Category));
        return query;
    }

    /// <summary>The cells round a box, for the index on (cell key, time): one by one, or as the range of whole columns.</summary>
    private static IQueryable<Observation> SeekCells(IQueryable<Observation> query, LonLatBox box)
    {
        // One cell of margin on every side, for points on a cell's edge.
        var covering = Core.Analysis.GridWindow.CoveringLonLat(box.MinLon, box.MinLat, box.MaxLon, box.MaxLat);
        var cells = new Core.Analysis.GridWindow(covering.MinColumn - 1, covering.MinRow - 1, covering.Columns + 2, covering.Rows + 2);
        if (cells is { Columns: > 0, Rows: > 0, Cells: <= MaxListedCells })
        {
            // Each cell is a seek on (cell key, time) for the window's entries only.
            var keys = Enumerable.Range(0, cells.Count).Select(i => cells.CellAt(i).Key).ToList();
            return query.Where(o => keys.Contains(o.CellKey));
        }
        // Columns are the high word of the key, so a large box is one range (whole columns, all times).
        var (minCell, maxCell) = (new GridCell(cells.MinColumn, cells.MinRow).Key, new GridCell(cells.MinColumn + cells.Columns - 1, cells.MinRow + cells.Rows - 1).Key);
        return query.Where(o => o.CellKey >= minCell && o.CellKey <= maxCell);
    }

    /// <summary>
    /// A box of at most this many grid cells (about 12 x 12 km) is asked cell by cell, each cell a seek on the index on
    /// (cell key, time); a larger one as the range of whole columns it spans.
    /// </summary>
    public const int MaxListedCells = 2500;
}
