using System.Globalization;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Districts;

/// <summary>
/// The city's own base map: tiles in a folder (<see cref="MapOptions.TileDirectory"/>, laid out {z}/{x}/{y}.png),
/// served at <see cref="Route"/> to anyone, signed in or not (the residents' map uses them too), and cached by
/// browsers for a week. For a city network that may not reach an outside tile server. Only whole numbers and the
/// image types below make a path, so no request can reach outside the folder.
/// </summary>
public static class LocalTiles
{
    public const string Route = "/tiles/{z:int:range(0,22)}/{x:int:min(0)}/{y:int:min(0)}.{format}";

    private static readonly Dictionary<string, string> Formats = new(StringComparer.Ordinal)
    {
        ["png"] = "image/png",
        ["jpg"] = "image/jpeg",
        ["jpeg"] = "image/jpeg",
        ["webp"] = "image/webp",
    };

    public static IEndpointRouteBuilder MapLocalTiles(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, IResult (int z, int x, int y, string format, HttpResponse response, IOptions<MapOptions> options) =>
        {
            var directory = options.Value.TileDirectory;
            if (string.IsNullOrWhiteSpace(directory) || !Formats.TryGetValue(format, out var contentType))
                return TypedResults.NotFound();
            var file = Path.Combine(Path.GetFullPath(directory), z.ToString(CultureInfo.InvariantCulture), x.ToString(CultureInfo.InvariantCulture),
                $"{y.ToString(CultureInfo.InvariantCulture)}.{format}");
            if (!File.Exists(file))
                return TypedResults.NotFound();
            response.Headers.CacheControl = "public, max-age=604800";
            return TypedResults.PhysicalFile(file, contentType);
        })
        .AllowAnonymous()
        .ExcludeFromDescription();
        return app;
    }
}
