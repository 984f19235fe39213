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

    public IQueryable<Observation> Apply(IQueryable<Observation> query, IReadOnlyCollection<Classification> visible)
    {
        query = query.Standing().Where(o => visible.Contains(o.Classification));
        if (Bbox is { } box)
        {
            var (minCell, maxCell) = CellRange(box);
            query = query.Where(o => o.CellKey >= minCell && o.CellKey <= maxCell
                && o.Lon >= box.MinLon && o.Lon <= box.MaxLon && o.Lat >= box.MinLat && o.Lat <= box.MaxLat);
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

    /// <summary>The range of cell keys that covers a box: columns are the high word, so it is one index range.</summary>
    private static (long Min, long Max) CellRange(LonLatBox box)
    {
        // One cell of margin on every side, for points on a cell's edge.
        var cells = Core.Analysis.GridWindow.CoveringLonLat(box.MinLon, box.MinLat, box.MaxLon, box.MaxLat);
        return (new GridCell(cells.MinColumn - 1, cells.MinRow - 1).Key, new GridCell(cells.MinColumn + cells.Columns, cells.MinRow + cells.Rows).Key);
    }
}
