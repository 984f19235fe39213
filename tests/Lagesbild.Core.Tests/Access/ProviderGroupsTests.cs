using Lagesbild.Core.Access;

namespace Lagesbild.Core.Tests.Access;

public sealed class ProviderGroupsTests
{
    private static readonly Dictionary<string, GroupGrant> Map = new(StringComparer.OrdinalIgnoreCase)
    {
        ["samordnare"] = new(Role.Coordinator, 1),
        ["analytiker"] = new(Role.Analyst, 1),
        ["polis"] = new(Role.Police, 2),
    };

    [Fact]
    public void Mapped_groups_give_their_roles_in_their_organisation_and_unmapped_groups_are_ignored()
    {
        var access = ProviderGroups.Decide(["alla-anstallda", "analytiker", "samordnare", "samordnare"], Map);

        var granted = Assert.IsType<GroupAccess.Granted>(access);
        Assert.Equal([Role.Coordinator, Role.Analyst], granted.Roles);
        Assert.Equal(1, granted.OrganisationId);
    }

    [Fact]
    public void Group_names_match_without_regard_to_case_when_the_map_says_so()
    {
        var granted = Assert.IsType<GroupAccess.Granted>(ProviderGroups.Decide(["POLIS"], Map));
        Assert.Equal([Role.Police], granted.Roles);
    }

    [Fact]
    public void No_mapped_group_gives_no_access()
    {
        Assert.IsType<GroupAccess.NoMappedGroup>(ProviderGroups.Decide(["alla-anstallda"], Map));
        Assert.IsType<GroupAccess.NoMappedGroup>(ProviderGroups.Decide([], Map));
    }

    [Fact]
    public void Groups_of_two_organisations_are_refused_rather_than_guessed()
    {
        var several = Assert.IsType<GroupAccess.SeveralOrganisations>(ProviderGroups.Decide(["polis", "samordnare"], Map));
        Assert.Equal([1, 2], several.OrganisationIds);
    }
}
