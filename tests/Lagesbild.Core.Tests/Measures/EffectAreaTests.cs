using Lagesbild.Core.Geo;
using Lagesbild.Core.Measures;
using NetTopologySuite.Geometries;

namespace Lagesbild.Core.Tests.Measures;

public class EffectAreaTests
{
    // A 100 m square near Husby centrum, in SWEREF 99 TM, then in WGS 84.
    private static readonly Geometry Square = Sweref99Tm.Unproject(new GeometryFactory(new PrecisionModel(), Sweref99Tm.Srid)
        .ToGeometry(new Envelope(661_000, 661_100, 6_588_000, 6_588_100)));

    private static double SquareMetres(Geometry wgs84) => Sweref99Tm.Project(wgs84).Area;

    [Fact]
    public void The_default_ring_leaves_a_200_m_gap_and_reaches_1000_m()
    {
        var area = EffectAreas.Ring(Square);
        Assert.False(area.Comparison.Intersects(Square));
        // Buffer of a 100 m square by r: 100² + 4·100·r + πr²; the ring is the 1,000 m buffer less the 200 m one.
        double Buffered(double r) => 100 * 100 + 4 * 100 * r + Math.PI * r * r;
        var expected = Buffered(1000) - Buffered(200);
        Assert.Equal(expected, SquareMetres(area.Comparison), expected * 0.005);
        var near = Sweref99Tm.Unproject(new GeometryFactory(new PrecisionModel(), Sweref99Tm.Srid).CreatePoint(new Coordinate(661_050, 6_588_250)));
        var inRing = Sweref99Tm.Unproject(new GeometryFactory(new PrecisionModel(), Sweref99Tm.Srid).CreatePoint(new Coordinate(661_050, 6_588_600)));
        Assert.False(area.Comparison.Covers(near));
        Assert.True(area.Comparison.Covers(inRing));
    }

    [Fact]
    public void A_point_has_an_area_only_with_a_radius()
    {
        var site = Square.Centroid;
        Assert.Null(EffectAreas.TargetArea(site, null));
        var circle = EffectAreas.TargetArea(site, 150)!;
        Assert.Equal(Math.PI * 150 * 150, SquareMetres(circle), Math.PI * 150 * 150 * 0.01);
        Assert.Same(Square, EffectAreas.TargetArea(Square, null));
    }

    [Fact]
    public void Chosen_districts_leave_out_the_target()
    {
        var district = Sweref99Tm.Unproject(new GeometryFactory(new PrecisionModel(), Sweref99Tm.Srid)
            .ToGeometry(new Envelope(660_500, 661_500, 6_587_500, 6_588_500)));
        var area = EffectAreas.Chosen(Square, [district]);
        Assert.Equal(1000 * 1000 - 100 * 100, SquareMetres(area.Comparison), 100.0);
    }

    [Fact]
    public void A_ring_turned_inside_out_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EffectAreas.Ring(Square, 500, 400));
}
