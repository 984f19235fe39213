using Lagesbild.Core.Access;

namespace Lagesbild.Core.Tests.Access;

public sealed class StartPagesTests
{
    [Theory]
    [InlineData(Role.SchoolStaff, "/rounds")]
    [InlineData(Role.SchoolManager, "/sites")]
    [InlineData(Role.Guard, "/alarms")]
    [InlineData(Role.ControlRoom, "/alarms")]
    [InlineData(Role.Analyst, "/analysis")]
    [InlineData(Role.Coordinator, "/")]
    [InlineData(Role.Police, "/")]
    [InlineData(Role.SocialServices, "/")]
    [InlineData(Role.Admin, "/admin/users")]
    [InlineData(Role.DataProtection, "/audit")]
    public void Each_role_starts_where_its_work_is(Role role, string path) => Assert.Equal(path, StartPages.For(role));

    [Fact]
    public void Every_role_has_a_start_page() =>
        Assert.All(Enum.GetValues<Role>(), role => Assert.StartsWith("/", StartPages.For(role), StringComparison.Ordinal));
}
