using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Lagesbild.Server.Tests.Districts;

/// <summary>
/// Exempelby kommun, a fictional municipality near Uppsala made for these tests (Exempelby.geo.json): feature 0 the
/// municipality, 1 and 2 its boroughs Västra and Östra Exempel, 3 to 6 the districts Norrby, Söderby (Västra),
/// Ekbacken and Solhem (Östra), each a 0.1° x 0.06° rectangle.
/// </summary>
public static class AreaFiles
{
    public const string Settings = "17.5,59.75,17.8,59.97";

    /// <summary>Points inside each district, and one in central Stockholm.</summary>
    public const double NorrbyLon = 17.60, NorrbyLat = 59.89, SolhemLon = 17.70, SolhemLat = 59.83, StockholmLon = 18.0686, StockholmLat = 59.3293;

    public static JsonObject Exempelby() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Districts", "Exempelby.geo.json")))!.AsObject();

    public static JsonObject Feature(this JsonObject file, int index) => file["features"]![index]!.AsObject();

    public static JsonObject Properties(this JsonObject file, int index) => file.Feature(index)["properties"]!.AsObject();

    /// <summary>Exempelby with one change made to it.</summary>
    public static string With(Action<JsonObject> change)
    {
        var file = Exempelby();
        change(file);
        return file.ToJsonString();
    }

    /// <summary>A rectangle as Polygon coordinates, closed and counter-clockwise.</summary>
    public static JsonArray Rectangle(double west, double south, double east, double north) =>
        [new JsonArray(Position(west, south), Position(east, south), Position(east, north), Position(west, north), Position(west, south))];

    public static JsonArray Position(double lon, double lat) => [lon, lat];

    public static void SetPolygon(this JsonObject file, int index, JsonArray rings) =>
        file.Feature(index)["geometry"] = new JsonObject { ["type"] = "Polygon", ["coordinates"] = rings };

    public static async Task<HttpResponseMessage> PostAreasAsync(this HttpClient client, string body, bool replace = false)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/geo+json");
        return await client.PostAsync(replace ? "/api/areas/import?replace=true" : "/api/areas/import", content);
    }
}
