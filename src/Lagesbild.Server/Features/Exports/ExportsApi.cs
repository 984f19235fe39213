using System.Security.Claims;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Exports;

public static class ExportsApi
{
    public const string GeoPackageType = "application/geopackage+sqlite3";

    public static RouteGroupBuilder MapExportsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/exports").WithTags("Exports");

        group.MapGet("/geopackage", async (string? from, string? to, string? district, string? borough, string? bbox, string? layers, string? crs,
            ClaimsPrincipal principal, GeoPackageExport export, DistrictCatalog districts, TimeProvider time, CancellationToken ct) =>
        {
            if (!ExportQuery.TryParse(from, to, district, borough, bbox, layers, crs, districts, time, out var query, out var errors))
                return (IResult)TypedResults.ValidationProblem(errors);
            var outcome = await export.WriteAsync(query, CurrentUser.From(principal), ct);
            if (outcome is not Outcome<byte[]>.Done { Value: var bytes })
                return outcome.ToResult();
            var day = Core.Time.Stockholm.ToLocal(query.To.AddTicks(-1));
            return TypedResults.File(bytes, GeoPackageType, $"lagesbild-{day:yyyy-MM-dd}.gpkg");
        })
        .Produces(StatusCodes.Status200OK, contentType: GeoPackageType)
        .WithSummary("A GeoPackage (OGC 1.3) with one layer per kind: observations, scenes (active at some time in the window), sites and measures (running in the window), " +
            "for a window (from, to; default the last 7 days, at most 366) and an area (district id, borough name or bbox; default the city), in crs EPSG:4326 (default) or EPSG:3006. " +
            "layers chooses some (comma list). Each layer holds what the reader may read at the matching route; coordinators, analysts, the police, social services and administrators. Audited.");
        return api;
    }
}
