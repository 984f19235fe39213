using Lagesbild.Core.Geo;
using Lagesbild.Core.Scenes;
using Lagesbild.Core.Validation;
using NetTopologySuite.Geometries;

namespace Lagesbild.Core.Tests.Scenes;

public class SceneLineageTests
{
    private static Polygon Box(double west, double south, double east, double north) => PolygonInput.Wgs84.CreatePolygon(
        [new(west, south), new(east, south), new(east, north), new(west, north), new(west, south)]);

    // About 1,120 m east-west and 1,110 m north-south in Husby.
    private static readonly Polygon Scene = Box(17.90, 59.40, 17.92, 59.41);

    [Fact]
    public void Two_halves_that_share_an_edge_split_a_scene()
    {
        Assert.Empty(SceneLineage.CheckSplit(Scene, [Box(17.90, 59.40, 17.91, 59.41), Box(17.91, 59.40, 17.92, 59.41)]));
    }

    [Fact]
    public void A_part_may_reach_a_little_outside_the_scene()
    {
        // 17.905-17.925: three quarters inside.
        Assert.Empty(SceneLineage.CheckSplit(Scene, [Box(17.90, 59.40, 17.905, 59.41), Box(17.905, 59.40, 17.925, 59.41)]));
    }

    [Fact]
    public void A_part_mostly_outside_the_scene_is_refused_by_its_index()
    {
        // 17.915-17.935: a quarter inside.
        var refusals = SceneLineage.CheckSplit(Scene, [Box(17.90, 59.40, 17.915, 59.41), Box(17.915, 59.40, 17.935, 59.41)]);

        var refusal = Assert.Single(refusals);
        Assert.Equal(("parts[1]", RefusalCodes.PartOutside), (refusal.Field, refusal.Code));
        Assert.Equal([2], refusal.Args!);
        Assert.Contains("(25 % inside)", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_part_far_away_is_refused()
    {
        var refusals = SceneLineage.CheckSplit(Scene, [Box(17.90, 59.40, 17.91, 59.41), Box(18.00, 59.30, 18.01, 59.31)]);

        Assert.Equal(RefusalCodes.PartOutside, refusals["parts[1]"]!.Code);
    }

    [Fact]
    public void Overlapping_parts_are_refused_naming_the_later_one()
    {
        // 17.91-17.915 is in both: about 280 m by 1,110 m.
        var refusals = SceneLineage.CheckSplit(Scene, [Box(17.90, 59.40, 17.915, 59.41), Box(17.91, 59.40, 17.92, 59.41)]);

        var refusal = Assert.Single(refusals);
        Assert.Equal(("parts[1]", RefusalCodes.PartsOverlap), (refusal.Field, refusal.Code));
        Assert.Equal([2, 1], refusal.Args!);
    }

    [Theory]
    [InlineData(1, RefusalCodes.TooFew)]
    [InlineData(21, RefusalCodes.TooMany)]
    public void A_split_takes_two_to_twenty_parts(int count, string code)
    {
        var parts = Enumerable.Range(0, count).Select(i => Box(17.90 + (i * 0.0009), 59.40, 17.9009 + (i * 0.0009), 59.41)).ToList();

        Assert.Equal(code, SceneLineage.CheckSplit(Scene, parts)["parts"]!.Code);
    }

    [Fact]
    public void Two_scenes_that_touch_merge_into_one_area()
    {
        var (area, refusal) = SceneLineage.Union(Scene, Box(17.92, 59.40, 17.93, 59.41));

        Assert.Null(refusal);
        Assert.Equal(Box(17.90, 59.40, 17.93, 59.41).Area, area!.Area, 9);
    }

    [Fact]
    public void Two_scenes_apart_are_not_merged()
    {
        var (area, refusal) = SceneLineage.Union(Scene, Box(17.95, 59.40, 17.96, 59.41));

        Assert.Null(area);
        Assert.Equal(("into", RefusalCodes.Apart), (refusal!.Field, refusal.Code));
    }

    [Theory]
    [InlineData(1, SceneStatus.Active, false, 1, SceneStatus.Active, false, "into", RefusalCodes.Itself)]
    [InlineData(1, SceneStatus.Active, false, 2, null, false, "into", RefusalCodes.NotFound)]
    [InlineData(1, SceneStatus.Ceased, false, 2, SceneStatus.Active, false, "scene", RefusalCodes.Ended)]
    [InlineData(1, SceneStatus.Active, true, 2, SceneStatus.Active, false, "scene", RefusalCodes.Ended)]
    [InlineData(1, SceneStatus.Active, false, 2, SceneStatus.Ceased, false, "into", RefusalCodes.Ended)]
    [InlineData(1, SceneStatus.Active, false, 2, SceneStatus.Ceased, true, "into", RefusalCodes.Ended)]
    public void A_merge_is_refused_into_itself_or_with_an_ended_scene(int id, SceneStatus status, bool ended, int into, SceneStatus? intoStatus, bool intoEnded, string field, string code)
    {
        var refusal = SceneLineage.CheckMerge(id, status, ended, into, intoStatus, intoEnded);

        Assert.Equal((field, code), (refusal!.Field, refusal.Code));
    }

    [Theory]
    [InlineData(SceneStatus.Suspected, SceneStatus.Active)]
    [InlineData(SceneStatus.Declining, SceneStatus.Reopened)]
    public void Open_scenes_merge(SceneStatus status, SceneStatus intoStatus) =>
        Assert.Null(SceneLineage.CheckMerge(1, status, false, 2, intoStatus, false));
}
