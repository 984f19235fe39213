using System.Security.Claims;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Observations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lagesbild.Server.Features.Picture;

public static class PictureApi
{
    public static RouteGroupBuilder MapPictureApi(this RouteGroupBuilder api)
    {
        api.MapGet("/lagesbild", async Task<Results<BufferedJson<PictureResponse>, ValidationProblem>> (
            int? district, string? bbox, string? from, string? to, string? hours, string? categories,
            ClaimsPrincipal principal, PictureService pictures, CancellationToken ct) =>
        {
            if (!ObservationFilter.TryParse(bbox, district, from, to, hours, categories, out var filter, out var errors))
                return TypedResults.ValidationProblem(errors);
            return new BufferedJson<PictureResponse>(await pictures.BuildAsync(filter, CurrentUser.From(principal), ct));
        })
        .WithTags("Lägesbild")
        .WithSummary("The picture for an area (district or bbox) and a window (from/to, default the last 28 days; hours of week; categories): " +
            "counts on 250 m SWEREF 99 TM cells, 168 hour-of-week counts (aoristic), counts by category, and the scenes.");
        return api;
    }
}
