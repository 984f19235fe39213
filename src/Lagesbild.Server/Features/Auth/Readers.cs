using System.Globalization;
using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;
using Lagesbild.Data;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Auth;

/// <summary>
/// A signed-in user with the area they see in detail: null for the whole city; otherwise the districts of their
/// organisation's areas, of their own sites (schools), of the sites their company guards and of their patrol areas
/// (guards). Outside it they see counts, not records.
/// </summary>
public sealed record Reader(CurrentUser User, IReadOnlySet<int>? Districts)
{
    public IReadOnlyCollection<Role> Roles => User.Roles;

    /// <summary>Whether a place in this district lies inside the reader's area.</summary>
    public bool Covers(int? districtId) => Districts is null || (districtId is { } d && Districts.Contains(d));

    public Reach ReachOf(int? organisationId, int? districtId) =>
        organisationId == User.OrganisationId ? Reach.Own
        : Covers(districtId) ? Reach.Inside
        : Reach.Outside;

    public bool CanRead(Classification tier, Field field, int? organisationId, int? districtId) =>
        NeedToKnow.CanRead(Roles, tier, field, ReachOf(organisationId, districtId));

    public bool CanRead(Observation observation, Field field) =>
        CanRead(observation.Classification, field, observation.OrganisationId, observation.DistrictId);
}

/// <summary>Finds a user's area once per request or page operation.</summary>
public sealed class Readers(LagesbildDb db, TimeProvider time)
{
    private readonly Dictionary<int, Reader> _known = [];

    public async Task<Reader> OfAsync(CurrentUser user, CancellationToken ct)
    {
        if (_known.TryGetValue(user.Id, out var known))
            return known;
        var areas = await db.OrganisationAreas.AsNoTracking().Where(a => a.OrganisationId == user.OrganisationId).Select(a => a.DistrictId).ToListAsync(ct);
        var guarded = await db.GuardContracts.AsNoTracking().Where(c => c.OrganisationId == user.OrganisationId).Select(c => c.SiteId).ToListAsync(ct);
        HashSet<int>? districts = null;
        if (!NeedToKnow.SeesWholeCity(user.Roles, areas.Count > 0))
        {
            districts = [.. areas];
            var ownOrGuarded = await db.Sites.AsNoTracking()
                .Where(s => s.DistrictId != null && (s.OrganisationId == user.OrganisationId || guarded.Contains(s.Id)))
                .Select(s => s.DistrictId!.Value).Distinct().ToListAsync(ct);
            districts.UnionWith(ownOrGuarded);
            var now = time.GetUtcNow();
            var patrols = await db.GuardShifts.AsNoTracking().Where(g => g.UserId == user.Id && g.From <= now && g.To > now).Select(g => g.DistrictIds).ToListAsync(ct);
            foreach (var ids in patrols)
                districts.UnionWith(ids.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(id => int.Parse(id, CultureInfo.InvariantCulture)));
        }
        var reader = new Reader(user, districts);
        _known[user.Id] = reader;
        return reader;
    }
}

public static class ReadableObservations
{
    /// <summary>The observations a reader may read one by one: tiers they read anywhere, and tiers they read in their area there (or from their own organisation).</summary>
    public static IQueryable<Observation> ReadableBy(this IQueryable<Observation> observations, Reader reader)
    {
        var everywhere = NeedToKnow.ReadEverywhere(reader.Roles);
        var inside = NeedToKnow.ReadInside(reader.Roles).Except(everywhere).ToArray();
        if (reader.Districts is null)
        {
            var all = everywhere.Concat(inside).ToArray();
            return observations.Where(o => all.Contains(o.Classification));
        }
        var districts = reader.Districts.ToArray();
        var organisation = reader.User.OrganisationId;
        return observations.Where(o => everywhere.Contains(o.Classification)
            || (inside.Contains(o.Classification) && (o.OrganisationId == organisation || (o.DistrictId != null && districts.Contains(o.DistrictId.Value)))));
    }
}
