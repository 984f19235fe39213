using System.Globalization;
using System.Text.RegularExpressions;

namespace Lagesbild.Core.Geo;

/// <summary>
/// The coordinate reference systems the OGC API offers (Part 2, CRS by reference): CRS84, longitude before latitude,
/// and SWEREF 99 TM (EPSG:3006) in its own axis order, northing before easting.
/// </summary>
public enum FeatureCrs
{
    Crs84,
    Sweref99Tm,
}

public static class FeatureCrsUris
{
    public const string Crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    public const string Sweref99Tm = "http://www.opengis.net/def/crs/EPSG/0/3006";

    public static string Of(FeatureCrs crs) => crs == FeatureCrs.Crs84 ? Crs84 : Sweref99Tm;

    /// <summary>The URI (or its safe CURIE, [EPSG:3006]) as a client sends it; an unknown one is not offered.</summary>
    public static bool TryParse(string? text, out FeatureCrs crs)
    {
        crs = FeatureCrs.Crs84;
        var value = (text ?? "").Trim().TrimStart('[').TrimEnd(']');
        if (value is Crs84 or "OGC:CRS84")
            return true;
        crs = FeatureCrs.Sweref99Tm;
        return value is Sweref99Tm or "EPSG:3006";
    }
}

/// <summary>A closed, half-open or instant time window; null ends are open.</summary>
public readonly record struct TimeWindow(DateTimeOffset? From, DateTimeOffset? To)
{
    /// <summary>Whether a period [start, end] (end null: still running) meets the window.</summary>
    public bool Meets(DateTimeOffset start, DateTimeOffset? end) =>
        (To is not { } to || start <= to) && (From is not { } from || end is not { } e || e >= from);
}

/// <summary>The items query of OGC API Features: bbox (with bbox-crs), datetime, limit, offset and crs, checked.</summary>
public sealed partial record FeatureQuery(LonLatBox? Bbox, TimeWindow Window, int Limit, int Offset, FeatureCrs Crs)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 10_000;

    /// <summary>
    /// Where SWEREF 99 TM is defined (EPSG's area of use: Sweden, on land and at sea), in northing and easting metres.
    /// A box outside it, such as one written easting first, is refused.
    /// </summary>
    public static readonly (double MinNorthing, double MinEasting, double MaxNorthing, double MaxEasting) SwerefArea = (6_090_000, 180_000, 7_700_000, 1_090_000);

    /// <summary>Reads the parameters; each error is keyed by the parameter as the client wrote it.</summary>
    public static FeatureQuery Parse(string? bbox, string? bboxCrs, string? datetime, string? limit, string? offset, string? crs, Dictionary<string, string[]> errors)
    {
        var outputCrs = FeatureCrs.Crs84;
        if (crs is not null && !FeatureCrsUris.TryParse(crs, out outputCrs))
            errors["crs"] = [$"crs '{crs}' is not offered: use {FeatureCrsUris.Crs84} or {FeatureCrsUris.Sweref99Tm}."];
        var boxCrs = FeatureCrs.Crs84;
        if (bboxCrs is not null && !FeatureCrsUris.TryParse(bboxCrs, out boxCrs))
            errors["bbox-crs"] = [$"bbox-crs '{bboxCrs}' is not offered: use {FeatureCrsUris.Crs84} or {FeatureCrsUris.Sweref99Tm}."];
        LonLatBox? box = null;
        if (bbox is not null && !errors.ContainsKey("bbox-crs"))
            box = ParseBox(bbox, boxCrs, errors);
        var window = datetime is null ? default : ParseWindow(datetime, errors);
        var size = DefaultLimit;
        if (limit is not null)
        {
            if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1)
                errors["limit"] = [$"limit must be a whole number from 1 to {MaxLimit}."];
            // The standard lets a server answer at most its maximum rather than refuse a larger limit: clients that
            // ask for everything at once (QGIS, ArcGIS) then page on with the next links.
            size = Math.Min(size, MaxLimit);
        }
        var skip = 0;
        if (offset is not null && (!int.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out skip) || skip < 0))
            errors["offset"] = ["offset must be a whole number from 0."];
        return new FeatureQuery(box, window, size, skip, outputCrs);
    }

    private static LonLatBox? ParseBox(string text, FeatureCrs crs, Dictionary<string, string[]> errors)
    {
        var parts = text.Split(',');
        var values = new double[parts.Length];
        if (parts.Length is not 4 || !parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) && double.IsFinite(values[i])).All(ok => ok))
        {
            errors["bbox"] = [crs == FeatureCrs.Crs84
                ? "bbox must be four numbers: minLon,minLat,maxLon,maxLat."
                : "bbox must be four numbers in EPSG:3006's axis order: minNorthing,minEasting,maxNorthing,maxEasting."];
            return null;
        }
        if (values[0] > values[2] || values[1] > values[3])
        {
            errors["bbox"] = ["bbox must give the lower corner before the upper corner."];
            return null;
        }
        if (crs == FeatureCrs.Crs84)
        {
            if (LonLatBox.TryParse(text, out var lonLat, out var error))
                return lonLat;
            errors["bbox"] = [error!];
            return null;
        }
        var (minN, minE, maxN, maxE) = (values[0], values[1], values[2], values[3]);
        if (minN < SwerefArea.MinNorthing || maxN > SwerefArea.MaxNorthing || minE < SwerefArea.MinEasting || maxE > SwerefArea.MaxEasting)
        {
            errors["bbox"] = ["bbox lies outside SWEREF 99 TM's area of use (Sweden); EPSG:3006 gives northing before easting."];
            return null;
        }
        // The box's edges curve in longitude and latitude: the box around its corners and edge midpoints holds it.
        var corners = new[] { (minE, minN), (maxE, minN), (minE, maxN), (maxE, maxN), ((minE + maxE) / 2, minN), ((minE + maxE) / 2, maxN), (minE, (minN + maxN) / 2), (maxE, (minN + maxN) / 2) }
            .Select(p => Sweref99Tm.Unproject(new GridPoint(p.Item1, p.Item2))).ToList();
        return new LonLatBox(corners.Min(c => c.Lon), corners.Min(c => c.Lat), corners.Max(c => c.Lon), corners.Max(c => c.Lat));
    }

    private static TimeWindow ParseWindow(string text, Dictionary<string, string[]> errors)
    {
        var parts = text.Split('/');
        if (parts.Length == 1)
        {
            if (TryParseInstant(parts[0], out var instant))
                return new TimeWindow(instant, instant);
        }
        else if (parts.Length == 2)
        {
            var startOpen = parts[0] is "" or "..";
            var endOpen = parts[1] is "" or "..";
            DateTimeOffset start = default, end = default;
            var ok = (startOpen || TryParseInstant(parts[0], out start)) && (endOpen || TryParseInstant(parts[1], out end));
            if (ok && startOpen && endOpen)
            {
                errors["datetime"] = ["datetime is open at both ends: give a start, an end or both."];
                return default;
            }
            if (ok && !startOpen && !endOpen && start > end)
            {
                errors["datetime"] = ["datetime is reversed: the start is after the end."];
                return default;
            }
            if (ok)
                return new TimeWindow(startOpen ? null : start, endOpen ? null : end);
        }
        errors["datetime"] = ["datetime must be an RFC 3339 instant (2026-11-01T00:00:00Z) or an interval: start/end, ../end or start/.."];
        return default;
    }

    private static bool TryParseInstant(string text, out DateTimeOffset instant)
    {
        instant = default;
        return Rfc3339().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant)
            && instant.Year is >= 1900 and < 2200
            && (instant = instant.ToUniversalTime()) != default;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,7})?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();
}
