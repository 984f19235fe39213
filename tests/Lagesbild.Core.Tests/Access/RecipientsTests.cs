using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;

namespace Lagesbild.Core.Tests.Access;

public class RecipientsTests
{
    [Fact]
    public void The_recipients_of_a_tier_are_exactly_the_roles_the_rule_lets_read_it()
    {
        foreach (var tier in Enum.GetValues<Classification>())
        {
            var recipients = Recipients.Of(roles => Permissions.CanRead(roles, tier));
            Assert.All(Enum.GetValues<Role>(), role => Assert.Equal(Permissions.CanRead([role], tier), recipients.Contains(role)));
        }
        Assert.Contains(Role.Police, Recipients.Of(roles => Permissions.CanRead(roles, Classification.Restricted)));
        Assert.DoesNotContain(Role.Guard, Recipients.Of(roles => Permissions.CanRead(roles, Classification.Restricted)));
    }

    [Theory]
    [InlineData(Role.Admin, 1, 2, true)]
    [InlineData(Role.DataProtection, 1, 2, true)]
    [InlineData(Role.Coordinator, 1, 1, true)]
    [InlineData(Role.Police, 1, 1, true)]
    [InlineData(Role.SocialServices, 1, 1, true)]
    [InlineData(Role.Coordinator, 1, 2, false)]
    [InlineData(Role.Police, 1, 2, false)]
    [InlineData(Role.Guard, 1, 1, false)]
    [InlineData(Role.SchoolStaff, 1, 1, false)]
    [InlineData(Role.SchoolManager, 1, 1, false)]
    [InlineData(Role.Analyst, 1, 1, false)]
    [InlineData(Role.ControlRoom, 1, 1, false)]
    [InlineData(Role.Partner, 1, 1, false)]
    public void A_record_of_processing_is_read_by_the_data_protection_side_and_by_an_organisations_own_leads(Role role, int userOrganisation, int organisation, bool expected)
    {
        Assert.Equal(expected, Recipients.CanReadRecord([role], userOrganisation, organisation));
        Assert.Equal(role is Role.Admin or Role.DataProtection or Role.Coordinator or Role.Police or Role.SocialServices, Recipients.CanReadRecords([role]));
    }

    [Fact]
    public void Every_kind_but_other_has_the_roles_its_people_usually_have()
    {
        Assert.Equal([Role.Police], Recipients.TypicalOf(OrganisationKind.Police));
        Assert.All(Enum.GetValues<OrganisationKind>().Where(k => k != OrganisationKind.Other), kind => Assert.NotEmpty(Recipients.TypicalOf(kind)));
    }
}
