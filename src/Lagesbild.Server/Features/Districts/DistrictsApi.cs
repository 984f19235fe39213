using Lagesbild.Data;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Districts;

public sealed record DistrictProperties(string Name, string Borough);

public static class DistrictsApi
{
    public static RouteGroupBuilder MapDistrictsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/districts").WithTags("Districts");

        group.MapGet("/", async (string? borough, LagesbildDb db, CancellationToken ct) =>
        {
            var query = db.Districts.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(borough))
                query = query.Where(d => d.Borough == borough);
            var districts = await query.OrderBy(d => d.Name).ToListAsync(ct);
            return TypedResults.Ok(GeoJson.Collection(districts.Select(Feature)));
        })
        .WithSummary("The municipality's districts (stadsdelar; Stockholm's 117 by default) with their borough (stadsdelsområde), as GeoJSON.");

        group.MapGet("/{id:int}", async Task<Results<Ok<Feature<DistrictProperties>>, NotFound>> (int id, LagesbildDb db, CancellationToken ct) =>
            await db.Districts.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct) is { } district
                ? TypedResults.Ok(Feature(district))
                : TypedResults.NotFound())
        .WithSummary("One district as a GeoJSON feature.");

        return api;
    }

    public const string PublicPath = "/public/v1/districts";

    /// <summary>
    /// The districts for the residents' pages, with no sign-in: the city's open data (CC0), so that the public map
    /// and the report form show where things are even when the tile server cannot be reached.
    /// </summary>
    public static IEndpointRouteBuilder MapPublicDistrictsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(PublicPath, async (HttpResponse response, LagesbildDb db, CancellationToken ct) =>
        {
            var districts = await db.Districts.AsNoTracking().OrderBy(d => d.Name).ToListAsync(ct);
            response.Headers.CacheControl = "public, max-age=86400";
            return TypedResults.Ok(GeoJson.Collection(districts.Select(Feature)));
        })
        .AllowAnonymous()
        .WithTags("Residents")
        .WithSummary("The city's districts (stadsdelar) with their borough, as GeoJSON, for the residents' map: open data, no sign-in.");
        return app;
    }

    private static Feature<DistrictProperties> Feature(District d) => new(d.Id, d.Area, new DistrictProperties(d.Name, d.Borough));
}
