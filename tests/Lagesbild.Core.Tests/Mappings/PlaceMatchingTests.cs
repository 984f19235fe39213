using Lagesbild.Core.Mappings;
using NetTopologySuite.Geometries;

namespace Lagesbild.Core.Tests.Mappings;

public class PlaceMatchingTests
{
    private static readonly GeometryFactory Metres = new(new PrecisionModel(), 3006);

    internal static Polygon Box(double minX, double minY, double maxX, double maxY) => Metres.CreatePolygon(
        [new(minX, minY), new(maxX, minY), new(maxX, maxY), new(minX, maxY), new(minX, minY)]);

    internal static Point At(double x, double y) => Metres.CreatePoint(new Coordinate(x, y));

    [Fact]
    public void Two_polygons_agree_by_the_share_of_the_smaller_one_they_share()
    {
        // 100 × 100 squares side by side, half overlapping: 50 × 100 = 5,000 m² of 10,000.
        Assert.Equal((0.5, 5000), PlaceMatching.Agreement(Box(0, 0, 100, 100), Box(50, 0, 150, 100)));
        // A 10 × 10 square inside a 100 × 100 one is all of the smaller.
        Assert.Equal((1, 100), PlaceMatching.Agreement(Box(40, 40, 50, 50), Box(0, 0, 100, 100)));
    }

    [Fact]
    public void Polygons_that_share_less_than_a_tenth_are_neighbours()
    {
        // 5 × 100 = 500 m² of 10,000: 5 %.
        Assert.Null(PlaceMatching.Agreement(Box(0, 0, 100, 100), Box(95, 0, 195, 100)));
        Assert.Null(PlaceMatching.Agreement(Box(0, 0, 100, 100), Box(300, 0, 400, 100)));
    }

    [Fact]
    public void A_point_agrees_inside_and_less_with_distance()
    {
        var area = Box(0, 0, 100, 100);

        Assert.Equal((1, 0), PlaceMatching.Agreement(At(50, 50), area));
        // 25 m east of the square, within 100 m: 1 - 25/100.
        Assert.Equal((0.75, 0), PlaceMatching.Agreement(At(125, 50), area));
        Assert.Equal((0.5, 0), PlaceMatching.Agreement(area, At(50, 150)));
        Assert.Null(PlaceMatching.Agreement(At(250, 50), area));
        // Two points 60 m apart: 1 - 60/100.
        Assert.Equal(0.4, PlaceMatching.Agreement(At(0, 0), At(60, 0))!.Value.Score, 10);
    }

    [Fact]
    public void Pairs_are_one_to_one_and_best_first()
    {
        // P1 shares half of S1 (0.5) and all of S2 (6,000 of S2's 6,000); P2 shares 9,000 of S1 (0.9) and only touches S2.
        var places = new[] { new Shape(1, Box(0, 0, 100, 100)), new Shape(2, Box(60, 0, 160, 100)) };
        var scenes = new[] { new Shape(10, Box(50, 0, 150, 100)), new Shape(20, Box(0, 0, 60, 100)) };

        var matches = PlaceMatching.Match(places, scenes);

        Assert.Equal([(1, 20, 1.0), (2, 10, 0.9)], matches.Select(m => (m.PlaceId, m.OtherId, Math.Round(m.Score, 6))).OrderBy(m => m.PlaceId));
    }

    [Fact]
    public void A_scene_is_one_place_only()
    {
        var places = new[] { new Shape(1, Box(50, 0, 150, 100)), new Shape(2, Box(0, 0, 100, 100)) };
        var scenes = new[] { new Shape(10, Box(0, 0, 100, 100)) };

        var match = Assert.Single(PlaceMatching.Match(places, scenes));

        Assert.Equal((2, 10), (match.PlaceId, match.OtherId));
        Assert.Equal(10_000, match.OverlapSquareMetres, 6);
    }

    [Fact]
    public void Equal_agreement_goes_to_the_nearer_centre()
    {
        // Both points lie inside the square (score 1); the one at its centre is nearer its centroid.
        var places = new[] { new Shape(1, At(90, 90)), new Shape(2, At(50, 50)) };
        var scenes = new[] { new Shape(10, Box(0, 0, 100, 100)) };

        Assert.Equal(2, Assert.Single(PlaceMatching.Match(places, scenes)).PlaceId);
    }
}

public class AreaChangeTests
{
    [Fact]
    public void A_change_in_square_metres_and_per_cent()
    {
        var change = AreaChange.Between(8000, 10_000)!;

        Assert.Equal(2000, change.Difference);
        Assert.Equal(25, change.Percent);
        Assert.True(change.Notable);
    }

    [Fact]
    public void A_small_change_is_not_notable_and_nothing_before_has_no_percent()
    {
        Assert.False(AreaChange.Between(10_000, 10_500)!.Notable); // 5 %
        Assert.True(AreaChange.Between(10_000, 9000)!.Notable); // -10 %
        Assert.Null(AreaChange.Between(0, 100)!.Percent);
        Assert.Null(AreaChange.Between(null, 100));
        Assert.Null(AreaChange.Between(100, null));
    }
}

public class MappingReconciliationTests
{
    [Fact]
    public void Each_kind_of_difference()
    {
        // P1 covers the active scene S1 (8,000 m² inside P1's 10,000: all of the smaller); P2 is a point far from any scene;
        // S2 is active and nowhere in the mapping; Q1, the place before, was 5,000 m².
        var places = new[]
        {
            new AreaShape(1, PlaceMatchingTests.Box(0, 0, 100, 100), AreaShape.AreaOf(PlaceMatchingTests.Box(0, 0, 100, 100), null)),
            new AreaShape(2, PlaceMatchingTests.At(1000, 1000), 2500),
        };
        var scenes = new[]
        {
            new AreaShape(10, PlaceMatchingTests.Box(0, 0, 100, 80), 8000),
            new AreaShape(20, PlaceMatchingTests.Box(5000, 5000, 5100, 5100), 10_000),
        };
        var previous = new[] { new AreaShape(100, PlaceMatchingTests.Box(0, 0, 100, 50), 5000) };

        var result = MappingReconciliation.Reconcile(places, scenes, previous);

        var matched = Assert.Single(result.Matched);
        Assert.Equal((1, 10, 1.0), (matched.PlaceId, matched.SceneId, matched.Score));
        Assert.Equal(new AreaChange(8000, 10_000), matched.AgainstScene);
        Assert.Equal([2], result.OnlyInMapping);
        Assert.Equal([20], result.OnlyInRegister);
        var since = Assert.Single(result.SincePrevious);
        Assert.Equal((1, 100), (since.PlaceId, since.PreviousPlaceId));
        Assert.Equal(100, since.Change!.Percent);
    }

    [Fact]
    public void A_point_without_a_stated_area_has_none()
    {
        Assert.Null(AreaShape.AreaOf(PlaceMatchingTests.At(0, 0), null));
        Assert.Equal(400, AreaShape.AreaOf(PlaceMatchingTests.At(0, 0), 400));
        Assert.Equal(10_000, AreaShape.AreaOf(PlaceMatchingTests.Box(0, 0, 100, 100), null));
    }
}
