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
