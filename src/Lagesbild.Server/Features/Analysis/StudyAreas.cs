using System.Collections.Concurrent;
using Lagesbild.Core.Analysis;
using Lagesbild.Core.Geo;
using Lagesbild.Data;
using Lagesbild.Server.Features.Districts;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Lagesbild.Server.Features.Analysis;

/// <summary>The grid cells an analysis covers, and which of them lie in the area (a cell counts when its centre does).</summary>
public sealed record StudyArea(GridWindow Window, bool[] Inside)
{
    public int Cells => Inside.Count(i => i);

    /// <summary>Too large to analyse: no cells were marked.</summary>
    public bool TooLarge => Window.Cells > StudyAreas.MaxCells;
}

/// <summary>
/// Study areas on the analysis grid: a district, a box, or the whole city (every district). Districts do not
/// change while the server runs, so their areas are computed once.
/// </summary>
public sealed class StudyAreas(DistrictCatalog districts)
{
    /// <summary>Larger areas are refused before anything is allocated: about 80 km square, several times Stockholm.</summary>
    public const long MaxCells = 100_000;

    private readonly ConcurrentDictionary<int, StudyArea> _cache = new();
    private const int City = 0;

    /// <summary>The study area, or null for a district that does not exist; a box is cut to the service area.</summary>
    public async Task<StudyArea?> ForAsync(LagesbildDb db, int? districtId, LonLatBox? box, CancellationToken ct)
    {
        if (box is { } b)
            return OfBox(b, districts.ServiceArea);
        if (districtId is { } id)
        {
            if (_cache.TryGetValue(id, out var known))
                return known;
            var district = await db.Districts.AsNoTracking().Where(d => d.Id == id).Select(d => d.Area).FirstOrDefaultAsync(ct);
            return district is null ? null : _cache.GetOrAdd(id, _ => OfArea(Sweref99Tm.Project(district)));
        }
        return _cache.GetOrAdd(City, _ => OfCity());
    }

    /// <summary>The cells a box covers within the service area (nothing is observed outside it).</summary>
    public static GridWindow WindowOf(LonLatBox box, Envelope serviceArea)
    {
        return box.Intersect(LonLatBox.Of(serviceArea)) is { } cut
            ? GridWindow.CoveringLonLat(cut.MinLon, cut.MinLat, cut.MaxLon, cut.MaxLat)
            : new GridWindow(0, 0, 0, 0);
    }

    private static StudyArea OfBox(LonLatBox box, Envelope serviceArea)
    {
        var window = WindowOf(box, serviceArea);
        if (window.Cells > MaxCells)
            return new StudyArea(window, []);
        var inside = new bool[window.Count];
        Array.Fill(inside, true);
        return new StudyArea(window, inside);
    }

    private static StudyArea OfArea(Geometry projected)
    {
        var envelope = projected.EnvelopeInternal;
        var window = GridWindow.Covering(new GridPoint(envelope.MinX, envelope.MinY), new GridPoint(envelope.MaxX, envelope.MaxY));
        var prepared = PreparedGeometryFactory.Prepare(projected);
        var inside = new bool[window.Count];
        for (var i = 0; i < inside.Length; i++)
        {
            var centre = window.CellAt(i).Centre;
            inside[i] = prepared.Covers(projected.Factory.CreatePoint(new Coordinate(centre.X, centre.Y)));
        }
        return new StudyArea(window, inside);
    }

    private StudyArea OfCity()
    {
        var extent = districts.Index.Extent;
        var window = GridWindow.CoveringLonLat(extent.MinX, extent.MinY, extent.MaxX, extent.MaxY);
        var inside = new bool[window.Count];
        for (var i = 0; i < inside.Length; i++)
        {
            var (lon, lat) = window.CellAt(i).CentreLonLat;
            inside[i] = districts.Index.Locate(lon, lat) is not null;
        }
        return new StudyArea(window, inside);
    }
}
