namespace Lagesbild.Server.Features.Districts;

/// <summary>The base map under every map, the residents' included.</summary>
public sealed class MapOptions
{
    public const string Section = "Map";
    /// <summary>The base map's tile URL; empty for none (the district polygons alone still make a readable map).</summary>
    public string TileUrl { get; set; } = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
    public string TileAttribution { get; set; } = "&copy; OpenStreetMap contributors";
    /// <summary>
    /// A folder of the city's own tiles ({z}/{x}/{y}.png and the like), served at /tiles for <see cref="TileUrl"/>
    /// "/tiles/{z}/{x}/{y}.png": a base map with no outside server. Empty for none.
    /// </summary>
    public string TileDirectory { get; set; } = "";

    /// <summary>Where every map opens; empty for the centre of the municipality's map (its districts or its Bounds).</summary>
    public double? CentreLat { get; set; }
    public double? CentreLon { get; set; }
    public int Zoom { get; set; } = 11;

    public string? Check() =>
        CentreLat.HasValue != CentreLon.HasValue ? "Map:CentreLat and Map:CentreLon are set together."
        : CentreLat is { } lat && !Core.Geo.Coordinates.IsValid(CentreLon!.Value, lat) ? "Map:CentreLat and Map:CentreLon must be a latitude and a longitude."
        : Zoom is < 3 or > 18 ? "Map:Zoom must lie from 3 to 18."
        : null;

    /// <summary>"lat,lon,zoom" where the maps open, for the page's scripts: configured, or the centre of the municipality's map.</summary>
    public string ViewFor(DistrictCatalog districts)
    {
        var area = districts.ServiceArea;
        var (lat, lon) = CentreLat is { } configured ? (configured, CentreLon!.Value)
            : area.IsNull ? (59.3293, 18.0686) : (area.Centre.Y, area.Centre.X);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{lat:0.######},{lon:0.######},{Zoom}");
    }
}
