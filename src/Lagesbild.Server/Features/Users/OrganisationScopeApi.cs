using System.Globalization;
using System.Security.Claims;
using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Users;

/// <summary>The districts (or stadsdelsområden) an organisation sees in detail; none is the whole city.</summary>
public sealed record AreasRequest([property: IdList] int[]? Districts, [property: IdList] string[]? Boroughs);

/// <summary>The sites a guard company guards by contract.</summary>
public sealed record GuardedSitesRequest([property: IdList] int[]? Sites);

public sealed record OrganisationScope(int OrganisationId, string Name, OrganisationKind Kind, IReadOnlyList<int> Districts, IReadOnlyList<int> GuardedSites);

/// <summary>
/// How the administrator scopes an organisation: its area (a coordinator of one stadsdelsområde sees it in detail and
/// the rest of the city as counts) and, for a guard company, the sites it guards. Each change is audited.
/// </summary>
public static class OrganisationScopeApi
{
    public static RouteGroupBuilder MapOrganisationScopeApi(this RouteGroupBuilder api)
    {
        var organisations = api.MapGroup("/organisations").WithTags("Users").AddEndpointFilter(AdminOnly.Filter("scope organisations"));

        organisations.MapGet("/{id:int}/scope", async Task<Results<Ok<OrganisationScope>, NotFound>> (int id, LagesbildDb db, CancellationToken ct) =>
            await ScopeAsync(db, id, ct) is { } scope ? TypedResults.Ok(scope) : TypedResults.NotFound())
            .WithSummary("An organisation's area (districts) and guarded sites (administrators only).");

        organisations.MapPut("/{id:int}/areas", async Task<Results<Ok<OrganisationScope>, NotFound, ValidationProblem, ProblemHttpResult>> (
            int id, AreasRequest request, ClaimsPrincipal principal, LagesbildDb db, AuditTrail audit, CancellationToken ct) =>
        {
            if (!await db.Organisations.AnyAsync(o => o.Id == id, ct))
                return TypedResults.NotFound();
            var known = await db.Districts.AsNoTracking().Select(d => new { d.Id, d.Borough }).ToListAsync(ct);
            var errors = new Dictionary<string, string[]>();
            var districts = (request.Districts ?? []).Distinct().ToList();
            if (districts.Where(d => known.All(k => k.Id != d)).Cast<int?>().FirstOrDefault() is { } unknown)
                errors["districts"] = [string.Create(CultureInfo.InvariantCulture, $"No district has the id {unknown}.")];
            foreach (var borough in request.Boroughs ?? [])
            {
                var inBorough = known.Where(k => string.Equals(k.Borough, borough, StringComparison.OrdinalIgnoreCase)).Select(k => k.Id).ToList();
                if (inBorough.Count == 0)
                    errors["boroughs"] = ["No stadsdelsområde has this name."];
                districts.AddRange(inBorough);
            }
            if (errors.Count > 0)
                return TypedResults.ValidationProblem(errors);
            // One write: the old areas out, the new in, and the audit entry.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.OrganisationAreas.Where(a => a.OrganisationId == id).ExecuteDeleteAsync(ct);
            db.OrganisationAreas.AddRange(districts.Distinct().Select(d => new OrganisationArea { OrganisationId = id, DistrictId = d }));
            audit.Add(CurrentUser.From(principal), "set-areas", nameof(Organisation), id.ToString(CultureInfo.InvariantCulture), Classification.Internal,
                detail: "districts " + string.Join(',', districts.Distinct().Order()));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return TypedResults.Ok((await ScopeAsync(db, id, ct))!);
        })
        .WithSummary("Scope an organisation to districts and/or stadsdelsområden ({districts:[ids], boroughs:[names]}); empty is the whole city (administrators only).");

        organisations.MapPut("/{id:int}/guarded-sites", async Task<Results<Ok<OrganisationScope>, NotFound, ValidationProblem, ProblemHttpResult>> (
            int id, GuardedSitesRequest request, ClaimsPrincipal principal, LagesbildDb db, AuditTrail audit, TimeProvider time, CancellationToken ct) =>
        {
            var organisation = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
            if (organisation is null)
                return TypedResults.NotFound();
            if (organisation.Kind != OrganisationKind.GuardCompany)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["organisation"] = ["Only a guard company guards sites."] });
            var sites = (request.Sites ?? []).Distinct().ToList();
            var known = await db.Sites.AsNoTracking().Where(s => sites.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
            if (sites.Where(s => !known.Contains(s)).Cast<int?>().FirstOrDefault() is { } unknown)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sites"] = [string.Create(CultureInfo.InvariantCulture, $"No site has the id {unknown}.")] });
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.GuardContracts.Where(c => c.OrganisationId == id).ExecuteDeleteAsync(ct);
            db.GuardContracts.AddRange(sites.Select(s => new GuardContract { OrganisationId = id, SiteId = s, CreatedAt = time.GetUtcNow() }));
            audit.Add(CurrentUser.From(principal), "set-guarded-sites", nameof(Organisation), id.ToString(CultureInfo.InvariantCulture), Classification.Internal,
                detail: "sites " + string.Join(',', sites.Order()));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return TypedResults.Ok((await ScopeAsync(db, id, ct))!);
        })
        .WithSummary("Set the sites a guard company guards by contract ({sites:[ids]}); its guards see those sites' sensors, access notes and rounds (administrators only).");

        return api;
    }

    private static async Task<OrganisationScope?> ScopeAsync(LagesbildDb db, int id, CancellationToken ct)
    {
        var organisation = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
        if (organisation is null)
            return null;
        var districts = await db.OrganisationAreas.AsNoTracking().Where(a => a.OrganisationId == id).Select(a => a.DistrictId).OrderBy(d => d).ToListAsync(ct);
        var sites = await db.GuardContracts.AsNoTracking().Where(c => c.OrganisationId == id).Select(c => c.SiteId).OrderBy(s => s).ToListAsync(ct);
        return new OrganisationScope(organisation.Id, organisation.Name, organisation.Kind, districts, sites);
    }
}
