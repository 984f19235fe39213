using Lagesbild.Core.Geo;
using Lagesbild.Core.Residents;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using NetTopologySuite.Geometries;

namespace Lagesbild.Server.Features.Residents;

/// <summary>A 250 m cell of the public map: how many reports, and the district it lies in.</summary>
public sealed record PublicCellProperties(int Count, string? District);

/// <summary>
/// The public map's data, with no sign-in: residents' reports of the last 90 days counted per 250 m cell, cells
/// with fewer than five reports left out. No points, no text, no observations, scenes, schools or police data.
/// The public page draws exactly this.
/// </summary>
public static class PublicMapApi
{
    public const string Path = "/public/v1/report-cells";

    public static IEndpointRouteBuilder MapPublicMap(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, async (ServiceRequests requests, DistrictCatalog districts, CancellationToken ct) =>
            TypedResults.Ok(Cells(await requests.PublicCellsAsync(ct), districts)))
            .AllowAnonymous()
            .WithTags("Residents")
            .WithSummary("The public map: counts of residents' reports of the last 90 days per 250 m cell (GeoJSON polygons), only cells with at least five reports.");
        return app;
    }

    public static FeatureCollection<PublicCellProperties> Cells(IReadOnlyList<(GridCell Cell, int Count)> cells, DistrictCatalog districts) =>
        GeoJson.Collection(cells.Select(c =>
        {
            var centre = c.Cell.CentreLonLat;
            var districtId = districts.Index.Locate(centre.Lon, centre.Lat);
            return new Feature<PublicCellProperties>(c.Cell.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), Outline(c.Cell),
                new PublicCellProperties(c.Count, districts.NameOf(districtId)));
        }));

    /// <summary>The cell's square in WGS84, corners projected back from SWEREF 99 TM.</summary>
    private static Polygon Outline(GridCell cell)
    {
        var (min, max) = cell.Bounds;
        var corners = new[] { new GridPoint(min.X, min.Y), new GridPoint(max.X, min.Y), new GridPoint(max.X, max.Y), new GridPoint(min.X, max.Y), new GridPoint(min.X, min.Y) }
            .Select(p => Sweref99Tm.Unproject(p))
            .Select(p => new Coordinate(Math.Round(p.Lon, 6), Math.Round(p.Lat, 6)))
            .ToArray();
        return PolygonInput.Wgs84.CreatePolygon(corners);
    }
}
