using System.Net;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Observations;
using Lagesbild.Data;
using Lagesbild.Server.Features.Observations;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Analysis;

/// <summary>/api/analysis/hotspots and /api/analysis/candidates: each test owns a square kilometre far from the others.</summary>
public abstract class AnalysisTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static readonly DateTimeOffset Now = LagesbildFactory.Now;

    /// <summary>A box of about 1.7 × 1.8 km; region n lies 2.3 km east of region n - 1.</summary>
    private sealed record Region(double Lon, double Lat)
    {
        public string Bbox => Place.Box(Lon - 0.015, Lat - 0.008, Lon + 0.015, Lat + 0.008);

        /// <summary>A point offset from the centre by metres east and north (roughly).</summary>
        public (double Lon, double Lat) At(double east, double north) => (Lon + east / 56_900, Lat + north / 111_300);
    }

    private static Region RegionNumber(int n) => new(17.86 + 0.04 * n, 59.36);

    private static async Task PostAsync(HttpClient client, (double Lon, double Lat) at, DateTimeOffset when, string category = "Dealing", string classification = "Internal") =>
        await client.PostObservationAsync(new ObservationBody(category, at.Lat, at.Lon, when, Classification: classification));

    /// <summary>Observations spread thinly over the region, at least 600 m from its centre: the background.</summary>
    private static async Task BackgroundAsync(HttpClient client, Region region, int count, int days = 20)
    {
        for (var i = 0; i < count; i++)
        {
            var angle = i * 2.4;
            await PostAsync(client, region.At(Math.Cos(angle) * 650, Math.Sin(angle) * 450), Now.AddDays(-1 - i % days).AddHours(-i), "Use");
        }
    }

    /// <summary>A tight group of observations at the region's centre, one an hour back from the given time.</summary>
    private static async Task ClusterAsync(HttpClient client, Region region, int count, DateTimeOffset latest, string classification = "Internal")
    {
        for (var i = 0; i < count; i++)
            await PostAsync(client, region.At(i % 5 * 6 - 12, i / 5 * 6 - 6), latest.AddHours(-i * 7), i % 3 == 0 ? "Syringes" : "Dealing", classification);
    }

    private static JsonElement CellAt(JsonElement layer, (double Lon, double Lat) at)
    {
        var cell = GridCell.Of(Sweref99Tm.Project(at.Lon, at.Lat));
        var found = layer.Features().Where(f => f.Props().GetProperty("column").GetInt32() == cell.Column && f.Props().GetProperty("row").GetInt32() == cell.Row).ToList();
        Assert.True(found.Count == 1, $"No cell {cell} in {layer}");
        return found[0];
    }

    [Fact]
    public async Task Gi_star_finds_the_cluster_as_a_hot_spot_at_99_percent()
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        using var client = app.ClientFor(Role.Analyst);
        var region = RegionNumber(0);
        await ClusterAsync(coordinator, region, 20, Now.AddDays(-2));
        await BackgroundAsync(coordinator, region, 12);

        var layer = await client.GetJsonAsync($"/api/analysis/hotspots?method=gistar&band=250&bbox={region.Bbox}");

        Assert.Equal("FeatureCollection", layer.GetProperty("type").GetString());
        Assert.Equal("GiStar", layer.GetProperty("method").GetString());
        Assert.Equal(32, layer.GetProperty("observations").GetDouble(), 3);
        Assert.True(layer.GetProperty("studyCells").GetInt32() > 20);
        var hot = CellAt(layer, region.At(0, 0)).Props();
        Assert.Equal(3, hot.GetProperty("bin").GetInt32());
        Assert.True(hot.GetProperty("z").GetDouble() > 3);
        Assert.True(hot.GetProperty("p").GetDouble() < 0.01);
        // Every significant cell is the cluster's or next to it (band 250 m: the cell and its four neighbours).
        var centre = GridCell.Of(Sweref99Tm.Project(region.Lon, region.Lat));
        Assert.All(layer.Features().Where(f => f.Props().GetProperty("bin").GetInt32() > 0), f =>
            Assert.True(Math.Abs(f.Props().GetProperty("column").GetInt32() - centre.Column) + Math.Abs(f.Props().GetProperty("row").GetInt32() - centre.Row) <= 2));
        var square = layer.Features().First().GetProperty("geometry");
        Assert.Equal("Polygon", square.GetProperty("type").GetString());
        Assert.Equal(5, square.GetProperty("coordinates")[0].GetArrayLength());
    }

    [Fact]
    public async Task Kernel_density_peaks_on_the_cluster_with_the_quartic_kernel()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var region = RegionNumber(1);
        await ClusterAsync(client, region, 10, Now.AddDays(-3));

        var layer = await client.GetJsonAsync($"/api/analysis/hotspots?method=kde&bandwidth=400&bbox={region.Bbox}");

        var cells = layer.Features().Select(f => f.Props()).ToList();
        var peak = cells.MaxBy(c => c.GetProperty("density").GetDouble());
        var clusterCell = CellAt(layer, region.At(0, 0)).Props();
        Assert.Equal(clusterCell.GetProperty("column").GetInt32(), peak.GetProperty("column").GetInt32());
        // All ten in one cell: the density at its centre is 10 · 3 / (π · 400²) per m², in km².
        Assert.Equal(10 * 3 / (Math.PI * 400 * 400) * 1e6, clusterCell.GetProperty("density").GetDouble(), 2);
        Assert.Equal(400, layer.GetProperty("parameters").GetProperty("bandwidth").GetDouble());
    }

    [Fact]
    public async Task A_cluster_of_the_last_week_is_a_new_emerging_hot_spot()
    {
        using var client = app.ClientFor(Role.Police);
        var region = RegionNumber(2);
        await BackgroundAsync(client, region, 24, days: 50);
        await ClusterAsync(client, region, 15, Now.AddDays(-1));

        var layer = await client.GetJsonAsync($"/api/analysis/hotspots?method=emerging&weeks=8&band=250&bbox={region.Bbox}");

        Assert.Equal("New", CellAt(layer, region.At(0, 0)).Props().GetProperty("pattern").GetString());
        Assert.Equal(8, layer.GetProperty("parameters").GetProperty("weeks").GetInt32());
        var window = layer.GetProperty("window");
        Assert.Equal(Now, window.GetProperty("to").GetDateTimeOffset());
        Assert.Equal(Now.AddDays(-56), window.GetProperty("from").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_window_without_data_is_an_empty_answer()
    {
        using var client = app.ClientFor(Role.Analyst);
        var region = RegionNumber(3);
        foreach (var method in new[] { "gistar", "kde", "emerging" })
        {
            var layer = await client.GetJsonAsync($"/api/analysis/hotspots?method={method}&bbox={region.Bbox}");
            Assert.Empty(layer.Features());
            Assert.Equal(0, layer.GetProperty("observations").GetDouble());
        }
        var candidates = await client.GetJsonAsync($"/api/analysis/candidates?bbox={region.Bbox}");
        Assert.Empty(candidates.Features());
        Assert.Equal(0, candidates.GetProperty("observationsClustered").GetInt32());
    }

    [Fact]
    public async Task A_cluster_is_a_new_candidate_until_a_scene_is_registered_there()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var region = RegionNumber(4);
        await ClusterAsync(client, region, 12, Now.AddDays(-4));
        await BackgroundAsync(client, region, 6);

        var found = await client.GetJsonAsync($"/api/analysis/candidates?bbox={region.Bbox}");

        var candidate = Assert.Single(found.Features());
        var p = candidate.Props();
        Assert.Equal("New", p.GetProperty("match").GetString());
        Assert.Equal(12, p.GetProperty("observations").GetInt32());
        Assert.Equal(1.5, p.GetProperty("perWeek").GetDouble());
        Assert.Equal(8, p.GetProperty("byCategory").GetProperty("Dealing").GetInt32());
        Assert.Equal(4, p.GetProperty("byCategory").GetProperty("Syringes").GetInt32());
        var hours = p.GetProperty("activeHours").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(168, hours.Length);
        Assert.Equal(1, hours.Max());
        Assert.Equal(18, found.GetProperty("observationsClustered").GetInt32());
        Assert.Equal("Dbscan", found.GetProperty("parameters").GetProperty("method").GetString());

        // Turning it into a scene: its hull is a valid scene area, and the candidate now matches the scene.
        var hull = candidate.GetProperty("geometry");
        Assert.Equal("Polygon", hull.GetProperty("type").GetString());
        var area = JsonSerializer.Deserialize<double[][][]>(hull.GetProperty("coordinates").GetRawText())!;
        var scene = await client.PostSceneAsync(area, name: "Scen från kandidat");
        var again = await client.GetJsonAsync($"/api/analysis/candidates?bbox={region.Bbox}");
        var matched = Assert.Single(again.Features()).Props();
        Assert.Equal("Matches", matched.GetProperty("match").GetString());
        Assert.Equal(scene.Id(), matched.GetProperty("scene").GetProperty("id").GetInt64());
        Assert.Equal("Active", matched.GetProperty("suggest").GetString());
        // The scene made from the hull holds every observation of the cluster.
        var detail = await client.GetJsonAsync($"/api/scenes/{scene.Id()}");
        Assert.Equal(12, detail.Props().GetProperty("profileObservations").GetInt32());
    }

    [Fact]
    public async Task An_active_scene_without_evidence_for_the_weeks_is_questioned()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var region = RegionNumber(5);
        var place = new Place(region.Lon, region.Lat);
        var scene = await client.PostSceneAsync(place.Square(), "Active", Now.AddDays(-200));
        await PostAsync(client, place.At(), Now.AddDays(-70));

        var found = await client.GetJsonAsync($"/api/analysis/candidates?bbox={region.Bbox}");

        var quiet = Assert.Single(found.GetProperty("quietScenes").EnumerateArray());
        Assert.Equal(scene.Id(), quiet.GetProperty("id").GetInt64());
        Assert.Equal(Now.AddDays(-70), quiet.GetProperty("lastEvidence").GetDateTimeOffset());
        Assert.Equal(10, quiet.GetProperty("quietWeeks").GetInt32());
        Assert.Equal("Declining", quiet.GetProperty("suggest").GetString());

        // One observation inside it in the window, and it is no longer questioned.
        await PostAsync(client, place.At(), Now.AddDays(-3), "Use");
        var after = await client.GetJsonAsync($"/api/analysis/candidates?bbox={region.Bbox}");
        Assert.Empty(after.GetProperty("quietScenes").EnumerateArray());
    }

    [Fact]
    public async Task St_dbscan_splits_a_place_by_time()
    {
        using var client = app.ClientFor(Role.Police);
        var region = RegionNumber(6);
        await ClusterAsync(client, region, 9, Now.AddDays(-2));
        await ClusterAsync(client, region, 9, Now.AddDays(-30));

        var space = await client.GetJsonAsync($"/api/analysis/candidates?bbox={region.Bbox}&minPoints=5");
        var spaceTime = await client.GetJsonAsync($"/api/analysis/candidates?bbox={region.Bbox}&minPoints=5&method=st-dbscan&epsSeconds=604800");

        Assert.Equal(18, Assert.Single(space.Features()).Props().GetProperty("observations").GetInt32());
        Assert.Equal([9, 9], spaceTime.Features().Select(f => f.Props().GetProperty("observations").GetInt32()));
        Assert.Equal(604800, spaceTime.GetProperty("parameters").GetProperty("epsSeconds").GetDouble());
    }

    [Fact]
    public async Task Restricted_observations_make_candidates_only_for_those_who_may_see_them()
    {
        using var police = app.ClientFor(Role.Police);
        using var coordinator = app.ClientFor(Role.Coordinator);
        var region = RegionNumber(7);
        await ClusterAsync(police, region, 10, Now.AddDays(-5), "Restricted");

        var forPolice = await police.GetJsonAsync($"/api/analysis/candidates?bbox={region.Bbox}");
        var forCoordinator = await coordinator.GetJsonAsync($"/api/analysis/candidates?bbox={region.Bbox}");
        var hotForCoordinator = await coordinator.GetJsonAsync($"/api/analysis/hotspots?method=kde&bbox={region.Bbox}");

        Assert.Single(forPolice.Features());
        Assert.Empty(forCoordinator.Features());
        Assert.Equal(0, forCoordinator.GetProperty("observationsClustered").GetInt32());
        Assert.Empty(hotForCoordinator.Features());
    }

    [Theory]
    [InlineData(Role.SchoolStaff)]
    [InlineData(Role.SchoolManager)]
    [InlineData(Role.Guard)]
    [InlineData(Role.ControlRoom)]
    public async Task Schools_and_guards_may_not_run_the_analysis(Role role)
    {
        using var client = app.ClientFor(role);
        using var hotspots = await client.GetAsync("/api/analysis/hotspots");
        using var candidates = await client.GetAsync("/api/analysis/candidates");
        Assert.Equal(HttpStatusCode.Forbidden, hotspots.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, candidates.StatusCode);
    }

    [Theory]
    [InlineData("method=hexbins", "method")]
    [InlineData("method=1;DROP TABLE Observations", "method")]
    [InlineData("band=0", "band")]
    [InlineData("band=-250", "band")]
    [InlineData("band=NaN", "band")]
    [InlineData("band=100", "band")]
    [InlineData("band=2001", "band")]
    [InlineData("method=kde&bandwidth=abc", "bandwidth")]
    [InlineData("method=emerging&weeks=2", "weeks")]
    [InlineData("method=emerging&weeks=53", "weeks")]
    [InlineData("from=2026-11-20&to=2026-11-10", "to")]
    [InlineData("from=2024-01-01&to=2026-11-20", "from")]
    [InlineData("categories=<script>alert(1)</script>", "categories")]
    [InlineData("method=emerging&weeks=4", "weeks")]
    [InlineData("from=1900-01-01", "from")]
    [InlineData("bbox=18,59,200,60", "bbox")]
    [InlineData("district=99999", "district")]
    public async Task Bad_hot_spot_requests_name_the_field(string query, string field)
    {
        using var client = app.ClientFor(Role.Analyst);
        using var response = await client.GetAsync($"/api/analysis/hotspots?{query}");
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("eps=0", "eps")]
    [InlineData("eps=-5", "eps")]
    [InlineData("eps=NaN", "eps")]
    [InlineData("eps=Infinity", "eps")]
    [InlineData("minPoints=0", "minPoints")]
    [InlineData("minPoints=two", "minPoints")]
    [InlineData("method=optics", "method")]
    [InlineData("method=st-dbscan&epsSeconds=0", "epsSeconds")]
    [InlineData("method=st-dbscan&epsSeconds=-1", "epsSeconds")]
    [InlineData("weeks=0", "weeks")]
    [InlineData("weeks=53", "weeks")]
    [InlineData("from=2026-10-01", "from")]
    [InlineData("categories=Dealing,' OR 1=1 --", "categories")]
    public async Task Bad_candidate_requests_name_the_field(string query, string field)
    {
        using var client = app.ClientFor(Role.Analyst);
        using var response = await client.GetAsync($"/api/analysis/candidates?{query}");
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_box_beyond_the_city_is_cut_to_it()
    {
        using var client = app.ClientFor(Role.Analyst);

        var europe = await client.GetJsonAsync("/api/analysis/hotspots?method=kde&bbox=-30,30,60,80");
        var world = await client.GetJsonAsync("/api/analysis/hotspots?bbox=-180,-85,180,85");
        var city = await client.GetJsonAsync("/api/analysis/hotspots?method=kde");

        Assert.InRange(europe.GetProperty("studyCells").GetInt32(), city.GetProperty("studyCells").GetInt32(), 40_000);
        Assert.Equal(europe.GetProperty("studyCells").GetInt32(), world.GetProperty("studyCells").GetInt32());
    }

    [Fact]
    public async Task A_window_with_too_many_observations_is_refused_with_a_way_forward()
    {
        // The tests allow 300 observations per candidate search (200,000 by default).
        var region = RegionNumber(8);
        var rows = await app.RunAsync<ObservationWriter, List<Observation>>(writer => Task.FromResult(Enumerable.Range(0, 301).Select(i =>
        {
            var (lon, lat) = region.At(i % 20 * 10, i / 20 * 10);
            var request = new ObservationRequest(ObservationCategory.Dealing, lat, lon, Now.AddHours(-1 - i), null, 1, Classification.Internal, null);
            return writer.Build(request, ObservationSource.Staff, Now);
        }).ToList()));
        await app.QueryAsync(db =>
        {
            db.Observations.AddRange(rows);
            return db.SaveChangesAsync();
        });
        using var client = app.ClientFor(Role.Analyst);

        using var response = await client.GetAsync($"/api/analysis/candidates?bbox={region.Bbox}");

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "weeks");
        var message = problem.GetProperty("errors").GetProperty("weeks")[0].GetString()!;
        Assert.Contains("301", message, StringComparison.Ordinal);
        Assert.Contains("lagesbild cluster", message, StringComparison.Ordinal);
        // The hot spots count in the database and take the same window.
        var layer = await client.GetJsonAsync($"/api/analysis/hotspots?method=kde&bbox={region.Bbox}");
        Assert.Equal(301, layer.GetProperty("observations").GetDouble(), 3);
    }
}

public sealed class AnalysisOnSqlite(SqliteLagesbild app) : AnalysisTests<SqliteLagesbild>(app);

public sealed class AnalysisOnPostgres(PostgresLagesbild app) : AnalysisTests<PostgresLagesbild>(app);
