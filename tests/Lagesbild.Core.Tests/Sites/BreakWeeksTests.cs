using Lagesbild.Core.Sites;

namespace Lagesbild.Core.Tests.Sites;

public sealed class BreakWeeksTests
{
    [Fact]
    public void Stockholm_has_sportlov_in_week_9_and_hostlov_in_week_44()
    {
        var breaks = SchoolBreaks.StockholmPattern(2027, 2027);

        Assert.True(breaks.Contains(new DateOnly(2027, 3, 1)));   // Monday of week 9
        Assert.False(breaks.Contains(new DateOnly(2027, 2, 22))); // Monday of week 8
        Assert.True(breaks.Contains(new DateOnly(2027, 11, 1)));  // Monday of week 44
        Assert.Equal(breaks, SchoolBreaks.Pattern(BreakWeeks.Stockholm, 2027, 2027), new BreaksComparer());
    }

    [Fact]
    public void Another_municipality_has_its_own_weeks()
    {
        var breaks = SchoolBreaks.Pattern(new BreakWeeks(SportlovWeek: 8, HostlovWeek: 43, PasklovWeek: 14), 2027, 2027);

        Assert.True(breaks.Contains(new DateOnly(2027, 2, 22)));  // week 8
        Assert.False(breaks.Contains(new DateOnly(2027, 3, 1)));  // week 9
        Assert.True(breaks.Contains(new DateOnly(2027, 10, 25))); // week 43
        Assert.False(breaks.Contains(new DateOnly(2027, 11, 1))); // week 44
        Assert.True(breaks.Contains(new DateOnly(2027, 4, 5)));   // week 14: a fixed påsklov
        Assert.False(breaks.Contains(new DateOnly(2027, 3, 30))); // the Tuesday after Easter 2027 (28 March), in week 13
    }

    [Theory]
    [InlineData(0, 44, null)]
    [InlineData(9, 53, null)]
    [InlineData(9, 44, 0)]
    public void Weeks_outside_the_year_are_refused(int sportlov, int hostlov, int? pasklov) =>
        Assert.NotNull(new BreakWeeks(sportlov, hostlov, pasklov).Check());

    private sealed class BreaksComparer : IEqualityComparer<SchoolBreaks>
    {
        public bool Equals(SchoolBreaks? x, SchoolBreaks? y) => x!.Breaks.SequenceEqual(y!.Breaks);

        public int GetHashCode(SchoolBreaks obj) => obj.Breaks.Count;
    }
}
