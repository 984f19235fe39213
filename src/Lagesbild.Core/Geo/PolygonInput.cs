using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace Lagesbild.Core.Geo;

/// <summary>Turns GeoJSON polygon coordinates into a valid WGS84 polygon, or says what is wrong with them.</summary>
public static class PolygonInput
{
    public static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    public static GeoResult<Polygon> Parse(double[][][]? rings)
    {
        if (rings is null || rings.Length == 0)
            return GeoResult<Polygon>.Fail("A polygon needs at least one ring of coordinates.");
        var linearRings = new LinearRing[rings.Length];
        for (var r = 0; r < rings.Length; r++)
        {
            var ring = rings[r];
            if (ring is null || ring.Length < 4)
                return GeoResult<Polygon>.Fail($"Ring {r} needs at least four positions (the first repeated last).");
            var coordinates = new Coordinate[ring.Length];
            for (var i = 0; i < ring.Length; i++)
            {
                var position = ring[i];
                if (position is null || position.Length < 2 || !Coordinates.IsValid(position[0], position[1]))
                    return GeoResult<Polygon>.Fail($"Ring {r}, position {i} is not a [longitude, latitude] pair within range.");
                coordinates[i] = new Coordinate(position[0], position[1]);
            }
            if (!coordinates[0].Equals2D(coordinates[^1]))
                return GeoResult<Polygon>.Fail($"Ring {r} is not closed: its last position must repeat its first.");
            linearRings[r] = Wgs84.CreateLinearRing(coordinates);
        }
        var polygon = Wgs84.CreatePolygon(linearRings[0], linearRings[1..]);
        var validation = new IsValidOp(polygon).ValidationError;
        if (validation is not null)
            return GeoResult<Polygon>.Fail(string.Create(CultureInfo.InvariantCulture, $"The polygon is not valid: {validation.Message} near {validation.Coordinate.X:0.######}, {validation.Coordinate.Y:0.######}."));
        // RFC 7946: exterior rings counter-clockwise, holes clockwise; each ring is oriented on its own.
        polygon = Wgs84.CreatePolygon(Oriented(linearRings[0], ccw: true), linearRings[1..].Select(hole => Oriented(hole, ccw: false)).ToArray());
        return GeoResult<Polygon>.Ok(polygon);
    }

    private static LinearRing Oriented(LinearRing ring, bool ccw) => ring.IsCCW == ccw ? ring : (LinearRing)ring.Reverse();
}

public readonly record struct GeoResult<T>(T? Value, string? Error) where T : class
{
    public static GeoResult<T> Ok(T value) => new(value, null);
    public static GeoResult<T> Fail(string error) => new(null, error);
}
