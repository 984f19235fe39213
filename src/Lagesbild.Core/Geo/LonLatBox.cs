using System.Globalization;

namespace Lagesbild.Core.Geo;

/// <summary>A WGS84 bounding box, as in GeoJSON bbox order: west, south, east, north.</summary>
public readonly record struct LonLatBox(double MinLon, double MinLat, double MaxLon, double MaxLat)
{
    public bool Contains(double lon, double lat) => lon >= MinLon && lon <= MaxLon && lat >= MinLat && lat <= MaxLat;

    public bool Contains(NetTopologySuite.Geometries.Envelope envelope) => Contains(envelope.MinX, envelope.MinY) && Contains(envelope.MaxX, envelope.MaxY);

    /// <summary>Whether the other box lies wholly inside this one (edges included).</summary>
    public bool Contains(LonLatBox other) => Contains(other.MinLon, other.MinLat) && Contains(other.MaxLon, other.MaxLat);

    /// <summary>An envelope in WGS84 (x longitude, y latitude) as a box.</summary>
    public static LonLatBox Of(NetTopologySuite.Geometries.Envelope envelope) => new(envelope.MinX, envelope.MinY, envelope.MaxX, envelope.MaxY);

    /// <summary>The part of this box inside the other; null when they do not meet.</summary>
    public LonLatBox? Intersect(LonLatBox other)
    {
        var common = new LonLatBox(Math.Max(MinLon, other.MinLon), Math.Max(MinLat, other.MinLat), Math.Min(MaxLon, other.MaxLon), Math.Min(MaxLat, other.MaxLat));
        return common.MinLon <= common.MaxLon && common.MinLat <= common.MaxLat ? common : null;
    }

    public LonLatBox Expand(double degrees) => new(MinLon - degrees, MinLat - degrees, MaxLon + degrees, MaxLat + degrees);

    /// <summary>Parses "minLon,minLat,maxLon,maxLat"; returns an error message when it is not one.</summary>
    public static bool TryParse(string? text, out LonLatBox box, out string? error)
    {
        box = default;
        error = null;
        var parts = (text ?? "").Split(',');
        var values = new double[4];
        if (parts.Length != 4 || !parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])).All(ok => ok))
        {
            error = "bbox must be four numbers: minLon,minLat,maxLon,maxLat.";
            return false;
        }
        box = new LonLatBox(values[0], values[1], values[2], values[3]);
        if (!Coordinates.IsValid(box.MinLon, box.MinLat) || !Coordinates.IsValid(box.MaxLon, box.MaxLat))
        {
            error = "bbox is outside the valid range of longitude (-180..180) and latitude (-90..90).";
            return false;
        }
        if (box.MinLon > box.MaxLon || box.MinLat > box.MaxLat)
        {
            error = "bbox must list the south-west corner before the north-east corner.";
            return false;
        }
        return true;
    }
}

public static class Coordinates
{
    public static bool IsValid(double lon, double lat) =>
        double.IsFinite(lon) && double.IsFinite(lat) && lon is >= -180 and <= 180 && lat is >= -90 and <= 90;
}
