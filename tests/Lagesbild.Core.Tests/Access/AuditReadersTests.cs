using Lagesbild.Core.Access;

namespace Lagesbild.Core.Tests.Access;

public sealed class AuditReadersTests
{
    [Theory]
    [InlineData(Role.Police, new[] { DataOwner.Police })]
    [InlineData(Role.SocialServices, new[] { DataOwner.SocialServices })]
    [InlineData(Role.DataProtection, new[] { DataOwner.City, DataOwner.Police, DataOwner.SocialServices })]
    [InlineData(Role.Coordinator, new DataOwner[0])]
    [InlineData(Role.Admin, new DataOwner[0])]
    [InlineData(Role.Analyst, new DataOwner[0])]
    [InlineData(Role.SchoolManager, new DataOwner[0])]
    [InlineData(Role.SchoolStaff, new DataOwner[0])]
    [InlineData(Role.Guard, new DataOwner[0])]
    [InlineData(Role.ControlRoom, new DataOwner[0])]
    [InlineData(Role.Partner, new DataOwner[0])]
    public void Each_role_reads_the_audit_of_its_own_records_only(Role role, DataOwner[] expected)
    {
        Assert.Equal(expected.Order(), AuditReaders.OwnersFor([role]).Order());
        Assert.Equal(expected.Length > 0, AuditReaders.CanRead([role]));
    }

    [Fact]
    public void Every_role_is_decided()
    {
        // A role added later must be placed in this table: by default it reads nothing.
        Assert.Equal(11, Enum.GetValues<Role>().Length);
    }

    [Fact]
    public void A_user_with_two_roles_reads_both_owners()
    {
        Assert.Equal([DataOwner.Police, DataOwner.SocialServices], AuditReaders.OwnersFor([Role.Police, Role.SocialServices]).Order());
    }
}
