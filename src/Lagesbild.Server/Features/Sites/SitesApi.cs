using System.Security.Claims;
using Lagesbild.Core.Access;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Sites;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Lagesbild.Server.Features.Sites;

/// <summary>Schools and preschools: their place, yard and opening calendar, and whether they are open now.</summary>
public static class SitesApi
{
    public static RouteGroupBuilder MapSitesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/sites").WithTags("Sites");

        group.MapGet("/", async (string? kind, int? district, ClaimsPrincipal principal, SiteViews views, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var kinds = QueryValues.ParseNames<SiteKind>(kind, "kind", errors);
            if (errors.Count > 0)
                return (IResult)TypedResults.ValidationProblem(errors);
            return TypedResults.Ok(GeoJson.Collection(await views.ListAsync(CurrentUser.From(principal), kinds, district, ct)));
        })
        .Produces<FeatureCollection<SiteProperties>>()
        .WithSummary("Schools, preschools and other sites as GeoJSON points, filtered by kind (comma list) and district; each says whether it is open now. School staff see their own organisation's sites only.");

        group.MapGet("/{id:int}", async Task<Results<Ok<Feature<SiteProperties>>, NotFound>> (int id, ClaimsPrincipal principal, SiteViews views, CancellationToken ct) =>
            await views.GetAsync(id, CurrentUser.From(principal), ct) is { } site ? TypedResults.Ok(site) : TypedResults.NotFound())
        .WithSummary("One site with its opening hours, exceptions, yard and whether it is open now.");

        group.MapPost("/", async (SiteRequest request, ClaimsPrincipal principal, LagesbildDb db, SiteViews views, TimeProvider time, CancellationToken ct) =>
        {
            var now = time.GetUtcNow();
            var site = new Site { Name = "", Location = PolygonInput.Wgs84.CreatePoint(new Coordinate(0, 0)), CreatedAt = now };
            var outcome = await views.SaveAsync(site, request, CurrentUser.From(principal), ct);
            return outcome.ToCreated(f => $"/api/sites/{f.Id}");
        })
        .WithSummary("Register a site: name, kind, position, yard polygon, opening hours per weekday and exceptions (administrators and coordinators).");

        group.MapPut("/{id:int}", async (int id, SiteRequest request, ClaimsPrincipal principal, SiteViews views, CancellationToken ct) =>
            (await views.UpdateAsync(id, request, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("Update a site, its yard, hours and exceptions, and whether it is flagged for morning rounds.");

        group.MapPost("/import", async (HttpRequest http, ClaimsPrincipal principal, SiteImport import, CancellationToken ct) =>
        {
            using var reader = new StreamReader(http.Body);
            var text = await reader.ReadToEndAsync(ct);
            return (await import.ImportAsync(text, CurrentUser.From(principal), ct)).ToResult();
        })
        .WithSummary("Import sites from CSV with the columns name, kind, lat, lon, hours (\"mon-fri 06:30-18:00; sat 09:00-13:00\") and optionally organisation. A site with the same name and kind is updated. All rows or none.");

        group.MapGet("/exposure", async (int? radius, ClaimsPrincipal principal, ExposureService exposure, CancellationToken ct) =>
        {
            if (radius is < 50 or > 3000)
                return (IResult)TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["radius"] = ["radius must be between 50 and 3000 metres."] });
            return TypedResults.Ok(await exposure.RankAsync(CurrentUser.From(principal), radius ?? Lagesbild.Core.Sites.Exposure.DefaultRadiusMetres, null, ct));
        })
        .Produces<IReadOnlyList<SiteExposure>>()
        .WithSummary("Sites ranked by exposure: findings on rounds in the last 30 days and active scenes within the radius (default 500 m), with each scene's share of activity inside and outside the site's opening hours.");

        group.MapGet("/{id:int}/presence", async Task<Results<Ok<PresenceWeek>, NotFound>> (int id, ClaimsPrincipal principal, PresenceService presence, CancellationToken ct) =>
            await presence.GetAsync(id, CurrentUser.From(principal), ct) is { } week ? TypedResults.Ok(week) : TypedResults.NotFound())
        .WithSummary("Adults planned in the yard per weekday, and the open hours with nobody planned, marked where they meet nearby scenes' active hours.");

        group.MapPut("/{id:int}/presence", async (int id, PresenceRequest request, ClaimsPrincipal principal, PresenceService presence, CancellationToken ct) =>
            (await presence.PlanAsync(id, request, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("Replace the planned presence slots of a site (school managers of the site, coordinators, administrators).");

        return api;
    }
}
