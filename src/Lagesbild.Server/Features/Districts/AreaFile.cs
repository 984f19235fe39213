using System.Globalization;
using System.Text.Json;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Privacy;
using Lagesbild.Core.Validation;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace Lagesbild.Server.Features.Districts;

/// <summary>
/// Reads a municipality's area file: a GeoJSON FeatureCollection whose features have the properties name, level
/// (municipality, borough or district) and parent (the name of the area above; none for the municipality), and a
/// Polygon or MultiPolygon in WGS84. Other properties (an id, a code from the GIS) are left alone. Each feature is
/// checked on its own here; <see cref="AreaHierarchy"/> checks them as a set. Every problem names the field as the
/// file has it ("features[3].properties.parent") and the feature by its place and name.
/// </summary>
public static class AreaFile
{
    /// <summary>More than the largest Swedish municipality needs (Stockholm's file is 0.24 MB); 10 MB of coordinates is refused before it is read.</summary>
    public const long MaxBytes = 8 * 1024 * 1024;

    public const int MaxFeatures = 5_000, MaxName = 100;

    private static readonly Dictionary<string, AreaLevel> Levels = new(StringComparer.Ordinal)
    {
        ["municipality"] = AreaLevel.Municipality,
        ["borough"] = AreaLevel.Borough,
        ["district"] = AreaLevel.District,
    };

    public static List<AreaInput> Read(string text, Refusals refusals)
    {
        var areas = new List<AreaInput>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            refusals.Add("body", RefusalCodes.Invalid, "The body is not valid JSON: send a GeoJSON FeatureCollection.");
            return areas;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "FeatureCollection")
            {
                refusals.Add("type", RefusalCodes.Invalid, "The body must be a GeoJSON FeatureCollection (\"type\": \"FeatureCollection\").");
                return areas;
            }
            if (!root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            {
                refusals.Add("features", RefusalCodes.Required, "features must be an array of areas.");
                return areas;
            }
            if (features.GetArrayLength() > MaxFeatures)
            {
                refusals.Add("features", RefusalCodes.TooMany, $"At most {MaxFeatures} areas per file.", MaxFeatures);
                return areas;
            }
            var index = 0;
            foreach (var feature in features.EnumerateArray())
            {
                if (ReadFeature(feature, index, refusals) is { } area)
                    areas.Add(area);
                index++;
            }
            return areas;
        }
    }

    private static AreaInput? ReadFeature(JsonElement feature, int index, Refusals refusals)
    {
        var at = string.Create(CultureInfo.InvariantCulture, $"features[{index}]");
        if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "Feature")
        {
            refusals.Add(at, RefusalCodes.Invalid, $"Feature {index} must be a GeoJSON Feature.", index, "");
            return null;
        }
        var before = refusals.Count;
        var properties = feature.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        var name = Text(properties, "name")?.Trim();
        var label = string.Create(CultureInfo.InvariantCulture, $"Feature {index} ('{name}')");
        if (string.IsNullOrWhiteSpace(name))
            refusals.Add($"{at}.properties.name", RefusalCodes.Required, $"Feature {index} needs a name (text).", index, "");
        else if (name.Length > MaxName)
            refusals.Add($"{at}.properties.name", RefusalCodes.TooLong, $"{label}: name is longer than {MaxName} characters.", index, name[..MaxName], MaxName);
        else if (!PlainText.IsClean(name))
            refusals.Add($"{at}.properties.name", RefusalCodes.ControlCharacters, $"{label}: name contains control characters or direction overrides; write plain text.", index, name);
        name ??= "";

        var levelText = Text(properties, "level");
        AreaLevel level = default;
        if (levelText is null || !Levels.TryGetValue(levelText.Trim().ToLowerInvariant(), out level))
            refusals.Add($"{at}.properties.level", RefusalCodes.Invalid, $"{label}: level must be municipality, borough or district.", index, name);

        var parent = Text(properties, "parent")?.Trim();
        if (string.IsNullOrEmpty(parent))
            parent = null;
        if (parent is null && level != AreaLevel.Municipality && levelText is not null)
            refusals.Add($"{at}.properties.parent", RefusalCodes.Required, $"{label}: a {(level == AreaLevel.Borough ? "borough" : "district")} needs a parent (the name of the area it lies in).", index, name);

        var shape = feature.TryGetProperty("geometry", out var geometry) ? Shape(geometry, level, $"{at}.geometry", label, index, name, refusals) : null;
        if (shape is null && refusals[$"{at}.geometry"] is null)
            refusals.Add($"{at}.geometry", RefusalCodes.Required, $"{label} needs a geometry: a Polygon or a MultiPolygon.", index, name);
        return refusals.Count > before || shape is null ? null : new AreaInput(index, name, level, parent, shape);
    }

    private static Geometry? Shape(JsonElement geometry, AreaLevel level, string field, string label, int index, string name, Refusals refusals)
    {
        if (geometry.ValueKind != JsonValueKind.Object || !geometry.TryGetProperty("type", out var type) || !geometry.TryGetProperty("coordinates", out var coordinates))
            return null;
        void Refuse(string why) => refusals.Add(field, RefusalCodes.Invalid, $"{label}: {why}", index, name);
        try
        {
            double[][][]?[]? parts = type.ValueKind != JsonValueKind.String ? null : type.GetString() switch
            {
                "Polygon" => [coordinates.Deserialize<double[][][]>()],
                "MultiPolygon" => (double[][][]?[]?)coordinates.Deserialize<double[][][][]>(),
                _ => null,
            };
            if (parts is null || parts.Length == 0)
            {
                Refuse("geometry must be a Polygon or a MultiPolygon with coordinates.");
                return null;
            }
            // Districts are stored as one polygon each: a district in several parts is refused rather than cut down.
            if (level == AreaLevel.District && parts.Length > 1)
            {
                Refuse($"a district is one polygon; this MultiPolygon has {parts.Length} parts. Give each part its own district, or join them.");
                return null;
            }
            var polygons = new Polygon[parts.Length];
            for (var i = 0; i < parts.Length; i++)
            {
                var parsed = PolygonInput.Parse(parts[i]);
                if (parsed.Error is { } error)
                {
                    Refuse(parts.Length > 1 ? $"part {i}: {error}" : error);
                    return null;
                }
                polygons[i] = parsed.Value!;
            }
            if (polygons.Length == 1)
                return polygons[0];
            var multi = PolygonInput.Wgs84.CreateMultiPolygon(polygons);
            if (new IsValidOp(multi).ValidationError is { } invalid)
            {
                Refuse($"the MultiPolygon is not valid: {invalid.Message}.");
                return null;
            }
            return multi;
        }
        catch (JsonException)
        {
            Refuse("the coordinates are not numbers in GeoJSON's nesting.");
            return null;
        }
    }

    private static string? Text(JsonElement parent, string member) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
