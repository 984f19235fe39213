namespace Lagesbild.Core.Access;

/// <summary>What one group of an identity provider gives its members here: a role in an organisation.</summary>
public sealed record GroupGrant(Role Role, int OrganisationId);

/// <summary>The access an identity provider's groups give a user: roles in one organisation, or the reason they give none.</summary>
public abstract record GroupAccess
{
    public sealed record Granted(IReadOnlyList<Role> Roles, int OrganisationId) : GroupAccess;

    /// <summary>None of the user's groups is mapped: an administrator must add a mapping.</summary>
    public sealed record NoMappedGroup : GroupAccess;

    /// <summary>The user's groups map to more than one organisation; a user belongs to one.</summary>
    public sealed record SeveralOrganisations(IReadOnlyList<int> OrganisationIds) : GroupAccess;
}

/// <summary>
/// Turns the groups an identity provider names for a user into roles and an organisation. The provider's groups are
/// the source of truth for its users: every mapped group adds its role, and all mapped groups must agree on the
/// organisation (we would rather refuse than guess which of two organisations' records a person may see).
/// </summary>
public static class ProviderGroups
{
    public static GroupAccess Decide(IEnumerable<string> groups, IReadOnlyDictionary<string, GroupGrant> map)
    {
        var grants = groups.Distinct(StringComparer.Ordinal)
            .Select(g => map.TryGetValue(g, out var grant) ? grant : null)
            .OfType<GroupGrant>()
            .ToList();
        if (grants.Count == 0)
            return new GroupAccess.NoMappedGroup();
        var organisations = grants.Select(g => g.OrganisationId).Distinct().Order().ToList();
        if (organisations.Count > 1)
            return new GroupAccess.SeveralOrganisations(organisations);
        return new GroupAccess.Granted(grants.Select(g => g.Role).Distinct().Order().ToList(), organisations[0]);
    }
}
