using Lagesbild.Core.Geo;
using Lagesbild.Server.Features.Districts;
using Microsoft.Extensions.Localization;
using NetTopologySuite.Geometries;

namespace Lagesbild.Server.Features.Ogc;

public sealed record OgcLink(string Href, string Rel, string Type, string? Title = null);

public sealed record LandingDocument(string Title, string Description, IReadOnlyList<OgcLink> Links);

public sealed record ConformanceDocument(IReadOnlyList<string> ConformsTo);

public sealed record SpatialExtent(IReadOnlyList<double[]> Bbox, string Crs);

public sealed record TemporalExtent(IReadOnlyList<string?[]> Interval, string Trs);

public sealed record CollectionExtent(SpatialExtent Spatial, TemporalExtent? Temporal);

public sealed record CollectionDocument(
    string Id, string Title, string Description, IReadOnlyList<OgcLink> Links, CollectionExtent Extent, string ItemType,
    IReadOnlyList<string> Crs, string StorageCrs);

public sealed record CollectionsDocument(IReadOnlyList<OgcLink> Links, IReadOnlyList<CollectionDocument> Collections, IReadOnlyList<string> Crs);

public sealed record FeatureDocument(object Id, Geometry? Geometry, object Properties, IReadOnlyList<OgcLink>? Links)
{
    public string Type => "Feature";
}

public sealed record ItemsDocument(IReadOnlyList<FeatureDocument> Features, int NumberMatched, int NumberReturned, DateTimeOffset TimeStamp, IReadOnlyList<OgcLink> Links)
{
    public string Type => "FeatureCollection";
}

/// <summary>The documents of the OGC API as JSON answers them; the HTML pages draw the same documents.</summary>
public static class OgcDocuments
{
    public static LandingDocument Landing(string root, IStringLocalizer<Strings> L) => new(L["OgcTitle"], L["OgcIntro"],
        [
            new(root + "?f=json", "self", OgcApi.Json, L["OgcAsJson"]),
            new(root + "?f=html", "alternate", "text/html", L["OgcAsHtml"]),
            new(root + "/api", "service-desc", OgcApi.OpenApi, L["OgcApiDocument"]),
            new(root + "/api?f=html", "service-doc", "text/html", L["OgcApiDocument"] + " (HTML)"),
            new(root + "/conformance", "conformance", OgcApi.Json, L["OgcConformance"]),
            new(root + "/collections", "data", OgcApi.Json, L["OgcCollections"]),
        ]);

    /// <summary>The self link as JSON and its HTML alternate.</summary>
    public static IReadOnlyList<OgcLink> Links(string url, IStringLocalizer<Strings> L) =>
        [new(url + "?f=json", "self", OgcApi.Json, L["OgcAsJson"]), new(url + "?f=html", "alternate", "text/html", L["OgcAsHtml"])];

    public static CollectionDocument Collection(string root, OgcCollection collection, DistrictCatalog districts, IStringLocalizer<Strings> L)
    {
        var url = $"{root}/collections/{collection.Id}";
        var extent = districts.ServiceArea;
        var english = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        return new CollectionDocument(
            collection.Id,
            english ? collection.TitleEn : collection.TitleSv,
            english ? collection.DescriptionEn : collection.DescriptionSv,
            [.. Links(url, L), new(url + "/items?f=json", "items", OgcApi.GeoJson, L["OgcItems"]), new(url + "/items?f=html", "items", "text/html", L["OgcItems"])],
            new CollectionExtent(
                new SpatialExtent([[extent.MinX, extent.MinY, extent.MaxX, extent.MaxY]], FeatureCrsUris.Crs84),
                collection.Temporal ? new TemporalExtent([[null, null]], "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian") : null),
            "feature",
            [FeatureCrsUris.Crs84, FeatureCrsUris.Sweref99Tm],
            FeatureCrsUris.Crs84);
    }

    public static ItemsDocument Items(HttpRequest request, string root, OgcCollection collection, FeatureQuery query, OgcPage page, DateTimeOffset now, IStringLocalizer<Strings> L)
    {
        var url = $"{root}/collections/{collection.Id}/items";
        var links = new List<OgcLink>
        {
            new(PageUrl(request, url, query.Offset, query.Limit, "json"), "self", OgcApi.GeoJson, L["OgcAsJson"]),
            new(PageUrl(request, url, query.Offset, query.Limit, "html"), "alternate", "text/html", L["OgcAsHtml"]),
            new($"{root}/collections/{collection.Id}", "collection", OgcApi.Json, L["OgcCollection"]),
        };
        if (query.Offset + page.Items.Count < page.Matched)
            links.Add(new(PageUrl(request, url, query.Offset + query.Limit, query.Limit, Format(request)), "next", FormatType(request), L["OgcNext"]));
        if (query.Offset > 0)
            links.Add(new(PageUrl(request, url, Math.Max(0, query.Offset - query.Limit), query.Limit, Format(request)), "prev", FormatType(request), L["OgcPrevious"]));
        var features = page.Items.Select(i => new FeatureDocument(i.Id, OgcGeometry.In(i.Geometry, query.Crs), i.Properties, null)).ToList();
        return new ItemsDocument(features, page.Matched, features.Count, now, links);
    }

    public static FeatureDocument Feature(HttpRequest request, string root, OgcCollection collection, OgcItem item, FeatureCrs crs, IStringLocalizer<Strings> L)
    {
        var url = $"{root}/collections/{collection.Id}/items/{Uri.EscapeDataString(Convert.ToString(item.Id, System.Globalization.CultureInfo.InvariantCulture)!)}";
        var crsQuery = request.Query.ContainsKey("crs") ? "&crs=" + Uri.EscapeDataString(FeatureCrsUris.Of(crs)) : "";
        return new FeatureDocument(item.Id, OgcGeometry.In(item.Geometry, crs), item.Properties,
        [
            new(url + "?f=json" + crsQuery, "self", OgcApi.GeoJson, L["OgcAsJson"]),
            new(url + "?f=html" + crsQuery, "alternate", "text/html", L["OgcAsHtml"]),
            new($"{root}/collections/{collection.Id}", "collection", OgcApi.Json, L["OgcCollection"]),
        ]);
    }

    private static string Format(HttpRequest request) => OgcApi.WantsHtml(request) ? "html" : "json";

    private static string FormatType(HttpRequest request) => OgcApi.WantsHtml(request) ? "text/html" : OgcApi.GeoJson;

    /// <summary>The same query at another offset: every parameter kept, offset, limit and f set.</summary>
    private static string PageUrl(HttpRequest request, string url, int offset, int limit, string format)
    {
        var query = request.Query
            .Where(q => q.Key is not ("offset" or "limit" or "f"))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new("f", format))
            .Append(new("limit", OgcApi.Number(limit)))
            .Append(new("offset", OgcApi.Number(offset)));
        return url + QueryString.Create(query).ToUriComponent();
    }
}

/// <summary>Geometries in the CRS asked for: CRS84 as stored, EPSG:3006 in metres, northing first as EPSG defines its axes.</summary>
public static class OgcGeometry
{
    public static Geometry? In(Geometry? lonLat, FeatureCrs crs)
    {
        if (lonLat is null || crs == FeatureCrs.Crs84)
            return lonLat;
        var grid = Sweref99Tm.Project(lonLat);
        grid.Apply(new NorthingFirst());
        return grid;
    }

    private sealed class NorthingFirst : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var (easting, northing) = (seq.GetX(i), seq.GetY(i));
            seq.SetX(i, Math.Round(northing, 3));
            seq.SetY(i, Math.Round(easting, 3));
        }
    }
}
