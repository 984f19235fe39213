using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;

namespace Lagesbild.Core.Geo;

/// <summary>Finds the district (stadsdel) that contains a point, by point-in-polygon over an STR-tree.</summary>
public sealed class DistrictIndex
{
    private readonly STRtree<(int Id, IPreparedGeometry Area)> _tree = new();

    public DistrictIndex(IEnumerable<(int Id, Geometry Area)> districts)
    {
        foreach (var (id, area) in districts)
        {
            _tree.Insert(area.EnvelopeInternal, (id, PreparedGeometryFactory.Prepare(area)));
            Extent.ExpandToInclude(area.EnvelopeInternal);
        }
        _tree.Build();
    }

    /// <summary>The envelope of all districts in lon/lat.</summary>
    public Envelope Extent { get; } = new();

    public int? Locate(double lon, double lat)
    {
        var point = PolygonInput.Wgs84.CreatePoint(new Coordinate(lon, lat));
        foreach (var (id, area) in _tree.Query(point.EnvelopeInternal))
        {
            if (area.Covers(point))
                return id;
        }
        return null;
    }

    /// <summary>The district holding the most of a polygon: its interior point's district.</summary>
    public int? Locate(Geometry area)
    {
        var inside = area.InteriorPoint;
        return Locate(inside.X, inside.Y);
    }
}
