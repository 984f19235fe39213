using Lagesbild.Core.Geo;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Rounds;
using NetTopologySuite.Geometries;

namespace Lagesbild.Core.Tests.Rounds;

public sealed class FindingRulesTests
{
    // A yard of about 100 x 100 m in Tensta.
    private static readonly Polygon Yard = PolygonInput.Wgs84.CreatePolygon(
    [
        new(17.9000, 59.3940), new(17.9018, 59.3940), new(17.9018, 59.3949), new(17.9000, 59.3949), new(17.9000, 59.3940),
    ]);

    private static readonly Point Site = PolygonInput.Wgs84.CreatePoint(new Coordinate(17.9009, 59.39445));

    [Fact]
    public void A_find_in_the_yard_or_within_the_tolerance_is_not_flagged()
    {
        Assert.Equal(0, FindingRules.MetresOutside(17.9009, 59.3944, Site, Yard));
        // About 11 m north of the yard's edge: within what a phone's position can be off by.
        Assert.Equal(0, FindingRules.MetresOutside(17.9009, 59.3950, Site, Yard));
    }

    [Fact]
    public void A_find_well_outside_the_yard_is_flagged_with_its_distance()
    {
        // 0.0011 degrees north of the edge is about 122 m.
        var outside = FindingRules.MetresOutside(17.9009, 59.3960, Site, Yard);
        Assert.InRange(outside, 115, 130);
    }

    [Fact]
    public void Without_a_yard_the_distance_from_the_site_counts()
    {
        Assert.Equal(0, FindingRules.MetresOutside(17.9010, 59.3945, Site, null));
        Assert.InRange(FindingRules.MetresOutside(17.9009, 59.3980, Site, null), 230, 250); // about 392 m away
    }

    [Theory]
    [InlineData(FindingCategory.Syringes, ObservationCategory.Syringes)]
    [InlineData(FindingCategory.PeoplePresent, ObservationCategory.Gathering)]
    [InlineData(FindingCategory.Vandalism, ObservationCategory.Vandalism)]
    [InlineData(FindingCategory.Other, ObservationCategory.Other)]
    public void Each_finding_enters_the_picture_under_an_observation_category(FindingCategory finding, ObservationCategory observation) =>
        Assert.Equal(observation, FindingRules.ObservationCategoryOf(finding));

    [Fact]
    public void Counts_are_for_things_that_come_in_numbers()
    {
        Assert.Null(FindingRules.CheckCount(FindingCategory.Syringes, 2));
        Assert.Null(FindingRules.CheckCount(FindingCategory.Vandalism, null));
        Assert.NotNull(FindingRules.CheckCount(FindingCategory.Syringes, 0));
        Assert.NotNull(FindingRules.CheckCount(FindingCategory.Syringes, 1001));
        Assert.NotNull(FindingRules.CheckCount(FindingCategory.Vandalism, 3));
    }

    [Fact]
    public void Syringes_objects_paraphernalia_and_people_are_counted_the_rest_are_one_each()
    {
        Assert.Equal([FindingCategory.Syringes, FindingCategory.DangerousObject, FindingCategory.Paraphernalia, FindingCategory.PeoplePresent], FindingRules.Countable);
        foreach (var category in Enum.GetValues<FindingCategory>())
            Assert.Equal(FindingRules.Countable.Contains(category), FindingRules.CheckCount(category, 3) is null);
    }

    [Fact]
    public void The_drug_categories_are_what_the_analyses_count_unless_asked()
    {
        Assert.Equal([ObservationCategory.Dealing, ObservationCategory.Use, ObservationCategory.Syringes, ObservationCategory.Paraphernalia], ObservationCategories.Drugs);
        Assert.Same(ObservationCategories.Drugs, ObservationCategories.ChosenOrDrugs(null));
        Assert.Same(ObservationCategories.Drugs, ObservationCategories.ChosenOrDrugs([]));
        Assert.Equal([ObservationCategory.Violence], ObservationCategories.ChosenOrDrugs([ObservationCategory.Violence]));
    }
}
