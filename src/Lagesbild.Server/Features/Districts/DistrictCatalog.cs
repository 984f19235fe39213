using System.Globalization;
using System.Text.Json;
using Lagesbild.Core.Geo;
using Lagesbild.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Lagesbild.Server.Features.Districts;

/// <summary>
/// The municipality's districts and the point-in-polygon index over them: Stockholm's 117 stadsdelar (CC0, shipped
/// with the product) by default, or the areas a municipality imported. The database is the source of truth; the index
/// is a cache loaded from it at start and again after an import.
/// </summary>
public sealed class DistrictCatalog(IOptions<MunicipalityOptions> options)
{
    private readonly MunicipalityOptions _municipality = options.Value;

    /// <summary>One load of the districts, swapped whole so that a reader never sees half of two.</summary>
    private sealed record Loaded(DistrictIndex Index, IReadOnlyDictionary<int, (string Name, string Borough)> Names, int Version);

    private Loaded _loaded = new(new DistrictIndex([]), new Dictionary<int, (string, string)>(), 0);

    public DistrictIndex Index => _loaded.Index;

    /// <summary>Changes with every load: caches built on the districts (the picture's grid) start again when it does.</summary>
    public int Version => _loaded.Version;

    /// <summary>The municipality's name, as pages show the whole city.</summary>
    public string Municipality => _municipality.Name;

    public string? NameOf(int? id) => id is { } key && _loaded.Names.TryGetValue(key, out var d) ? d.Name : null;

    public string? BoroughOf(int id) => _loaded.Names.TryGetValue(id, out var d) ? d.Borough : null;

    /// <summary>Each district's id, name and borough (stadsdelsområde).</summary>
    public IEnumerable<(int Id, string Name, string Borough)> All => _loaded.Names.Select(n => (n.Key, n.Value.Name, n.Value.Borough));

    /// <summary>The boroughs' names, in order.</summary>
    public IReadOnlyList<string> Boroughs => _loaded.Names.Values.Select(n => n.Borough).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Where observations and scenes may lie: the configured box, or else the districts plus a margin (about 5 km).
    /// </summary>
    public Envelope ServiceArea
    {
        get
        {
            if (_municipality.Box is { } box)
                return new Envelope(box.MinLon, box.MaxLon, box.MinLat, box.MaxLat);
            var area = new Envelope(Index.Extent);
            area.ExpandBy(0.05);
            return area;
        }
    }

    public bool InServiceArea(double lon, double lat) => ServiceArea.Contains(lon, lat);

    /// <summary>A client's polygon as a valid WGS84 polygon on the city's map, or what is wrong with it.</summary>
    public GeoResult<Polygon> AreaOnMap(Hosting.PolygonGeometry area, string field)
    {
        var parsed = area.ToPolygon(field);
        if (parsed.Value is { } polygon && !ServiceArea.Contains(polygon.EnvelopeInternal))
            return GeoResult<Polygon>.Fail($"The {field} lies outside the city's map.");
        return parsed;
    }

    public async Task LoadAsync(LagesbildDb db, CancellationToken cancellationToken)
    {
        if (_municipality.ShippedAreas && !await db.Districts.AnyAsync(cancellationToken))
        {
            db.Districts.AddRange(ReadShipped());
            await db.SaveChangesAsync(cancellationToken);
        }
        var districts = await db.Districts.AsNoTracking().ToListAsync(cancellationToken);
        _loaded = new Loaded(
            new DistrictIndex(districts.Select(d => (d.Id, (Geometry)d.Area))),
            districts.ToDictionary(d => d.Id, d => (d.Name, d.Borough)),
            _loaded.Version + 1);
    }

    private static IEnumerable<District> ReadShipped()
    {
        var boroughs = ReadBoroughs();
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory(PolygonInput.Wgs84));
        using var stream = Resource("stadsdelar.geo.json");
        var collection = JsonSerializer.Deserialize<FeatureCollection>(stream, options)
            ?? throw new InvalidDataException("The shipped district file is empty.");
        return collection
            .Select(f => (Name: (string)f.Attributes["name"], Area: (Polygon)f.Geometry))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => new District
            {
                Name = DisplayName(f.Name),
                Borough = boroughs[f.Name],
                Area = f.Area,
            });
    }

    private static Dictionary<string, string> ReadBoroughs()
    {
        using var reader = new StreamReader(Resource("stadsdelsomraden.csv"));
        return reader.ReadToEnd()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Skip(1)
            .Select(line => line.Split(','))
            .ToDictionary(parts => parts[1], parts => parts[0], StringComparer.Ordinal);
    }

    /// <summary>
    /// "SÖDRA HAMMARBYHAMNEN" becomes "Södra Hammarbyhamnen" and "HÄSSELBY GÅRD" "Hässelby gård": every word
    /// is a name except the common nouns that Stockholm writes in lower case; "INDUSTRIOMR" is written out.
    /// </summary>
    internal static string DisplayName(string upper)
    {
        var words = upper.Replace("INDUSTRIOMR", "INDUSTRIOMRÅDE", StringComparison.Ordinal).ToLower(Sv).Split(' ');
        return string.Join(' ', words.Select((word, i) => i > 0 && LowerCaseWords.Contains(word) ? word : char.ToUpper(word[0], Sv) + word[1..]));
    }

    private static readonly HashSet<string> LowerCaseWords = ["gård", "strand", "villastad", "kyrka", "slott", "industriområde", "stan"];

    private static readonly CultureInfo Sv = CultureInfo.GetCultureInfo("sv-SE");

    private static Stream Resource(string name) =>
        typeof(DistrictCatalog).Assembly.GetManifestResourceStream(name) ?? throw new InvalidDataException($"Missing resource {name}.");
}
