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
        .WithSummary("Stockholm's 117 districts (stadsdelar) with their borough (stadsdelsområde), as GeoJSON.");

        group.MapGet("/{id:int}", async Task<Results<Ok<Feature<DistrictProperties>>, NotFound>> (int id, LagesbildDb db, CancellationToken ct) =>
            await db.Districts.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct) is { } district
                ? TypedResults.Ok(Feature(district))
                : TypedResults.NotFound())
        .WithSummary("One district as a GeoJSON feature.");

        return api;
    }

    private static Feature<DistrictProperties> Feature(District d) => new(d.Id, d.Area, new DistrictProperties(d.Name, d.Borough));
}
