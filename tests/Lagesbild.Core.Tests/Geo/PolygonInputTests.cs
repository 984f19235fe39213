using Lagesbild.Core.Geo;
using NetTopologySuite.Algorithm;

namespace Lagesbild.Core.Tests.Geo;

public class PolygonInputTests
{
    private static readonly double[][] SquareCcw = [[18.0, 59.3], [18.1, 59.3], [18.1, 59.4], [18.0, 59.4], [18.0, 59.3]];
    private static readonly double[][] SquareCw = [[18.0, 59.3], [18.0, 59.4], [18.1, 59.4], [18.1, 59.3], [18.0, 59.3]];
    private static readonly double[][] HoleCw = [[18.02, 59.32], [18.02, 59.38], [18.08, 59.38], [18.08, 59.32], [18.02, 59.32]];
    private static readonly double[][] HoleCcw = [[18.02, 59.32], [18.08, 59.32], [18.08, 59.38], [18.02, 59.38], [18.02, 59.32]];

    [Fact]
    public void A_valid_square_is_a_polygon_in_wgs84()
    {
        var result = PolygonInput.Parse([SquareCcw]);

        Assert.Null(result.Error);
        var polygon = Assert.IsType<NetTopologySuite.Geometries.Polygon>(result.Value);
        Assert.Equal(4326, polygon.SRID);
        Assert.Equal(0.01, polygon.Area, 1e-12);
        Assert.Equal(5, polygon.Shell.NumPoints);
        Assert.Equal(0, polygon.NumInteriorRings);
        Assert.True(polygon.Shell.IsCCW);
    }

    [Fact]
    public void A_clockwise_ring_comes_back_counter_clockwise()
    {
        var result = PolygonInput.Parse([SquareCw]);

        Assert.Null(result.Error);
        Assert.True(result.Value!.Shell.IsCCW);
        Assert.Equal(0.01, result.Value.Area, 1e-12);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(true, false)]
    public void Rings_follow_the_right_hand_rule_whatever_their_input_orientation(bool shellCw, bool holeCw)
    {
        var result = PolygonInput.Parse([shellCw ? SquareCw : SquareCcw, holeCw ? HoleCw : HoleCcw]);

        Assert.Null(result.Error);
        var polygon = result.Value!;
        Assert.True(polygon.Shell.IsCCW, "RFC 7946: the exterior ring is counter-clockwise");
        Assert.False(Orientation.IsCCW(polygon.Holes[0].CoordinateSequence), "RFC 7946: holes are clockwise");
        Assert.Equal(0.01 - 0.0036, polygon.Area, 1e-12);
    }

    [Fact]
    public void An_unclosed_ring_is_refused()
    {
        var result = PolygonInput.Parse([[[18.0, 59.3], [18.1, 59.3], [18.1, 59.4], [18.0, 59.4]]]);

        Assert.Null(result.Value);
        Assert.Equal("Ring 0 is not closed: its last position must repeat its first.", result.Error);
    }

    [Fact]
    public void A_ring_of_fewer_than_four_positions_is_refused()
    {
        var result = PolygonInput.Parse([[[18.0, 59.3], [18.1, 59.3], [18.0, 59.3]]]);

        Assert.Null(result.Value);
        Assert.Equal("Ring 0 needs at least four positions (the first repeated last).", result.Error);
    }

    [Fact]
    public void A_short_hole_is_refused_by_its_index()
    {
        var result = PolygonInput.Parse([SquareCcw, [[18.02, 59.32], [18.08, 59.32]]]);

        Assert.Equal("Ring 1 needs at least four positions (the first repeated last).", result.Error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    public void No_rings_is_refused(int? count)
    {
        var result = PolygonInput.Parse(count is null ? null : new double[count.Value][][]);

        Assert.Equal("A polygon needs at least one ring of coordinates.", result.Error);
    }

    [Fact]
    public void A_bow_tie_is_not_valid()
    {
        var result = PolygonInput.Parse([[[18.0, 59.3], [18.1, 59.4], [18.1, 59.3], [18.0, 59.4], [18.0, 59.3]]]);

        Assert.Null(result.Value);
        Assert.StartsWith("The polygon is not valid:", result.Error);
        Assert.Contains("Self-intersection", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_hole_outside_the_shell_is_not_valid()
    {
        var result = PolygonInput.Parse([SquareCcw, [[19.0, 59.3], [19.0, 59.4], [19.1, 59.4], [19.0, 59.3]]]);

        Assert.StartsWith("The polygon is not valid:", result.Error);
    }

    [Fact]
    public void A_ring_of_one_repeated_point_is_not_valid()
    {
        var result = PolygonInput.Parse([[[18.0, 59.3], [18.0, 59.3], [18.0, 59.3], [18.0, 59.3]]]);

        Assert.StartsWith("The polygon is not valid:", result.Error);
    }

    [Theory]
    [InlineData(181.0, 59.3)]
    [InlineData(18.0, -90.5)]
    [InlineData(double.NaN, 59.3)]
    [InlineData(18.0, double.PositiveInfinity)]
    public void A_position_out_of_range_is_refused(double lon, double lat)
    {
        var result = PolygonInput.Parse([[[18.0, 59.3], [lon, lat], [18.1, 59.4], [18.0, 59.3]]]);

        Assert.Null(result.Value);
        Assert.Equal("Ring 0, position 1 is not a [longitude, latitude] pair within range.", result.Error);
    }

    [Fact]
    public void A_position_without_latitude_is_refused()
    {
        var result = PolygonInput.Parse([[[18.0, 59.3], [18.1], [18.1, 59.4], [18.0, 59.3]]]);

        Assert.Equal("Ring 0, position 1 is not a [longitude, latitude] pair within range.", result.Error);
    }
}
