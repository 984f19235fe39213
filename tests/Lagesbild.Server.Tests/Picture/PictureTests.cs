using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Picture;

/// <summary>/api/lagesbild: totals, grid, hour-of-week (aoristic) and categories for an area and a window.</summary>
public abstract class PictureTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    // Hours of week (local): Wednesday 20-21, Thursday 10-11, Friday 19-20 and 20-21.
    private const int Wednesday20 = 68, Thursday10 = 82, Friday19 = 115, Friday20 = 116;

    // The week of Monday 16 November 2026, written as local dates.
    private const string Week = "from=2026-11-16&to=2026-11-22";

    /// <summary>Two dealing and one use at instants, and a syringe found after a two-hour window: four in all.</summary>
    private async Task<Place> SeedWeekAsync(HttpClient client)
    {
        var place = Places.Next();
        await client.PostObservationAsync(ObservationBody.At(place, new DateTimeOffset(2026, 11, 18, 19, 30, 0, TimeSpan.Zero), "Dealing"));
        await client.PostObservationAsync(ObservationBody.At(place, new DateTimeOffset(2026, 11, 18, 19, 45, 0, TimeSpan.Zero), "Dealing"));
        await client.PostObservationAsync(ObservationBody.At(place, new DateTimeOffset(2026, 11, 19, 9, 30, 0, TimeSpan.Zero), "Use"));
        await client.PostObservationAsync(ObservationBody.At(place, new DateTimeOffset(2026, 11, 20, 18, 0, 0, TimeSpan.Zero), "Syringes",
            occurredTo: new DateTimeOffset(2026, 11, 20, 20, 0, 0, TimeSpan.Zero)));
        // Outside the week, and outside the place.
        await client.PostObservationAsync(ObservationBody.At(place, new DateTimeOffset(2026, 11, 10, 19, 30, 0, TimeSpan.Zero), "Dealing"));
        await client.PostObservationAsync(ObservationBody.At(Places.Next(), new DateTimeOffset(2026, 11, 18, 19, 30, 0, TimeSpan.Zero), "Dealing"));
        return place;
    }

    private static double[] HourOfWeek(JsonElement picture) => picture.GetProperty("hourOfWeek").EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static SortedDictionary<string, double> Categories(JsonElement picture) =>
        new(picture.GetProperty("byCategory").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetDouble()));

    private static double Category(JsonElement picture, string category) =>
        picture.GetProperty("byCategory").TryGetProperty(category, out var value) ? value.GetDouble() : 0;

    [Fact]
    public async Task The_picture_counts_the_window_in_the_area()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var place = await SeedWeekAsync(client);

        var picture = await client.GetJsonAsync($"/api/lagesbild?bbox={place.Bbox}&{Week}");

        Assert.Equal(4, picture.GetProperty("total").GetDouble(), 3);
        var window = picture.GetProperty("window");
        Assert.Equal(new DateTimeOffset(2026, 11, 15, 23, 0, 0, TimeSpan.Zero), window.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 23, 0, 0, TimeSpan.Zero), window.GetProperty("to").GetDateTimeOffset());
        var hours = HourOfWeek(picture);
        Assert.Equal(168, hours.Length);
        Assert.Equal(4, hours.Sum(), 3);
        Assert.Equal(2, hours[Wednesday20], 3);
        Assert.Equal(1, hours[Thursday10], 3);
        Assert.Equal(0.5, hours[Friday19], 3);
        Assert.Equal(0.5, hours[Friday20], 3);
        Assert.Equal(2, Category(picture, "Dealing"), 3);
        Assert.Equal(1, Category(picture, "Use"), 3);
        Assert.Equal(1, Category(picture, "Syringes"), 3);
        Assert.Equal(3, picture.GetProperty("byCategory").EnumerateObject().Count());
    }

    [Fact]
    public async Task The_grid_has_cells_with_counts_around_the_area()
    {
        using var client = app.ClientFor(Role.Police);
        var place = await SeedWeekAsync(client);

        var picture = await client.GetJsonAsync($"/api/lagesbild?bbox={place.Bbox}&{Week}");

        Assert.Equal(250, picture.GetProperty("cellSize").GetDouble());
        var cells = picture.GetProperty("grid").EnumerateArray().ToList();
        Assert.InRange(cells.Count, 1, 4);
        Assert.Equal(4, cells.Sum(c => c.GetProperty("count").GetDouble()), 3);
        // A cell's centre lies within half a cell (about 0.0045 degrees of longitude here) of the points in it.
        Assert.All(cells, c =>
        {
            Assert.InRange(c.GetProperty("lon").GetDouble(), place.Lon - 0.005, place.Lon + 0.005);
            Assert.InRange(c.GetProperty("lat").GetDouble(), place.Lat - 0.0025, place.Lat + 0.0025);
            Assert.True(c.GetProperty("count").GetDouble() > 0);
        });
    }

    [Theory]
    [InlineData("68", 2)]
    [InlineData("115", 0.5)]
    [InlineData("115-116", 1)]
    [InlineData("68,115", 2.5)]
    [InlineData("0-67", 0)]
    public async Task The_hours_filter_counts_the_share_inside_them(string hours, double total)
    {
        using var client = app.ClientFor(Role.Coordinator);
        var place = await SeedWeekAsync(client);

        var picture = await client.GetJsonAsync($"/api/lagesbild?bbox={place.Bbox}&{Week}&hours={hours}");

        Assert.Equal(total, picture.GetProperty("total").GetDouble(), 3);
        Assert.Equal(total, HourOfWeek(picture).Sum(), 3);
        Assert.Equal(total, picture.GetProperty("byCategory").EnumerateObject().Sum(c => c.Value.GetDouble()), 3);
        Assert.Equal(hours, picture.GetProperty("window").GetProperty("hours").GetString());
    }

    [Fact]
    public async Task Categories_narrow_the_picture()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var place = await SeedWeekAsync(client);

        var picture = await client.GetJsonAsync($"/api/lagesbild?bbox={place.Bbox}&{Week}&categories=Dealing,Syringes");

        Assert.Equal(3, picture.GetProperty("total").GetDouble(), 3);
        Assert.Equal(0, Category(picture, "Use"));
    }

    [Fact]
    public async Task Without_a_window_the_picture_is_the_last_28_days()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var place = Places.Next();
        await client.PostObservationAsync(ObservationBody.At(place, LagesbildFactory.Now.AddHours(-1)));
        await client.PostObservationAsync(ObservationBody.At(place, LagesbildFactory.Now.AddDays(-27)));
        await client.PostObservationAsync(ObservationBody.At(place, LagesbildFactory.Now.AddDays(-29)));

        var picture = await client.GetJsonAsync($"/api/lagesbild?bbox={place.Bbox}");

        Assert.Equal(2, picture.GetProperty("total").GetDouble(), 3);
        Assert.Equal(LagesbildFactory.Now, picture.GetProperty("window").GetProperty("to").GetDateTimeOffset());
        Assert.Equal(LagesbildFactory.Now.AddDays(-28), picture.GetProperty("window").GetProperty("from").GetDateTimeOffset());
    }

    [Fact]
    public async Task The_picture_lists_the_scenes_in_the_area()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var place = Places.Next();
        var inside = await client.PostSceneAsync(place.Square(), name: "Scen i bilden");
        var outside = await client.PostSceneAsync(Places.Next().Square());

        var picture = await client.GetJsonAsync($"/api/lagesbild?bbox={place.Bbox}");

        var scenes = picture.GetProperty("scenes").EnumerateArray().ToList();
        var listed = Assert.Single(scenes);
        Assert.Equal(inside.Id(), listed.GetProperty("id").GetInt64());
        Assert.Equal("Scen i bilden", listed.GetProperty("name").GetString());
        Assert.Equal("Suspected", listed.GetProperty("status").GetString());
        Assert.DoesNotContain(scenes, s => s.GetProperty("id").GetInt64() == outside.Id());
    }

    [Fact]
    public async Task A_box_in_the_city_counted_in_memory_answers_as_the_database_counts_a_box_reaching_beyond_it()
    {
        // The in-memory index counts a box that lies in the service area; a box reaching beyond the area is counted by
        // the database. The same observations, on and just off the box's edges, must come out the same both ways.
        using var client = app.ClientFor(Role.Coordinator);
        var place = Places.Next();
        var at = new DateTimeOffset(2021, 3, 3, 19, 17, 0, TimeSpan.Zero);
        var (west, south, east, north) = (place.Lon - Place.Half, place.Lat - Place.Half, place.Lon + Place.Half, place.Lat + Place.Half);
        var points = new (double Lon, double Lat, string Category, int Minutes)[]
        {
            (place.Lon, place.Lat, "Dealing", 0),
            (east, place.Lat, "Dealing", 60),
            (west, south, "Use", 120),
            (place.Lon, north, "Use", 1),
            (east + 0.00001, place.Lat, "Dealing", 2),
            (place.Lon, south - 0.00001, "Dealing", 3),
        };
        foreach (var (lon, lat, category, minutes) in points)
            await client.PostObservationAsync(new ObservationBody(category, lat, lon, at.AddMinutes(minutes)));
        var window = $"from={Api.Query(at)}&to={Api.Query(at.AddHours(3))}";

        foreach (var narrowing in new[] { "", "&categories=Dealing", "&hours=68-69" })
        {
            var inside = await client.GetJsonAsync($"/api/lagesbild?bbox={Place.Box(west, south, east, north)}&{window}{narrowing}");
            var beyond = await client.GetJsonAsync($"/api/lagesbild?bbox={Place.Box(west, south, east, 75)}&{window}{narrowing}");

            Assert.Equal(beyond.GetProperty("total").GetDouble(), inside.GetProperty("total").GetDouble(), 3);
            Assert.Equal(HourOfWeek(beyond), HourOfWeek(inside));
            Assert.Equal(beyond.GetProperty("grid").ToString(), inside.GetProperty("grid").ToString());
            Assert.Equal(Categories(beyond), Categories(inside));
        }
        var all = await client.GetJsonAsync($"/api/lagesbild?bbox={Place.Box(west, south, east, north)}&{window}");
        Assert.Equal(4, all.GetProperty("total").GetDouble(), 3);
        Assert.Equal(2, Category(all, "Dealing"), 3);
    }

    [Fact]
    public async Task A_district_picture_counts_that_district()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var at = new DateTimeOffset(2026, 11, 24, 19, 0, 0, TimeSpan.Zero);
        var created = await client.PostObservationAsync(ObservationBody.At(Places.Rinkeby, at));
        var district = created.Props().GetProperty("districtId").GetInt32();
        var window = $"from={Api.Query(at)}&to={Api.Query(at.AddSeconds(1))}";
        var before = await client.GetJsonAsync($"/api/lagesbild?district={district}&{window}");
        await client.PostObservationAsync(ObservationBody.At(Places.Rinkeby, at, "Use"));
        await client.PostObservationAsync(ObservationBody.At(Places.Sodermalm, at, "Use"));

        var after = await client.GetJsonAsync($"/api/lagesbild?district={district}&{window}");

        Assert.Equal(before.GetProperty("total").GetDouble() + 1, after.GetProperty("total").GetDouble(), 3);
        Assert.Equal(Category(before, "Use") + 1, Category(after, "Use"), 3);
    }
}

public sealed class PictureOnSqlite(SqliteLagesbild app) : PictureTests<SqliteLagesbild>(app);

public sealed class PictureOnPostgres(PostgresLagesbild app) : PictureTests<PostgresLagesbild>(app);
