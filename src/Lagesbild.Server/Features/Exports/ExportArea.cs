using System.Globalization;
using Lagesbild.Core.Geo;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using NetTopologySuite.Geometries;

namespace Lagesbild.Server.Features.Exports;

public enum ExportLayer
{
    Observations,
    Scenes,
    Sites,
    Measures,
}

/// <summary>
/// What an export covers: a time window, at most one area (a district by id, a borough by name or a WGS84 bbox, the
/// names the other routes use), the layers and the CRS. Null area: the whole city.
/// </summary>
public sealed record ExportQuery(
    DateTimeOffset From, DateTimeOffset To, int? DistrictId, string? Borough, IReadOnlySet<int>? Districts, LonLatBox? Bbox, IReadOnlyList<ExportLayer> Layers, int Srid)
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(366);

    public static bool TryParse(string? from, string? to, string? districtText, string? borough, string? bbox, string? layers, string? crs,
        DistrictCatalog catalog, TimeProvider time, out ExportQuery query, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var district = QueryValues.ParseDistrictId(districtText, errors);
        var end = QueryValues.ParseInstant(to, "to", endOfDay: true, errors) ?? time.GetUtcNow();
        var start = QueryValues.ParseInstant(from, "from", endOfDay: false, errors) ?? end - DefaultWindow;
        if (start >= end)
            errors["to"] = [QueryValues.ReversedWindow];
        else if (end - start > MaxWindow)
            errors["from"] = ["The window is longer than 366 days: choose a shorter one."];

        var given = new[] { ("district", !string.IsNullOrWhiteSpace(districtText)), ("borough", !string.IsNullOrWhiteSpace(borough)), ("bbox", !string.IsNullOrWhiteSpace(bbox)) }
            .Where(a => a.Item2).Select(a => a.Item1).ToList();
        if (given.Count > 1)
            errors[given[1]] = ["Give one area: district, borough or bbox."];
        IReadOnlySet<int>? districts = null;
        if (district is { } id)
        {
            if (catalog.NameOf(id) is null)
                errors["district"] = ["No district has this id."];
            districts = new HashSet<int> { id };
        }
        if (!string.IsNullOrWhiteSpace(borough))
        {
            districts = catalog.All.Where(d => string.Equals(d.Borough, borough.Trim(), StringComparison.OrdinalIgnoreCase)).Select(d => d.Id).ToHashSet();
            if (districts.Count == 0)
                errors["borough"] = ["No borough (stadsdelsområde) has this name."];
        }
        LonLatBox? box = null;
        if (!string.IsNullOrWhiteSpace(bbox))
        {
            if (!LonLatBox.TryParse(bbox, out var parsed, out var bboxError))
                errors["bbox"] = [bboxError!];
            else if (!catalog.ServiceArea.Intersects(new Envelope(parsed.MinLon, parsed.MaxLon, parsed.MinLat, parsed.MaxLat)))
                errors["bbox"] = ["bbox lies outside the city's map."];
            else
                box = parsed;
        }
        var chosen = string.IsNullOrWhiteSpace(layers) ? Enum.GetValues<ExportLayer>().ToList() : QueryValues.ParseNames<ExportLayer>(layers, "layers", errors).Distinct().ToList();
        var srid = (crs ?? "").Trim().ToUpperInvariant() switch
        {
            "" or "EPSG:4326" => GeoPackageFile.Wgs84,
            "EPSG:3006" => Sweref99Tm.Srid,
            _ => 0,
        };
        if (srid == 0)
            errors["crs"] = ["crs must be EPSG:4326 (WGS 84, the default) or EPSG:3006 (SWEREF 99 TM)."];
        query = new ExportQuery(start, end, district, borough?.Trim(), districts, box, chosen, srid);
        return errors.Count == 0;
    }

    /// <summary>Whether a place in this district lies in the area.</summary>
    public bool Covers(int? districtId) => Districts is null || (districtId is { } d && Districts.Contains(d));

    /// <summary>Whether a geometry lies in the area: in its districts (by the district it was placed in), or touching the bbox.</summary>
    public bool Covers(int? districtId, Geometry geometry) =>
        Bbox is { } box ? geometry.Intersects(geometry.Factory.ToGeometry(new Envelope(box.MinLon, box.MaxLon, box.MinLat, box.MaxLat))) : Covers(districtId);

    /// <summary>The area as the audit entry and the file name say it.</summary>
    public string Area => Bbox is { } box ? string.Create(CultureInfo.InvariantCulture, $"bbox {box.MinLon},{box.MinLat},{box.MaxLon},{box.MaxLat}")
        : DistrictId is { } id ? string.Create(CultureInfo.InvariantCulture, $"district {id}")
        : Borough is { } borough ? $"borough {borough}"
        : "city";
}
