using Lagesbild.Core.Geo;
using Lagesbild.Data;
using Lagesbild.Server.Features.Sites;
using NetTopologySuite.Geometries;

namespace Lagesbild.Server.Tests.Sites;

/// <summary>Which active scenes are near a site: the bounding box only rules scenes out, the area's distance decides.</summary>
public sealed class NearbyScenesTests
{
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    private static readonly Site School = new() { Name = "Skolan", Location = Wgs84.CreatePoint(new Coordinate(18.0000, 59.3300)) };

    private static ExposureService.ActiveScene Scene(string name, params (double Lon, double Lat)[] ring)
    {
        var area = Wgs84.CreatePolygon([.. ring.Select(c => new Coordinate(c.Lon, c.Lat)), new Coordinate(ring[0].Lon, ring[0].Lat)]);
        return new ExposureService.ActiveScene(new Scene { Name = name, Area = area }, Sweref99Tm.Project(area));
    }

    [Fact]
    public void A_scene_whose_box_reaches_the_site_but_whose_area_does_not_is_not_near()
    {
        // A thin strip running from north-east to south-west past the school: its box holds the school, while the
        // strip itself passes about 280 m from it.
        var strip = Scene("Remsan", (18.0100, 59.3400), (18.0110, 59.3400), (18.0010, 59.3200), (18.0000, 59.3200));
        var close = Scene("Torget", (18.0010, 59.3302), (18.0020, 59.3302), (18.0020, 59.3306), (18.0010, 59.3306));
        var far = Scene("Långt bort", (18.1000, 59.4000), (18.1010, 59.4000), (18.1010, 59.4010), (18.1000, 59.4010));

        var near = ExposureService.NearbyOf(School, [strip, close, far], 200);
        var wider = ExposureService.NearbyOf(School, [far, strip, close], 2000);

        Assert.Equal(["Torget"], near.Select(n => n.Scene.Scene.Name));
        Assert.InRange(near[0].DistanceMetres, 50, 120);
        Assert.Equal(["Torget", "Remsan"], wider.Select(n => n.Scene.Scene.Name));
        Assert.InRange(wider[1].DistanceMetres, 200, 2000);
    }
}
