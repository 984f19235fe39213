using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;

namespace Lagesbild.Core.Tests.Access;

/// <summary>
/// One test per cell of the need-to-know table (role x tier x field x reach), checked against the table as the
/// issue and docs/privacy.md write it, spelled out here independently of the rules' code.
/// </summary>
public class NeedToKnowTests
{
    // Per role, for Public and Internal records: the access to Record, Text, Photo, Notes inside the reader's area,
    // then outside it. N = none, A = aggregated counts only, R = read. The own organisation's records are always R.
    private static readonly Dictionary<Role, (string Inside, string Outside)> Shared = new()
    {
        [Role.Coordinator] = ("RRRR", "ANNN"),
        [Role.Police] = ("RRRR", "ANNN"),
        [Role.SocialServices] = ("RRRR", "ANNN"),
        [Role.Analyst] = ("RNNN", "ANNN"),
        [Role.SchoolManager] = ("RNNN", "ANNN"),
        [Role.SchoolStaff] = ("RNNN", "ANNN"),
        [Role.Guard] = ("RNNN", "ANNN"),
        [Role.ControlRoom] = ("RNNN", "ANNN"),
        // A partner organisation (housing company, public transport ...): places and categories in its area, never others' words.
        [Role.Partner] = ("RNNN", "ANNN"),
        [Role.Admin] = ("RRRR", "RRRR"),
        [Role.DataProtection] = ("RRRR", "RRRR"),
    };

    public static TheoryData<Role, Classification, Field, Reach> Cells()
    {
        var cells = new TheoryData<Role, Classification, Field, Reach>();
        foreach (var role in Enum.GetValues<Role>())
            foreach (var tier in Enum.GetValues<Classification>())
                foreach (var field in Enum.GetValues<Field>())
                    foreach (var reach in Enum.GetValues<Reach>())
                        cells.Add(role, tier, field, reach);
        return cells;
    }

    private static Grant Expected(Role role, Classification tier, Field field, Reach reach)
    {
        if (tier == Classification.Restricted)
            return role == Role.Police ? Grant.Read : Grant.None;
        if (tier == Classification.Confidential)
            return role == Role.SocialServices ? Grant.Read : Grant.None;
        if (reach == Reach.Own)
            return Grant.Read;
        var letters = reach == Reach.Inside ? Shared[role].Inside : Shared[role].Outside;
        return letters[(int)field] switch { 'R' => Grant.Read, 'A' => Grant.Aggregate, _ => Grant.None };
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Each_cell_of_the_table(Role role, Classification tier, Field field, Reach reach) =>
        Assert.Equal(Expected(role, tier, field, reach), NeedToKnow.Of(role, tier, field, reach));

    [Fact]
    public void Every_role_has_a_row() => Assert.Equal(Enum.GetValues<Role>().Length, Shared.Count);

    [Fact]
    public void The_administrator_reads_no_Restricted_or_Confidential_content()
    {
        foreach (var tier in new[] { Classification.Restricted, Classification.Confidential })
            foreach (var field in Enum.GetValues<Field>())
                foreach (var reach in Enum.GetValues<Reach>())
                    Assert.Equal(Grant.None, NeedToKnow.Of([Role.Admin, Role.DataProtection], tier, field, reach));
    }

    [Fact]
    public void Roles_add_up_to_the_most_any_gives()
    {
        Assert.Equal(Grant.Read, NeedToKnow.Of([Role.Guard, Role.Police], Classification.Restricted, Field.Text, Reach.Outside));
        Assert.Equal(Grant.None, NeedToKnow.Of([], Classification.Public, Field.Record, Reach.Inside));
        Assert.Equal([Classification.Public, Classification.Internal, Classification.Confidential], NeedToKnow.CountedTiers([Role.SocialServices]));
        Assert.Equal([Classification.Restricted], NeedToKnow.ReadEverywhere([Role.Police]));
        Assert.Equal([Classification.Public, Classification.Internal, Classification.Restricted], NeedToKnow.ReadInside([Role.Police]));
        Assert.Empty(NeedToKnow.ReadInside([Role.Guard], Field.Text));
    }

    [Theory]
    [InlineData(Role.Coordinator, false, true)]
    [InlineData(Role.Coordinator, true, false)]
    [InlineData(Role.Analyst, false, true)]
    [InlineData(Role.Admin, true, true)]
    [InlineData(Role.DataProtection, true, true)]
    [InlineData(Role.Guard, false, false)]
    [InlineData(Role.SchoolStaff, false, false)]
    [InlineData(Role.Partner, false, false)]
    public void Who_sees_the_whole_city_in_detail(Role role, bool organisationHasAreas, bool expected) =>
        Assert.Equal(expected, NeedToKnow.SeesWholeCity([role], organisationHasAreas));
}
