using System.Text.Json;
using Lagesbild.Core.Geo;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Lagesbild.Bench.Large;

/// <summary>
/// The districts the product ships (Stockholm's 117 stadsdelar), with the ids a new database gives them: the product
/// inserts them ordered by their name in the file, so the first is 1. The loaders check these ids against the database.
/// </summary>
public sealed class Districts
{
    private Districts(IReadOnlyList<(int Id, Polygon Area)> areas)
    {
        Areas = areas;
        Index = new DistrictIndex(areas.Select(a => (a.Id, (Geometry)a.Area)));
    }

    public IReadOnlyList<(int Id, Polygon Area)> Areas { get; }

    public DistrictIndex Index { get; }

    public static Districts Shipped()
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory(PolygonInput.Wgs84));
        using var stream = typeof(Districts).Assembly.GetManifestResourceStream("stadsdelar.geo.json")
            ?? throw new InvalidDataException("The shipped district file is missing.");
        var collection = JsonSerializer.Deserialize<FeatureCollection>(stream, options) ?? throw new InvalidDataException("The district file is empty.");
        return new Districts(collection
            .Select(f => (Name: (string)f.Attributes["name"], Area: (Polygon)f.Geometry))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select((f, i) => (i + 1, f.Area))
            .ToList());
    }

    /// <summary>Fails loudly when the database's districts are not the shipped ones under the same ids.</summary>
    public void CheckAgainst(IEnumerable<(int Id, Geometry Area)> stored, string where)
    {
        var byId = stored.ToDictionary(s => s.Id, s => s.Area);
        foreach (var (id, area) in Areas)
        {
            if (!byId.TryGetValue(id, out var other) || other.Centroid.Distance(area.Centroid) > 1e-6)
                throw new InvalidOperationException($"{where}: district {id} is not the shipped district the bench expects; the rows' district ids would be wrong.");
        }
    }
}
