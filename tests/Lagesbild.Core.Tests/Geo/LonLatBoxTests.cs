using Lagesbild.Core.Geo;

namespace Lagesbild.Core.Tests.Geo;

public class LonLatBoxTests
{
    [Fact]
    public void TryParse_reads_west_south_east_north()
    {
        Assert.True(LonLatBox.TryParse("17.9,59.2,18.2,59.45", out var box, out var error));

        Assert.Null(error);
        Assert.Equal(new LonLatBox(17.9, 59.2, 18.2, 59.45), box);
        Assert.True(box.Contains(18.0686, 59.3293));
        Assert.False(box.Contains(18.3, 59.3293));
    }

    [Fact]
    public void TryParse_accepts_a_single_point_box_and_the_whole_world()
    {
        Assert.True(LonLatBox.TryParse("18,59,18,59", out _, out _));
        Assert.True(LonLatBox.TryParse("-180,-90,180,90", out _, out _));
    }

    [Fact]
    public void Intersect_keeps_the_common_part_and_is_null_when_boxes_do_not_meet()
    {
        Assert.Equal(Sweref99Tm.AreaOfUse, new LonLatBox(-180, -90, 180, 90).Intersect(Sweref99Tm.AreaOfUse));
        Assert.Equal(new LonLatBox(17.9, 59.2, 18, 59.3), new LonLatBox(17.9, 59.2, 18.2, 59.3).Intersect(new LonLatBox(17, 59, 18, 60)));
        // Touching edges meet in a line, which is still a box (its points are inside both).
        Assert.Equal(new LonLatBox(18, 59.2, 18, 59.3), new LonLatBox(17.9, 59.2, 18, 59.3).Intersect(new LonLatBox(18, 59, 19, 60)));
        Assert.Null(new LonLatBox(-122.5, 37.7, -122.3, 37.8).Intersect(Sweref99Tm.AreaOfUse));
    }

    [Fact]
    public void The_cells_covering_a_box_across_the_central_meridian_reach_its_edges_between_the_corners()
    {
        // Parallels bend towards the pole away from 15 degrees east: the box's southern edge lies furthest south on 15 degrees.
        var window = Core.Analysis.GridWindow.CoveringLonLat(12, 56, 18, 58);
        foreach (var (lon, lat) in new[] { (15.0, 56.0), (15.0, 58.0), (12.0, 56.0), (18.0, 58.0), (14.9, 56.0) })
            Assert.NotEqual(-1, window.IndexOf(GridCell.Of(Sweref99Tm.Project(lon, lat))));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1,2,3")]
    [InlineData("1,2,3,4,5")]
    [InlineData("a,b,c,d")]
    [InlineData("1,2,3,")]
    [InlineData("1;2;3;4")]
    [InlineData("17,9,59,2,18,2,59,45")]
    public void TryParse_refuses_anything_but_four_numbers(string? text)
    {
        Assert.False(LonLatBox.TryParse(text, out _, out var error));

        Assert.Equal("bbox must be four numbers: minLon,minLat,maxLon,maxLat.", error);
    }

    [Theory]
    [InlineData("-181,0,10,10")]
    [InlineData("0,0,180.5,10")]
    [InlineData("0,-91,10,10")]
    [InlineData("0,0,10,90.01")]
    [InlineData("NaN,0,10,10")]
    [InlineData("0,0,Infinity,10")]
    public void TryParse_refuses_coordinates_out_of_range(string text)
    {
        Assert.False(LonLatBox.TryParse(text, out _, out var error));

        Assert.Equal("bbox is outside the valid range of longitude (-180..180) and latitude (-90..90).", error);
    }

    [Theory]
    [InlineData("18.2,59.2,17.9,59.45")]
    [InlineData("17.9,59.45,18.2,59.2")]
    [InlineData("18.2,59.45,17.9,59.2")]
    public void TryParse_refuses_reversed_corners(string text)
    {
        Assert.False(LonLatBox.TryParse(text, out _, out var error));

        Assert.Equal("bbox must list the south-west corner before the north-east corner.", error);
    }

    [Fact]
    public void Expand_grows_every_side()
    {
        Assert.Equal(new LonLatBox(17, 58, 20, 61), new LonLatBox(18, 59, 19, 60).Expand(1));
    }
}
