using Lagesbild.Core.Indicators;

namespace Lagesbild.Core.Tests.Indicators;

public class BoroughCrosswalkTests
{
    private static readonly IndicatorPeriod Year2020 = new(2020, 2020);

    [Theory]
    [InlineData("Rinkeby-Kista", "Järva")]
    [InlineData("Spånga-Tensta", "Järva")]
    [InlineData("spånga–tensta", "Järva")]
    [InlineData(" Norrmalm ", "Norra innerstaden")]
    [InlineData("Östermalm", "Norra innerstaden")]
    public void Old_boroughs_are_reported_under_the_borough_of_today(string old, string now) =>
        Assert.Equal(now, BoroughCrosswalk.Current(old, Year2020));

    [Theory]
    [InlineData("Järva")]
    [InlineData("Kungsholmen")]
    [InlineData("Rinkeby")]
    public void Other_names_are_not_crosswalked(string name) => Assert.Null(BoroughCrosswalk.Current(name, Year2020));

    [Fact]
    public void A_period_that_begins_after_the_change_keeps_the_name()
    {
        Assert.Null(BoroughCrosswalk.Current("Östermalm", new IndicatorPeriod(2024, 2024)));
        Assert.Equal("Norra innerstaden", BoroughCrosswalk.Current("Östermalm", new IndicatorPeriod(2023, 2024)));
    }

    [Fact]
    public void Former_names_of_a_borough_of_today()
    {
        Assert.Equal(["Rinkeby-Kista", "Spånga-Tensta"], BoroughCrosswalk.FormerNames("Järva").Order(StringComparer.Ordinal));
        Assert.Empty(BoroughCrosswalk.FormerNames("Farsta"));
    }

    [Fact]
    public void Shares_are_pooled_by_how_many_answered()
    {
        // (12 · 300 + 20 · 100) / 400 = (3600 + 2000) / 400 = 14.
        Assert.Equal((14.0, 400), BoroughCrosswalk.Pool([(12, 300), (20, 100)]));
    }

    [Fact]
    public void Shares_without_n_are_not_pooled()
    {
        Assert.Null(BoroughCrosswalk.Pool([(12, 300), (20, null)]));
        Assert.Null(BoroughCrosswalk.Pool([]));
    }
}
