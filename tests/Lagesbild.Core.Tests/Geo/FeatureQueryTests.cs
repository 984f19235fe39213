using Lagesbild.Core.Geo;

namespace Lagesbild.Core.Tests.Geo;

public class FeatureQueryTests
{
    private static (FeatureQuery Query, Dictionary<string, string[]> Errors) Parse(
        string? bbox = null, string? bboxCrs = null, string? datetime = null, string? limit = null, string? offset = null, string? crs = null)
    {
        var errors = new Dictionary<string, string[]>();
        return (FeatureQuery.Parse(bbox, bboxCrs, datetime, limit, offset, crs, errors), errors);
    }

    [Fact]
    public void Nothing_given_is_the_whole_collection_in_crs84_a_hundred_at_a_time()
    {
        var (query, errors) = Parse();

        Assert.Empty(errors);
        Assert.Equal(new FeatureQuery(null, default, 100, 0, FeatureCrs.Crs84), query);
    }

    [Theory]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/3006", FeatureCrs.Sweref99Tm)]
    [InlineData("[EPSG:3006]", FeatureCrs.Sweref99Tm)]
    [InlineData("http://www.opengis.net/def/crs/OGC/1.3/CRS84", FeatureCrs.Crs84)]
    [InlineData("[OGC:CRS84]", FeatureCrs.Crs84)]
    public void The_two_offered_crs_are_read_by_uri_or_safe_curie(string text, FeatureCrs expected)
    {
        var (query, errors) = Parse(crs: text);

        Assert.Empty(errors);
        Assert.Equal(expected, query.Crs);
    }

    [Theory]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/4326")]
    [InlineData("EPSG:3857")]
    [InlineData("")]
    public void Another_crs_is_not_offered(string text) => Assert.True(Parse(crs: text).Errors.ContainsKey("crs"));

    [Fact]
    public void A_sweref_box_northing_first_becomes_the_lon_lat_box_around_it()
    {
        // E 674571.866, N 6580743.008 is 18.0686 E, 59.3293 N (PROJ).
        var (query, errors) = Parse(bbox: "6580643.008,674471.866,6580843.008,674671.866", bboxCrs: "EPSG:3006");

        Assert.Empty(errors);
        var box = query.Bbox!.Value;
        Assert.True(box.Contains(18.0686, 59.3293));
        Assert.InRange(box.MaxLon - box.MinLon, 0.0034, 0.0037); // 200 m at 59.3° N
        Assert.InRange(box.MaxLat - box.MinLat, 0.0017, 0.0019);
    }

    [Theory]
    [InlineData("674471.866,6580643.008,674671.866,6580843.008", "EPSG:3006")] // easting first
    [InlineData("6580843,674671,6580643,674471", "EPSG:3006")] // corners reversed
    [InlineData("18.1,59.3,18.0,59.4", null)]
    [InlineData("18.0,59.3,18.1,59.4,5", null)]
    [InlineData("18.0,91,18.1,92", null)]
    [InlineData("NaN,59.3,18.1,59.4", null)]
    public void A_box_in_the_wrong_order_or_outside_its_crs_is_refused(string bbox, string? crs) =>
        Assert.True(Parse(bbox: bbox, bboxCrs: crs).Errors.ContainsKey("bbox"));

    [Theory]
    [InlineData("2026-11-20T18:00:00Z", "2026-11-20T18:00:00Z", "2026-11-20T18:00:00Z")]
    [InlineData("2026-11-20T19:00:00+01:00", "2026-11-20T18:00:00Z", "2026-11-20T18:00:00Z")]
    [InlineData("2026-11-01T00:00:00Z/2026-11-30T00:00:00Z", "2026-11-01T00:00:00Z", "2026-11-30T00:00:00Z")]
    [InlineData("../2026-11-30T00:00:00Z", null, "2026-11-30T00:00:00Z")]
    [InlineData("/2026-11-30T00:00:00Z", null, "2026-11-30T00:00:00Z")]
    [InlineData("2026-11-01T00:00:00.5Z/..", "2026-11-01T00:00:00.5Z", null)]
    public void Datetime_is_an_instant_or_an_interval_open_at_one_end(string text, string? from, string? to)
    {
        var (query, errors) = Parse(datetime: text);

        Assert.Empty(errors);
        Assert.Equal(from is null ? null : DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture), query.Window.From);
        Assert.Equal(to is null ? null : DateTimeOffset.Parse(to, System.Globalization.CultureInfo.InvariantCulture), query.Window.To);
    }

    [Theory]
    [InlineData("../..")]
    [InlineData("/")]
    [InlineData("2026-11-30T00:00:00Z/2026-11-01T00:00:00Z")]
    [InlineData("2026-11-20")]
    [InlineData("2026-11-20T18:00:00")]
    [InlineData("2026-11-20T18:00:00Z/2026-11-21T18:00:00Z/2026-11-22T18:00:00Z")]
    [InlineData("20 november")]
    public void An_open_reversed_or_malformed_datetime_is_refused(string text) =>
        Assert.True(Parse(datetime: text).Errors.ContainsKey("datetime"));

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("ten")]
    [InlineData("99999999999")]
    public void A_limit_below_one_or_not_a_whole_number_is_refused(string limit) =>
        Assert.True(Parse(limit: limit).Errors.ContainsKey("limit"));

    [Fact]
    public void A_limit_over_the_maximum_is_the_maximum()
    {
        var (query, errors) = Parse(limit: "50000");

        Assert.Empty(errors);
        Assert.Equal(FeatureQuery.MaxLimit, query.Limit);
    }

    [Fact]
    public void A_window_meets_periods_that_overlap_it_ends_included()
    {
        var window = new TimeWindow(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero));

        Assert.True(window.Meets(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), null));
        Assert.True(window.Meets(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), null));
        Assert.True(window.Meets(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.False(window.Meets(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 31, 0, 0, 0, TimeSpan.Zero)));
        Assert.False(window.Meets(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), null));
    }
}
