using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace Lagesbild.Core.Geo;

/// <summary>SWEREF 99 TM (EPSG:3006), the Swedish national grid in metres, via ProjNet.</summary>
public static class Sweref99Tm
{
    public const int Srid = 3006;

    /// <summary>The grid's central meridian: a parallel bends towards the pole on either side of it.</summary>
    public const double CentralMeridian = 15;

    /// <summary>Where the grid is defined (EPSG:3006's area of use: Sweden, on land and at sea); every observation lies in it.</summary>
    public static readonly LonLatBox AreaOfUse = new(10.03, 54.96, 24.17, 69.07);

    /// <summary>The definition, as a GeoPackage or a .prj names it.</summary>
    public const string Wkt =
        "PROJCS[\"SWEREF99 TM\",GEOGCS[\"SWEREF99\",DATUM[\"SWEREF99\",SPHEROID[\"GRS 1980\",6378137,298.257222101]," +
        "TOWGS84[0,0,0,0,0,0,0]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]]," +
        "PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",15]," +
        "PARAMETER[\"scale_factor\",0.9996],PARAMETER[\"false_easting\",500000],PARAMETER[\"false_northing\",0]," +
        "UNIT[\"metre\",1],AUTHORITY[\"EPSG\",\"3006\"]]";

    private static readonly ICoordinateTransformation ToGrid = CreateTransformation();
    private static readonly MathTransform FromGrid = ToGrid.MathTransform.Inverse();

    private static ICoordinateTransformation CreateTransformation()
    {
        var factory = new CoordinateSystemFactory();
        var sweref = factory.CreateFromWkt(Wkt);
        return new CoordinateTransformationFactory().CreateFromCoordinateSystems(GeographicCoordinateSystem.WGS84, sweref);
    }

    public static GridPoint Project(double lon, double lat)
    {
        var (x, y) = ToGrid.MathTransform.Transform(lon, lat);
        return new GridPoint(x, y);
    }

    private static readonly NetTopologySuite.Geometries.GeometryFactory Grid = new(new NetTopologySuite.Geometries.PrecisionModel(), Srid);

    /// <summary>A WGS84 geometry in grid metres, for distances and areas.</summary>
    public static NetTopologySuite.Geometries.Geometry Project(NetTopologySuite.Geometries.Geometry wgs84)
    {
        var copy = Grid.CreateGeometry(wgs84);
        copy.Apply(new ToGridFilter());
        return copy;
    }

    /// <summary>A geometry in grid metres back in WGS84 longitude and latitude (rounded to 6 decimals, about 0.1 m).</summary>
    public static NetTopologySuite.Geometries.Geometry Unproject(NetTopologySuite.Geometries.Geometry grid)
    {
        var copy = PolygonInput.Wgs84.CreateGeometry(grid);
        copy.Apply(new ToLonLatFilter());
        return copy;
    }

    private sealed class ToGridFilter : NetTopologySuite.Geometries.ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(NetTopologySuite.Geometries.CoordinateSequence seq, int i)
        {
            var p = Project(seq.GetX(i), seq.GetY(i));
            seq.SetX(i, p.X);
            seq.SetY(i, p.Y);
        }
    }

    private sealed class ToLonLatFilter : NetTopologySuite.Geometries.ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(NetTopologySuite.Geometries.CoordinateSequence seq, int i)
        {
            var (lon, lat) = Unproject(new GridPoint(seq.GetX(i), seq.GetY(i)));
            seq.SetX(i, Math.Round(lon, 6));
            seq.SetY(i, Math.Round(lat, 6));
        }
    }

    public static (double Lon, double Lat) Unproject(GridPoint point)
    {
        var (lon, lat) = FromGrid.Transform(point.X, point.Y);
        return (lon, lat);
    }
}

/// <summary>A point in SWEREF 99 TM metres: X is easting, Y is northing.</summary>
public readonly record struct GridPoint(double X, double Y);
