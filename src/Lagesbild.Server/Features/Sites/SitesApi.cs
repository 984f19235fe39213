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

        group.MapGet("/", async (string? kind, int? district, LagesbildDb db, DistrictCatalog districts, TimeProvider time, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var kinds = QueryValues.ParseNames<SiteKind>(kind, "kind", errors);
            if (errors.Count > 0)
                return (IResult)TypedResults.ValidationProblem(errors);
            var query = db.Sites.AsNoTracking();
            if (kinds.Count > 0)
                query = query.Where(s => kinds.Contains(s.Kind));
            if (district is { } id)
                query = query.Where(s => s.DistrictId == id);
            var now = time.GetUtcNow();
            var sites = await query.OrderBy(s => s.Name).ToListAsync(ct);
            return TypedResults.Ok(GeoJson.Collection(sites.Select(s => Feature(s, districts, now))));
        })
        .Produces<FeatureCollection<SiteProperties>>()
        .WithSummary("Schools, preschools and other sites as GeoJSON points, filtered by kind (comma list) and district; each says whether it is open now.");

        group.MapGet("/{id:int}", async Task<Results<Ok<Feature<SiteProperties>>, NotFound>> (int id, LagesbildDb db, DistrictCatalog districts, TimeProvider time, CancellationToken ct) =>
            await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) is { } site
                ? TypedResults.Ok(Feature(site, districts, time.GetUtcNow()))
                : TypedResults.NotFound())
        .WithSummary("One site with its opening hours, exceptions, yard and whether it is open now.");

        group.MapPost("/", async (SiteRequest request, ClaimsPrincipal principal, LagesbildDb db, DistrictCatalog districts, TimeProvider time, CancellationToken ct) =>
        {
            var now = time.GetUtcNow();
            var site = new Site { Name = "", Location = PolygonInput.Wgs84.CreatePoint(new Coordinate(0, 0)), CreatedAt = now };
            var outcome = await SaveAsync(site, request, CurrentUser.From(principal), db, districts, now, ct);
            return outcome.ToCreated(f => $"/api/sites/{f.Id}");
        })
        .WithSummary("Register a site: name, kind, position, yard polygon, opening hours per weekday and exceptions (administrators and coordinators).");

        group.MapPut("/{id:int}", async (int id, SiteRequest request, ClaimsPrincipal principal, LagesbildDb db, DistrictCatalog districts, TimeProvider time, CancellationToken ct) =>
        {
            var site = await db.Sites.SingleOrDefaultAsync(s => s.Id == id, ct);
            if (site is null)
                return new Outcome<Feature<SiteProperties>>.Missing().ToResult();
            return (await SaveAsync(site, request, CurrentUser.From(principal), db, districts, time.GetUtcNow(), ct)).ToResult();
        })
        .WithSummary("Update a site.");

        return api;
    }

    private static async Task<Outcome<Feature<SiteProperties>>> SaveAsync(
        Site site, SiteRequest request, CurrentUser user, LagesbildDb db, DistrictCatalog districts, DateTimeOffset now, CancellationToken ct)
    {
        if (!Permissions.CanManageSites(user.Roles))
            return new Outcome<Feature<SiteProperties>>.Refused("Only administrators and coordinators register schools and preschools.");
        var (lat, lon) = (request.Lat!.Value, request.Lon!.Value);
        if (!Core.Geo.Coordinates.IsValid(lon, lat) || !districts.InServiceArea(lon, lat))
            return Outcome<Feature<SiteProperties>>.Field("lat", "The position must lie in the city (lat/lon in or near Stockholm).");
        Polygon? yard = null;
        if (request.Yard is { } yardGeometry)
        {
            var parsed = yardGeometry.ToPolygon("yard");
            if (parsed.Error is { } yardError)
                return Outcome<Feature<SiteProperties>>.Field("yard", yardError);
            yard = parsed.Value;
        }
        var hours = request.OpeningHours!;
        var exceptions = request.Exceptions ?? [];
        var errors = SiteCalendar.Check(hours, exceptions);
        if (errors.Count > 0)
            return new Outcome<Feature<SiteProperties>>.Invalid(errors);
        if (request.OrganisationId is { } organisationId && !await db.Organisations.AnyAsync(o => o.Id == organisationId, ct))
            return Outcome<Feature<SiteProperties>>.Field("organisationId", "No organisation has this id.");

        site.Name = request.Name!.Trim();
        site.Kind = request.Kind!.Value;
        site.Location = PolygonInput.Wgs84.CreatePoint(new Coordinate(lon, lat));
        site.Yard = yard;
        site.DistrictId = districts.Index.Locate(lon, lat);
        site.OrganisationId = request.OrganisationId;
        site.OpeningHours = SiteCalendar.Write(hours);
        site.Exceptions = SiteCalendar.Write(exceptions);
        site.OpenDuringBreaks = request.OpenDuringBreaks ?? SiteSchedule.OpensDuringBreaksByDefault(site.Kind);
        site.UpdatedAt = now;
        if (site.Id == 0)
            db.Sites.Add(site);
        await db.SaveChangesAsync(ct);
        return Feature(site, districts, now);
    }

    private static Feature<SiteProperties> Feature(Site site, DistrictCatalog districts, DateTimeOffset now)
    {
        var hours = SiteCalendar.Read<DayHours>(site.OpeningHours);
        var exceptions = SiteCalendar.Read<ExceptionDay>(site.Exceptions);
        var schedule = SiteCalendar.Schedule(site.Kind, hours, exceptions, site.OpenDuringBreaks, Core.Time.Stockholm.ToLocal(now).Year);
        return new Feature<SiteProperties>(site.Id, site.Location, new SiteProperties(
            site.Name, site.Kind, site.DistrictId, districts.NameOf(site.DistrictId), site.OrganisationId,
            hours, site.OpenDuringBreaks, exceptions, schedule.IsOpenAt(now), site.Yard));
    }
}
