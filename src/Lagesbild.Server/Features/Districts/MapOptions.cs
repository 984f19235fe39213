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
}
