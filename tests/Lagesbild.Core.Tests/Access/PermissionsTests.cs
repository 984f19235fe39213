using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;

namespace Lagesbild.Core.Tests.Access;

public class PermissionsTests
{
    public static TheoryData<Role> AllRoles() => new(Enum.GetValues<Role>());

    [Theory]
    [MemberData(nameof(AllRoles))]
    public void Restricted_is_known_only_to_the_police_and_Confidential_only_to_social_services(Role role)
    {
        Assert.Equal(role is Role.Police, Permissions.CanRead([role], Classification.Restricted));
        Assert.Equal(role is Role.SocialServices, Permissions.CanRead([role], Classification.Confidential));
        Assert.True(Permissions.CanRead([role], Classification.Public));
        Assert.True(Permissions.CanRead([role], Classification.Internal));
    }

    [Theory]
    [MemberData(nameof(AllRoles))]
    public void Only_the_analyst_and_the_data_protection_officer_cannot_write_observations(Role role)
    {
        Assert.Equal(role is not (Role.Analyst or Role.DataProtection), Permissions.CanWriteObservations([role]));
    }

    [Theory]
    [MemberData(nameof(AllRoles))]
    public void Observations_are_imported_in_bulk_by_coordinators_analysts_and_the_police_in_tiers_they_read(Role role)
    {
        Assert.Equal(role is Role.Coordinator or Role.Analyst or Role.Police, Permissions.CanImportObservations([role]));
        Assert.Equal(role is Role.Police, Permissions.CanImport([role], Classification.Restricted));
        Assert.False(Permissions.CanImport([role], Classification.Confidential));
        Assert.Equal(Permissions.CanImportObservations([role]), Permissions.CanImport([role], Classification.Internal));
    }

    [Fact]
    public void SchoolStaff_cannot_read_restricted()
    {
        Assert.False(Permissions.CanRead([Role.SchoolStaff], Classification.Restricted));
        Assert.Equal([Classification.Public, Classification.Internal], Permissions.VisibleClassifications([Role.SchoolStaff]));
    }

    [Fact]
    public void Analyst_cannot_write_observations_of_any_classification()
    {
        Assert.False(Permissions.CanWriteObservations([Role.Analyst]));
        Assert.All(Enum.GetValues<Classification>(), c => Assert.False(Permissions.CanWrite([Role.Analyst], c)));
    }

    [Fact]
    public void Writing_restricted_needs_reading_it()
    {
        Assert.False(Permissions.CanWrite([Role.Coordinator], Classification.Restricted));
        Assert.True(Permissions.CanWrite([Role.Coordinator], Classification.Internal));
        Assert.True(Permissions.CanWrite([Role.Police], Classification.Restricted));
        Assert.False(Permissions.CanWrite([Role.Admin], Classification.Restricted));
        Assert.True(Permissions.CanWrite([Role.SocialServices], Classification.Confidential));
        Assert.False(Permissions.CanWrite([Role.Police], Classification.Confidential));
    }

    [Fact]
    public void Roles_add_up()
    {
        Assert.True(Permissions.CanWrite([Role.Analyst, Role.Police], Classification.Restricted));
        Assert.True(Permissions.CanWrite([Role.Coordinator, Role.Police], Classification.Restricted));
        Assert.Equal([Classification.Public, Classification.Internal], Permissions.VisibleClassifications([Role.SchoolStaff, Role.Admin]));
        Assert.Equal([Classification.Public, Classification.Internal, Classification.Restricted, Classification.Confidential],
            Permissions.VisibleClassifications([Role.Police, Role.SocialServices]));
    }

    [Theory]
    [MemberData(nameof(AllRoles))]
    public void Scenes_are_edited_by_coordinators_police_and_admin_and_users_managed_by_admin(Role role)
    {
        Assert.Equal(role is Role.Coordinator or Role.Police or Role.Admin, Permissions.CanEditScenes([role]));
        Assert.Equal(role is Role.Admin, Permissions.CanManageUsers([role]));
    }

    [Fact]
    public void No_roles_may_write_nothing()
    {
        Assert.False(Permissions.CanWriteObservations([]));
        Assert.False(Permissions.CanEditScenes([]));
        Assert.False(Permissions.CanManageUsers([]));
        Assert.False(Permissions.CanRead([], Classification.Restricted));
    }

    [Theory]
    [MemberData(nameof(AllRoles))]
    public void Only_school_staff_and_partners_are_kept_to_their_own_sites(Role role) =>
        Assert.Equal(role is not (Role.SchoolStaff or Role.SchoolManager or Role.Partner), Permissions.SeesAllSites([role]));

    [Theory]
    [MemberData(nameof(AllRoles))]
    public void Rounds_are_walked_by_school_staff_or_the_city_standing_in(Role role)
    {
        Assert.Equal(role is Role.SchoolStaff or Role.SchoolManager or Role.Coordinator or Role.Admin, Permissions.CanWalkRounds([role]));
        Assert.Equal(role is Role.SchoolManager or Role.Coordinator or Role.Admin, Permissions.CanPlanPresence([role]));
    }
}

public class MappingAccessTests
{
    [Theory]
    [InlineData(Role.Police, true, true)]
    [InlineData(Role.Coordinator, true, true)]
    [InlineData(Role.Analyst, false, true)]
    [InlineData(Role.SocialServices, false, true)]
    [InlineData(Role.Admin, false, true)]
    [InlineData(Role.DataProtection, false, false)]
    [InlineData(Role.SchoolManager, false, false)]
    [InlineData(Role.SchoolStaff, false, false)]
    [InlineData(Role.Guard, false, false)]
    [InlineData(Role.ControlRoom, false, false)]
    public void The_police_and_coordinators_import_those_who_follow_scenes_read(Role role, bool imports, bool reads)
    {
        Assert.Equal(imports, MappingAccess.CanImport([role]));
        Assert.Equal(reads, MappingAccess.CanRead([role]));
    }
}
