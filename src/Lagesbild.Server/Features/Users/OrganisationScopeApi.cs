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

        organisations.MapGet("/{id:int}/scope", async Task<Results<Ok<OrganisationScope>, NotFound>> (int id, Organisations organisations, CancellationToken ct) =>
            await organisations.ScopeAsync(id, ct) is { } scope ? TypedResults.Ok(scope) : TypedResults.NotFound())
            .WithSummary("An organisation's area (districts) and guarded sites (administrators only).");

        organisations.MapPut("/{id:int}/areas", async (int id, AreasRequest request, ClaimsPrincipal principal, Organisations organisations, CancellationToken ct) =>
            (await organisations.SetAreasAsync(id, request, CurrentUser.From(principal), ct)).ToResult())
            .WithSummary("Scope an organisation to districts and/or stadsdelsområden ({districts:[ids], boroughs:[names]}); empty is the whole city (administrators only).");

        organisations.MapPut("/{id:int}/guarded-sites", async (int id, GuardedSitesRequest request, ClaimsPrincipal principal, Organisations organisations, CancellationToken ct) =>
            (await organisations.SetGuardedSitesAsync(id, request, CurrentUser.From(principal), ct)).ToResult())
            .WithSummary("Set the sites a guard company guards by contract ({sites:[ids]}); its guards see those sites' sensors, access notes and rounds (administrators only).");

        return api;
    }
}
