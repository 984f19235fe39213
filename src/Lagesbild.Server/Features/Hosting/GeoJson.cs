using System.Text.Json.Serialization;
using NetTopologySuite.Geometries;

namespace Lagesbild.Server.Features.Hosting;

/// <summary>A GeoJSON (RFC 7946) feature with typed properties; the geometry is written by NetTopologySuite.</summary>
public sealed record Feature<TProperties>(object Id, Geometry? Geometry, TProperties Properties)
{
    public string Type => "Feature";
}

public sealed record FeatureCollection<TProperties>(IReadOnlyList<Feature<TProperties>> Features)
{
    public string Type => "FeatureCollection";

    /// <summary>Paging, as OGC API Features names it (foreign members, allowed by RFC 7946).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? NumberMatched { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? NumberReturned { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Next { get; init; }
}

/// <summary>A GeoJSON Polygon geometry as sent by a client.</summary>
public sealed record PolygonGeometry([property: System.ComponentModel.DataAnnotations.Required] string? Type, [property: System.ComponentModel.DataAnnotations.Required] double[][][]? Coordinates)
{
    /// <summary>A valid WGS84 polygon, or what is wrong, naming the field as the client called it.</summary>
    public Core.Geo.GeoResult<Polygon> ToPolygon(string field) =>
        string.Equals(Type, "Polygon", StringComparison.Ordinal)
            ? Core.Geo.PolygonInput.Parse(Coordinates)
            : Core.Geo.GeoResult<Polygon>.Fail($"{field} must be a GeoJSON geometry of type \"Polygon\".");

    public static PolygonGeometry From(Polygon polygon) => new("Polygon",
        new[] { polygon.ExteriorRing }.Concat(polygon.InteriorRings)
            .Select(ring => ring.Coordinates.Select(c => new[] { c.X, c.Y }).ToArray()).ToArray());
}

public static class GeoJson
{
    private static readonly System.Text.Json.JsonSerializerOptions Options = new()
    {
        Converters = { new NetTopologySuite.IO.Converters.GeoJsonConverterFactory(Core.Geo.PolygonInput.Wgs84) },
    };

    /// <summary>A geometry as GeoJSON text, for the map script.</summary>
    public static string Serialize(Geometry geometry) => System.Text.Json.JsonSerializer.Serialize(geometry, Options);

    public static FeatureCollection<T> Collection<T>(IEnumerable<Feature<T>> features) => new(features.ToList());
}
