using Lagesbild.Core.Indicators;
using Lagesbild.Core.Scenes;

namespace Lagesbild.Core.Tests.Indicators;

public class TermsOfOfficeTests
{
    [Theory]
    [InlineData("2026-11-27", 2026)]
    [InlineData("2026-10-15", 2026)]
    [InlineData("2026-10-14", 2022)] // elected in September, not yet in office
    [InlineData("2026-09-13", 2022)]
    [InlineData("2023-01-01", 2022)]
    [InlineData("2018-10-15", 2018)]
    [InlineData("2014-12-31", 2014)]
    [InlineData("2030-10-15", 2030)]
    public void The_term_of_a_day_began_on_the_15th_of_October_after_its_election(string day, int election) =>
        Assert.Equal(election, TermsOfOffice.On(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)).ElectionYear);

    [Fact]
    public void Terms_between_two_days_are_the_elections_2014_to_2026()
    {
        var terms = TermsOfOffice.Between(new DateOnly(2015, 1, 1), new DateOnly(2026, 11, 27));

        Assert.Equal([2014, 2018, 2022, 2026], terms.Select(t => t.ElectionYear));
        Assert.Equal(new DateOnly(2018, 10, 15), terms[0].Ends);
        Assert.Equal("2022–2026", terms[2].Label);
        Assert.All(terms, t => Assert.True(TermsOfOffice.IsElectionYear(t.ElectionYear)));
    }

    [Fact]
    public void The_headline_gives_the_present_term_so_far_and_how_the_last_one_ended()
    {
        static StatusChange At(SceneStatus status, int year, int month, int day) => new(status, new DateTimeOffset(year, month, day, 10, 0, 0, TimeSpan.Zero));
        IReadOnlyList<IReadOnlyList<StatusChange>> scenes =
        [
            [At(SceneStatus.Active, 2020, 1, 1)],                                       // active throughout
            [At(SceneStatus.Active, 2021, 5, 1), At(SceneStatus.Ceased, 2024, 3, 1)],   // ceased in the last term
            [At(SceneStatus.Active, 2022, 1, 1), At(SceneStatus.Ceased, 2026, 11, 1)],  // ceased in this one
            [At(SceneStatus.Active, 2025, 6, 1)],                                       // began in the last term
        ];

        var (present, last) = TermsOfOffice.Headline(scenes, new DateOnly(2026, 11, 27));

        Assert.Equal(2026, present.Term.ElectionYear);
        Assert.True(present.Ongoing);
        Assert.Equal((3, 2, -1), (present.Change.AtStart, present.Change.AtEnd, present.Change.Change));
        Assert.Equal(2022, last.Term.ElectionYear);
        Assert.Equal((3, 3, 0), (last.Change.AtStart, last.Change.AtEnd, last.Change.Change));
    }
}
