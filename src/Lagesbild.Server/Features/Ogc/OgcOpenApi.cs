using Lagesbild.Core.Geo;

namespace Lagesbild.Server.Features.Ogc;

/// <summary>
/// The OpenAPI 3.0 document of the OGC endpoints, written by hand: the framework's generator describes /api for the
/// product's reference, while GIS clients read limits and parameters from this one (GDAL takes its page size here).
/// </summary>
public static class OgcOpenApi
{
    public static Dictionary<string, object> Document(string root)
    {
        static Dictionary<string, object> Ref(string name) => new() { ["$ref"] = $"#/components/parameters/{name}" };
        static Dictionary<string, object> Get(string summary, string id, IEnumerable<Dictionary<string, object>> parameters, params string[] types) => new()
        {
            ["get"] = new Dictionary<string, object>
            {
                ["summary"] = summary,
                ["operationId"] = id,
                ["parameters"] = parameters.Append(Ref("f")).ToArray(),
                ["responses"] = new Dictionary<string, object>
                {
                    ["200"] = new Dictionary<string, object>
                    {
                        ["description"] = summary,
                        ["content"] = types.Append("text/html").ToDictionary(t => t, _ => (object)new Dictionary<string, object> { ["schema"] = new Dictionary<string, object> { ["type"] = "object" } }),
                    },
                    ["400"] = Problem("A parameter is not valid: the problem names it."),
                    ["401"] = Problem("Not signed in: send a personal API token (Bearer, or Basic with the token as password)."),
                    ["404"] = Problem("No such collection or feature, or not one your role may read."),
                },
            },
        };
        static Dictionary<string, object> Problem(string description) => new()
        {
            ["description"] = description,
            ["content"] = new Dictionary<string, object> { ["application/problem+json"] = new Dictionary<string, object> { ["schema"] = new Dictionary<string, object> { ["type"] = "object" } } },
        };
        static Dictionary<string, object> Parameter(string name, string @in, string description, Dictionary<string, object> schema, bool required = false, string style = "form", bool explode = false) => new()
        {
            ["name"] = name,
            ["in"] = @in,
            ["description"] = description,
            ["required"] = required,
            ["schema"] = schema,
            ["style"] = @in == "path" ? "simple" : style,
            ["explode"] = explode,
        };
        var crsSchema = new Dictionary<string, object> { ["type"] = "string", ["format"] = "uri", ["enum"] = new[] { FeatureCrsUris.Crs84, FeatureCrsUris.Sweref99Tm }, ["default"] = FeatureCrsUris.Crs84 };
        var collectionIds = new Dictionary<string, object> { ["type"] = "string", ["enum"] = OgcCollections.All.Select(c => c.Id).ToArray() };
        var collectionId = Parameter("collectionId", "path", "The collection's id.", collectionIds, required: true);
        var featureId = Parameter("featureId", "path", "The feature's id.", new() { ["type"] = "string" }, required: true);
        var json = new[] { OgcApi.Json };
        return new Dictionary<string, object>
        {
            ["openapi"] = "3.0.3",
            ["info"] = new Dictionary<string, object>
            {
                ["title"] = "Lägesbild OGC API - Features",
                ["version"] = "1.0.0",
                ["description"] = "Districts, boroughs, scenes, sites, measures, picture cells and observations, as each role may read them.",
            },
            ["servers"] = new[] { new Dictionary<string, object> { ["url"] = root } },
            ["security"] = new[] { new Dictionary<string, object> { ["bearer"] = Array.Empty<string>() }, new Dictionary<string, object> { ["basic"] = Array.Empty<string>() } },
            ["paths"] = new Dictionary<string, object>
            {
                ["/"] = Get("Landing page", "getLandingPage", [], json),
                ["/conformance"] = Get("The conformance classes", "getConformanceDeclaration", [], json),
                ["/api"] = Get("This document", "getApiDescription", [], "application/vnd.oai.openapi+json;version=3.0"),
                ["/collections"] = Get("The collections your role may read", "getCollections", [], json),
                ["/collections/{collectionId}"] = Get("One collection", "describeCollection", [collectionId], json),
                ["/collections/{collectionId}/items"] = Get("The collection's features", "getFeatures",
                    [collectionId, Ref("limit"), Ref("offset"), Ref("bbox"), Ref("bbox-crs"), Ref("datetime"), Ref("crs")], OgcApi.GeoJson),
                ["/collections/{collectionId}/items/{featureId}"] = Get("One feature (a picture cell of the window datetime chooses)", "getFeature", [collectionId, featureId, Ref("crs"), Ref("datetime")], OgcApi.GeoJson),
            },
            ["components"] = new Dictionary<string, object>
            {
                ["securitySchemes"] = new Dictionary<string, object>
                {
                    ["bearer"] = new Dictionary<string, object> { ["type"] = "http", ["scheme"] = "bearer", ["description"] = "A personal API token (lgb_…) or a token from POST /api/auth/login." },
                    ["basic"] = new Dictionary<string, object> { ["type"] = "http", ["scheme"] = "basic", ["description"] = "Any user name (your e-mail) and a personal API token as the password." },
                },
                ["parameters"] = new Dictionary<string, object>
                {
                    ["f"] = Parameter("f", "query", "The format: json or html (else the Accept header decides).", new() { ["type"] = "string", ["enum"] = new[] { "json", "html" } }),
                    ["limit"] = Parameter("limit", "query", $"At most this many features (1 to {FeatureQuery.MaxLimit}; more is answered as {FeatureQuery.MaxLimit}).",
                        new() { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = FeatureQuery.MaxLimit, ["default"] = FeatureQuery.DefaultLimit }),
                    ["offset"] = Parameter("offset", "query", "Skip this many features (the next links set it).", new() { ["type"] = "integer", ["minimum"] = 0, ["default"] = 0 }),
                    ["bbox"] = Parameter("bbox", "query", "minLon,minLat,maxLon,maxLat in CRS84, or minNorthing,minEasting,maxNorthing,maxEasting in EPSG:3006 (bbox-crs).",
                        new() { ["type"] = "array", ["minItems"] = 4, ["maxItems"] = 4, ["items"] = new Dictionary<string, object> { ["type"] = "number" } }),
                    ["bbox-crs"] = Parameter("bbox-crs", "query", "The CRS of bbox.", crsSchema),
                    ["crs"] = Parameter("crs", "query", "The CRS of the answer's geometries (the Content-Crs header names it).", crsSchema),
                    ["datetime"] = Parameter("datetime", "query", "An RFC 3339 instant or an interval (start/end, ../end, start/..). Measures: their period; picture cells: the window (default the last 28 days); observations: when they occurred.",
                        new() { ["type"] = "string" }),
                },
            },
        };
    }
}
