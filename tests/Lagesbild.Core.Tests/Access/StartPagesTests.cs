using Lagesbild.Core.Access;
using Lagesbild.Core.Rounds;

namespace Lagesbild.Core.Tests.Access;

public sealed class StartPagesTests
{
    [Theory]
    [InlineData(Role.SchoolStaff, "/rounds")]
    [InlineData(Role.SchoolManager, "/sites")]
    [InlineData(Role.Guard, "/alarms")]
    [InlineData(Role.ControlRoom, "/alarms")]
    [InlineData(Role.Partner, "/partner")]
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

    [Fact]
    public void A_caretaker_goes_to_her_one_round_left_today_and_otherwise_to_todays_list()
    {
        Assert.Equal("/rounds/7", StartPages.ForCaretaker([(7, RoundStatus.Due), (8, RoundStatus.Completed)]));
        Assert.Equal("/rounds/9", StartPages.ForCaretaker([(9, RoundStatus.Missed)])); // late, but still hers to do
        Assert.Equal("/rounds", StartPages.ForCaretaker([(7, RoundStatus.Due), (9, RoundStatus.InProgress)]));
        Assert.Equal("/rounds", StartPages.ForCaretaker([(8, RoundStatus.Completed)]));
        Assert.Equal("/rounds", StartPages.ForCaretaker([]));
    }
}
