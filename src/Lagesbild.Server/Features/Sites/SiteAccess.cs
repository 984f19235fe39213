using Lagesbild.Core.Access;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;

namespace Lagesbild.Server.Features.Sites;

/// <summary>Which sites a user sees: the city's roles all of them, school staff their own organisation's.</summary>
public static class SiteAccess
{
    public static IQueryable<Site> VisibleTo(this IQueryable<Site> sites, CurrentUser user) =>
        Permissions.SeesAllSites(user.Roles) ? sites : sites.Where(s => s.OrganisationId == user.OrganisationId);

    /// <summary>
    /// The sites whose sensors (and their access notes), rounds, findings and photos a user sees: all for the city's
    /// roles; a school's own; a guard company's by contract. Without a contract a guard sees none of them.
    /// </summary>
    public static IQueryable<Site> OperatedBy(this IQueryable<Site> sites, CurrentUser user, IQueryable<GuardContract> contracts) =>
        Permissions.SeesAllSiteOperations(user.Roles)
            ? sites
            : sites.Where(s => s.OrganisationId == user.OrganisationId || contracts.Any(c => c.SiteId == s.Id && c.OrganisationId == user.OrganisationId));

    public static bool Sees(this CurrentUser user, Site site) =>
        Permissions.SeesAllSites(user.Roles) || site.OrganisationId == user.OrganisationId;
}
