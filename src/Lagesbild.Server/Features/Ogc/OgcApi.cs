using System.Globalization;
using System.Security.Claims;
using Lagesbild.Core.Geo;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Districts;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Lagesbild.Server.Features.Ogc;

/// <summary>
/// OGC API - Features, Part 1 (Core, GeoJSON, HTML, OpenAPI 3.0) and Part 2 (CRS by reference: CRS84 and EPSG:3006),
/// so that QGIS, ArcGIS Pro and GDAL read the layers a role may read, with the same sign-in as /api.
/// </summary>
public static class OgcApi
{
    public const string GeoJson = "application/geo+json";
    public const string Json = "application/json";
    public const string OpenApi = "application/vnd.oai.openapi+json;version=3.0";

    public static readonly string[] ConformsTo =
    [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    ];

    private static readonly string[] ItemParameters = ["f", "bbox", "bbox-crs", "datetime", "limit", "offset", "crs", "culture", "ui-culture"];
    private static readonly string[] FeatureParameters = ["f", "crs", "datetime", "culture", "ui-culture"];

    public static RouteGroupBuilder MapOgcApi(this RouteGroupBuilder ogc)
    {
        ogc.MapGet("/", (HttpRequest request, IStringLocalizer<Strings> L, IOptions<JsonOptions> json) =>
            Answer(request, L, json, Json, OgcDocuments.Landing(Base(request), L), d => OgcPages.Landing(d, L)));

        ogc.MapGet("/conformance", (HttpRequest request, IStringLocalizer<Strings> L, IOptions<JsonOptions> json) =>
            Answer(request, L, json, Json, new ConformanceDocument(ConformsTo), d => OgcPages.Conformance(d, L)));

        ogc.MapGet("/api", (HttpRequest request, IStringLocalizer<Strings> L, IOptions<JsonOptions> json) =>
            Answer(request, L, json, OpenApi, OgcOpenApi.Document(Base(request)), _ => OgcPages.Api(Base(request), L)));

        ogc.MapGet("/collections", (HttpRequest request, ClaimsPrincipal principal, DistrictCatalog districts, IStringLocalizer<Strings> L, IOptions<JsonOptions> json) =>
        {
            var collections = OgcCollections.ReadableBy(CurrentUser.From(principal).Roles).Select(c => OgcDocuments.Collection(Base(request), c, districts, L)).ToList();
            return Answer(request, L, json, Json, new CollectionsDocument(OgcDocuments.Links(Base(request) + "/collections", L), collections, [FeatureCrsUris.Crs84, FeatureCrsUris.Sweref99Tm]),
                d => OgcPages.Collections(d, L));
        });

        ogc.MapGet("/collections/{collectionId}", (string collectionId, HttpRequest request, ClaimsPrincipal principal, DistrictCatalog districts, IStringLocalizer<Strings> L, IOptions<JsonOptions> json) =>
            Find(collectionId, principal) is not { } collection
                ? NotFound(collectionId)
                : Answer(request, L, json, Json, OgcDocuments.Collection(Base(request), collection, districts, L), d => OgcPages.Collection(d, L)));

        ogc.MapGet("/collections/{collectionId}/items", async (string collectionId, HttpRequest request, HttpResponse response, ClaimsPrincipal principal,
            OgcCollections collections, IStringLocalizer<Strings> L, IOptions<JsonOptions> json, TimeProvider time, CancellationToken ct) =>
        {
            if (Find(collectionId, principal) is not { } collection)
                return NotFound(collectionId);
            if (!TryQuery(request, ItemParameters, out var query, out var problem))
                return problem;
            var page = await collections.ItemsAsync(collection, query, CurrentUser.From(principal), ct);
            response.Headers["Content-Crs"] = $"<{FeatureCrsUris.Of(query.Crs)}>";
            var document = OgcDocuments.Items(request, Base(request), collection, query, page, time.GetUtcNow(), L);
            return Answer(request, L, json, GeoJson, document, d => OgcPages.Items(d, collection, L, json.Value.SerializerOptions));
        });

        ogc.MapGet("/collections/{collectionId}/items/{featureId}", async (string collectionId, string featureId, HttpRequest request, HttpResponse response,
            ClaimsPrincipal principal, OgcCollections collections, IStringLocalizer<Strings> L, IOptions<JsonOptions> json, CancellationToken ct) =>
        {
            if (Find(collectionId, principal) is not { } collection)
                return NotFound(collectionId);
            if (!TryQuery(request, FeatureParameters, out var query, out var problem))
                return problem;
            if (await collections.ItemAsync(collection, featureId, query, CurrentUser.From(principal), ct) is not { } item)
                return NotFound(featureId, "featureId");
            response.Headers["Content-Crs"] = $"<{FeatureCrsUris.Of(query.Crs)}>";
            var document = OgcDocuments.Feature(request, Base(request), collection, item, query.Crs, L);
            return Answer(request, L, json, GeoJson, document, d => OgcPages.Feature(d, collection, L, json.Value.SerializerOptions));
        });

        return ogc;
    }

    /// <summary>The API's root as the client reached it, for the links.</summary>
    public static string Base(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/ogc";

    private static OgcCollection? Find(string id, ClaimsPrincipal principal) =>
        OgcCollections.ReadableBy(CurrentUser.From(principal).Roles).FirstOrDefault(c => c.Id == id);

    private static IResult NotFound(string id, string field = "collectionId") =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [$"'{id}' is not known here."] } });

    private static bool TryQuery(HttpRequest request, string[] known, out FeatureQuery query, out IResult problem)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var unknown in request.Query.Keys.Where(k => !known.Contains(k, StringComparer.Ordinal)))
            errors[unknown] = [$"'{unknown}' is not a parameter of this request. Known: {string.Join(", ", known)}."];
        string? One(string name) => request.Query.TryGetValue(name, out var values) ? values.ToString() : null;
        query = FeatureQuery.Parse(One("bbox"), One("bbox-crs"), One("datetime"), One("limit"), One("offset"), One("crs"), errors);
        if (FormatError(request) is { } formatError)
            errors["f"] = [formatError];
        problem = TypedResults.ValidationProblem(errors);
        return errors.Count == 0;
    }

    private static string? FormatError(HttpRequest request) =>
        request.Query.TryGetValue("f", out var f) && f.ToString() is not ("json" or "html") ? "f must be json or html." : null;

    /// <summary>HTML when f=html or when the client prefers text/html (a browser); else JSON.</summary>
    public static bool WantsHtml(HttpRequest request)
    {
        if (request.Query.TryGetValue("f", out var f))
            return f.ToString() == "html";
        var accept = request.GetTypedHeaders().Accept;
        var best = accept.OrderByDescending(a => a.Quality ?? 1).FirstOrDefault(a =>
            a.MediaType.Value is "text/html" or Json or GeoJson or "application/vnd.oai.openapi+json" or "*/*");
        return best?.MediaType.Value == "text/html";
    }

    private static IResult Answer<T>(HttpRequest request, IStringLocalizer<Strings> L, IOptions<JsonOptions> json, string contentType, T document, Func<T, string> html)
    {
        if (FormatError(request) is { } error)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["f"] = [error] });
        return WantsHtml(request)
            ? TypedResults.Content(html(document), "text/html; charset=utf-8")
            : TypedResults.Json(document, json.Value.SerializerOptions, contentType);
    }

    internal static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
