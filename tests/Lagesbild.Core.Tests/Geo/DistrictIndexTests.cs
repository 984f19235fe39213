using Lagesbild.Core.Geo;
using NetTopologySuite.Geometries;

namespace Lagesbild.Core.Tests.Geo;

public class DistrictIndexTests
{
    private static Polygon Box(double minLon, double minLat, double maxLon, double maxLat) =>
        PolygonInput.Parse([[[minLon, minLat], [maxLon, minLat], [maxLon, maxLat], [minLon, maxLat], [minLon, minLat]]]).Value!;

    private static DistrictIndex TwoSquares() => new([(1, Box(18.0, 59.3, 18.1, 59.4)), (2, Box(18.1, 59.3, 18.2, 59.4))]);

    [Theory]
    [InlineData(18.05, 59.35, 1)]
    [InlineData(18.001, 59.399, 1)]
    [InlineData(18.15, 59.35, 2)]
    [InlineData(18.199, 59.301, 2)]
    [InlineData(18.0, 59.35, 1)] // on the outer edge: covered
    public void Locate_finds_the_district_holding_a_point(double lon, double lat, int expected)
    {
        Assert.Equal(expected, TwoSquares().Locate(lon, lat));
    }

    [Theory]
    [InlineData(18.25, 59.35)]
    [InlineData(17.95, 59.35)]
    [InlineData(18.05, 59.45)]
    [InlineData(18.15, 59.25)]
    public void Locate_gives_null_outside_every_district(double lon, double lat)
    {
        Assert.Null(TwoSquares().Locate(lon, lat));
    }

    [Fact]
    public void A_point_on_the_shared_edge_belongs_to_one_of_the_two()
    {
        Assert.Contains(TwoSquares().Locate(18.1, 59.35), new int?[] { 1, 2 });
    }

    [Fact]
    public void A_point_inside_the_envelope_but_outside_the_shape_is_in_no_district()
    {
        var triangle = PolygonInput.Parse([[[18.0, 59.3], [18.2, 59.3], [18.0, 59.5], [18.0, 59.3]]]).Value!;
        var index = new DistrictIndex([(7, triangle)]);

        Assert.Equal(7, index.Locate(18.05, 59.35));
        Assert.Null(index.Locate(18.15, 59.45));
    }

    [Fact]
    public void Locate_of_an_area_is_the_district_of_its_interior_point()
    {
        Assert.Equal(2, TwoSquares().Locate(Box(18.12, 59.32, 18.18, 59.38)));
        Assert.Null(TwoSquares().Locate(Box(18.3, 59.32, 18.4, 59.38)));
    }

    [Fact]
    public void Extent_is_the_envelope_of_all_districts()
    {
        Assert.Equal(new Envelope(18.0, 18.2, 59.3, 59.4), TwoSquares().Extent);
    }

    [Fact]
    public void An_empty_index_finds_nothing()
    {
        var index = new DistrictIndex([]);

        Assert.True(index.Extent.IsNull);
        Assert.Null(index.Locate(18.05, 59.35));
    }
}
