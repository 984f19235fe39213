using System.Globalization;
using System.Text.Json;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Privacy;
using Lagesbild.Core.Validation;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using NetTopologySuite.Geometries;

namespace Lagesbild.Server.Features.Mappings;

/// <summary>A place as a mapping file gives it, checked: WGS84 polygon or point on the city's map.</summary>
public sealed record PlaceInput(string Name, Geometry Shape, double? Area, string? Notes);

/// <summary>
/// Reads a mapping's places from GeoJSON (a FeatureCollection; properties name, area, notes; date and source as
/// top-level members) or CSV (name, area, notes and either wkt or lon and lat). Every problem is a refusal naming
/// the field as the file has it: "features[2].properties.name", or "rows[1].wkt" (line 3 of the file).
/// </summary>
public sealed class MappingInput(DistrictCatalog districts)
{
    public const int MaxPlaces = 2000, MaxName = 200, MaxNotes = 2000;
    public const double MaxArea = 10_000_000; // 10 km²: more than any scene, less than a district

    public static readonly string[] CsvOptional = ["area", "notes", "wkt", "lon", "lat"];
    private static readonly HashSet<string> TopLevel = ["type", "date", "source", "features", "bbox"];
    private static readonly HashSet<string> FeatureMembers = ["type", "id", "geometry", "properties", "bbox"];
    private static readonly HashSet<string> Properties = ["name", "area", "notes"];

    /// <summary>The places of a GeoJSON FeatureCollection, and its date and source members when it has them.</summary>
    public (List<PlaceInput> Places, string? Date, string? Source) ReadGeoJson(string text, Refusals refusals)
    {
        var places = new List<PlaceInput>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            refusals.Add("body", RefusalCodes.Invalid, "The body is not valid JSON: send a GeoJSON FeatureCollection.");
            return (places, null, null);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "FeatureCollection")
            {
                refusals.Add("type", RefusalCodes.Invalid, "The body must be a GeoJSON FeatureCollection (\"type\": \"FeatureCollection\").");
                return (places, null, null);
            }
            foreach (var member in root.EnumerateObject().Where(m => !TopLevel.Contains(m.Name)))
                refusals.Add(member.Name, RefusalCodes.Invalid, $"Unknown member '{member.Name}': a mapping has type, date, source and features.");
            var date = Text(root, "date", "date", refusals);
            var source = Text(root, "source", "source", refusals);
            if (!root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            {
                refusals.Add("features", RefusalCodes.Required, "features must be an array of places.");
                return (places, date, source);
            }
            if (features.GetArrayLength() > MaxPlaces)
            {
                refusals.Add("features", RefusalCodes.TooMany, $"At most {MaxPlaces} places per mapping.", MaxPlaces);
                return (places, date, source);
            }
            var index = 0;
            foreach (var feature in features.EnumerateArray())
            {
                if (ReadFeature(feature, $"features[{index.ToString(CultureInfo.InvariantCulture)}]", refusals) is { } place)
                    places.Add(place);
                index++;
            }
            if (index == 0)
                refusals.Add("features", RefusalCodes.Required, "A mapping needs at least one place.");
            return (places, date, source);
        }
    }

    private PlaceInput? ReadFeature(JsonElement feature, string at, Refusals refusals)
    {
        var before = refusals.Count;
        if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "Feature")
        {
            refusals.Add(at, RefusalCodes.Invalid, "Each place must be a GeoJSON Feature.");
            return null;
        }
        foreach (var member in feature.EnumerateObject().Where(m => !FeatureMembers.Contains(m.Name)))
            refusals.Add($"{at}.{member.Name}", RefusalCodes.Invalid, $"Unknown member '{member.Name}' of a feature.");
        var properties = feature.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        if (properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in properties.EnumerateObject().Where(m => !Properties.Contains(m.Name)))
                refusals.Add($"{at}.properties.{member.Name}", RefusalCodes.Invalid, $"Unknown property '{member.Name}': a place has name, area and notes.");
        }
        var name = properties.ValueKind == JsonValueKind.Object ? Text(properties, "name", $"{at}.properties.name", refusals) : null;
        var notes = properties.ValueKind == JsonValueKind.Object ? Text(properties, "notes", $"{at}.properties.notes", refusals) : null;
        double? area = null;
        if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("area", out var areaValue) && areaValue.ValueKind != JsonValueKind.Null)
        {
            if (areaValue.ValueKind == JsonValueKind.Number && areaValue.TryGetDouble(out var number))
                area = number;
            else
                refusals.Add($"{at}.properties.area", RefusalCodes.Invalid, "area must be a number of square metres.");
        }
        var shape = feature.TryGetProperty("geometry", out var geometry) ? Geometry(geometry, $"{at}.geometry", refusals) : null;
        if (shape is null && refusals.Count == before)
            refusals.Add($"{at}.geometry", RefusalCodes.Required, "Each place needs a geometry: a Polygon or a Point.");
        return Check(name, shape, area, notes, at + ".properties.", at + ".geometry", refusals, before);
    }

    private Geometry? Geometry(JsonElement geometry, string field, Refusals refusals)
    {
        if (geometry.ValueKind != JsonValueKind.Object || !geometry.TryGetProperty("type", out var type) || !geometry.TryGetProperty("coordinates", out var coordinates))
        {
            refusals.Add(field, RefusalCodes.Invalid, "geometry must be a GeoJSON Polygon or Point with coordinates.");
            return null;
        }
        try
        {
            switch (type.GetString())
            {
                case "Polygon":
                    var rings = coordinates.Deserialize<double[][][]>();
                    var polygon = PolygonInput.Parse(rings);
                    if (polygon.Error is { } error)
                    {
                        refusals.Add(field, RefusalCodes.Invalid, error);
                        return null;
                    }
                    return polygon.Value;
                case "Point":
                    var position = coordinates.Deserialize<double[]>();
                    if (position is not { Length: 2 or 3 } || !Core.Geo.Coordinates.IsValid(position[0], position[1]))
                    {
                        refusals.Add(field, RefusalCodes.Invalid, "A Point is one [longitude, latitude] pair within range.");
                        return null;
                    }
                    return PolygonInput.Wgs84.CreatePoint(new Coordinate(position![0], position[1]));
                default:
                    refusals.Add(field, RefusalCodes.Invalid, "geometry must be a Polygon or a Point.");
                    return null;
            }
        }
        catch (JsonException)
        {
            refusals.Add(field, RefusalCodes.Invalid, "The coordinates are not numbers in GeoJSON's nesting.");
            return null;
        }
    }

    /// <summary>The places of a CSV file: name, area, notes and either wkt (POLYGON or POINT, lon lat) or lon and lat.</summary>
    public List<PlaceInput> ReadCsv(string text, Refusals refusals) =>
        CsvRows.Read(text, ["name"], CsvOptional, MaxPlaces, refusals, (fields, index) =>
        {
            var before = refusals.Count;
            string Field(string name) => fields.GetValueOrDefault(name) ?? "";
            var at = CsvRows.Field(index);
            double? area = null;
            if (Field("area") is { Length: > 0 } areaText)
            {
                area = CsvRows.Number(areaText);
                if (area is null)
                    refusals.Add(CsvRows.Field(index, "area"), RefusalCodes.Invalid, "area must be a number of square metres.");
            }
            Geometry? shape = null;
            var shapeField = CsvRows.Field(index, "wkt");
            if (Field("wkt") is { Length: > 0 } wkt)
            {
                shape = Wkt(wkt, shapeField, refusals);
            }
            else if (Field("lon").Length > 0 || Field("lat").Length > 0)
            {
                shapeField = CsvRows.Field(index, "lat");
                if (CsvRows.Number(Field("lon")) is { } lon && CsvRows.Number(Field("lat")) is { } lat && Core.Geo.Coordinates.IsValid(lon, lat))
                    shape = PolygonInput.Wgs84.CreatePoint(new Coordinate(lon, lat));
                else
                    refusals.Add(shapeField, RefusalCodes.Invalid, "lon and lat must be a position in decimal degrees.");
            }
            else
            {
                refusals.Add(shapeField, RefusalCodes.Required, "Each place needs wkt (a POLYGON or POINT) or lon and lat.");
            }
            return Check(Field("name"), shape, area, Field("notes") is { Length: > 0 } n ? n : null, at + ".", shapeField, refusals, before);
        });

    private static Geometry? Wkt(string wkt, string field, Refusals refusals)
    {
        Geometry read;
        try
        {
            read = new NetTopologySuite.IO.WKTReader(new NetTopologySuite.NtsGeometryServices(PolygonInput.Wgs84.PrecisionModel, 4326)).Read(wkt);
        }
        catch (Exception e) when (e is NetTopologySuite.IO.ParseException or ArgumentException or FormatException or InvalidOperationException)
        {
            refusals.Add(field, RefusalCodes.Invalid, "wkt must be a POLYGON or a POINT in well-known text, longitude before latitude.");
            return null;
        }
        switch (read)
        {
            case Point point when Core.Geo.Coordinates.IsValid(point.X, point.Y):
                return PolygonInput.Wgs84.CreatePoint(new Coordinate(point.X, point.Y));
            case Polygon polygon:
                var rings = new[] { polygon.ExteriorRing }.Concat(polygon.InteriorRings).Select(r => r.Coordinates.Select(c => new[] { c.X, c.Y }).ToArray()).ToArray();
                var parsed = PolygonInput.Parse(rings);
                if (parsed.Error is { } error)
                    refusals.Add(field, RefusalCodes.Invalid, error);
                return parsed.Value;
            default:
                refusals.Add(field, RefusalCodes.Invalid, "wkt must be a POLYGON or a POINT in well-known text, longitude before latitude.");
                return null;
        }
    }

    /// <summary>The checks both formats share: the name, the notes, the area and the place on the city's map.</summary>
    private PlaceInput? Check(string? name, Geometry? shape, double? area, string? notes, string prefix, string shapeField, Refusals refusals, int before)
    {
        var nameField = prefix + "name";
        if (string.IsNullOrWhiteSpace(name))
            refusals.Add(nameField, RefusalCodes.Required, "Each place needs a name.");
        else if (name.Length > MaxName)
            refusals.Add(nameField, RefusalCodes.TooLong, $"name is longer than {MaxName} characters.", MaxName);
        if (notes is { Length: > MaxNotes })
            refusals.Add(prefix + "notes", RefusalCodes.TooLong, $"notes is longer than {MaxNotes} characters.", MaxNotes);
        foreach (var (field, text) in new[] { ("name", name), ("notes", notes) })
        {
            if (!PlainText.IsClean(text))
                refusals.Add(prefix + field, RefusalCodes.ControlCharacters, $"{field} contains control characters or direction overrides; write plain text.");
            else if (PersonalNumbers.Contains(text))
                refusals.Add(prefix + field, RefusalCodes.PersonalNumber, "The text contains what looks like a personal identity number (personnummer). Describe places, not people.");
        }
        if (area is { } a && (!double.IsFinite(a) || a <= 0 || a > MaxArea))
            refusals.Add(prefix + "area", RefusalCodes.OutOfRange, $"area must be more than 0 and at most {MaxArea:0} m².", 1, MaxArea);
        if (shape is not null && !districts.ServiceArea.Contains(shape.EnvelopeInternal))
            refusals.Add(shapeField, RefusalCodes.OffMap, "The place lies outside the city's map.");
        return refusals.Count > before || shape is null ? null : new PlaceInput(name!.Trim(), shape, area, string.IsNullOrWhiteSpace(notes) ? null : notes);
    }

    private static string? Text(JsonElement parent, string member, string field, Refusals refusals)
    {
        if (!parent.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind == JsonValueKind.String)
            return value.GetString();
        refusals.Add(field, RefusalCodes.Invalid, $"{member} must be text.");
        return null;
    }
}
