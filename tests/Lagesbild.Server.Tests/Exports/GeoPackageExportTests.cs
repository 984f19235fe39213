using System.Net;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Lagesbild.Server.Tests.Exports;

/// <summary>GET /api/exports/geopackage: the window's observations, scenes, sites and measures for GIS, as each role may read them.</summary>
public abstract class GeoPackageExportTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static readonly DateTimeOffset From = LagesbildFactory.Now.AddDays(-7), To = LagesbildFactory.Now;

    private sealed record Seeded(Place Place, long Scene, long Site, long Measure, long Restricted, string Window);

    /// <summary>A place of its own: an active scene, a preschool, a measure, three Internal observations (one with words) and one Restricted.</summary>
    private async Task<Seeded> SeedAsync()
    {
        var place = Places.Next();
        using var police = app.ClientFor(Role.Police);
        using var coordinator = app.ClientFor(Role.Coordinator);
        var scene = (await police.PostSceneAsync(place.Square(), "Active", LagesbildFactory.Now.AddDays(-30), $"Exportscen {Api.UniqueLetters()[..6]}")).Id();
        var site = (await app.SiteAsync(place, await app.HomeOrganisationAsync())).Id();
        var measure = (await police.PostJsonAsync("/api/measures", new { kind = "Lighting", title = "Belysning <script>alert(1)</script>", sceneId = scene, startsOn = "2026-11-20", cost = 45_000 }, HttpStatusCode.Created)).Id();
        for (var i = 0; i < 3; i++)
            await coordinator.PostObservationAsync(ObservationBody.At(place, LagesbildFactory.Now.AddDays(-2).AddHours(i)) with { Text = i == 0 ? "Sågs langa vid porten" : null });
        var restricted = (await police.PostObservationAsync(ObservationBody.At(place, LagesbildFactory.Now.AddDays(-1), classification: "Restricted") with { Text = "Spaning" })).Id();
        // Outside the window: in no layer.
        await coordinator.PostObservationAsync(ObservationBody.At(place, LagesbildFactory.Now.AddDays(-20)));
        var window = $"from={Api.Query(From)}&to={Api.Query(To)}";
        return new Seeded(place, scene, site, measure, restricted, window);
    }

    private static async Task<byte[]> ExportAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync($"/api/exports/geopackage?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/geopackage+sqlite3", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Theory]
    [InlineData(Role.Police, 4)]
    [InlineData(Role.Analyst, 3)]
    [InlineData(Role.Coordinator, 3)]
    public async Task The_file_opens_in_GDAL_with_the_counts_the_API_gives_the_same_reader(Role role, int observations)
    {
        var seeded = await SeedAsync();
        using var client = app.ClientFor(role);
        using var file = new ExportFiles.TempFile(await ExportAsync(client, $"bbox={seeded.Place.Bbox}&{seeded.Window}"), "gpkg");

        var listed = await client.GetJsonAsync($"/api/observations?bbox={seeded.Place.Bbox}&{seeded.Window}");
        Assert.Equal(listed.GetProperty("numberMatched").GetInt32(), await ExportFiles.GdalCountAsync(file.Path, "observations"));
        Assert.Equal(observations, await ExportFiles.GdalCountAsync(file.Path, "observations"));

        var scenes = (await client.GetJsonAsync("/api/scenes?status=Active")).Features().Count(f => f.Id() == seeded.Scene);
        Assert.Equal(1, scenes);
        Assert.Equal(scenes, await ExportFiles.GdalCountAsync(file.Path, "scenes"));
        var sites = (await client.GetJsonAsync("/api/sites")).Features().Count(f => f.Id() == seeded.Site);
        Assert.Equal(1, sites);
        Assert.Equal(sites, await ExportFiles.GdalCountAsync(file.Path, "sites"));
        var measures = (await client.GetJsonAsync($"/api/measures?scene={seeded.Scene}")).Features().Count();
        Assert.Equal(1, measures);
        Assert.Equal(measures, await ExportFiles.GdalCountAsync(file.Path, "measures"));

        var info = await ExportFiles.OgrInfoAsync(file.Path, "observations");
        Assert.Contains("Geometry: Point", info, StringComparison.Ordinal);
        Assert.Contains("occurred_from: DateTime", info, StringComparison.Ordinal);
        Assert.Contains("WGS 84", info, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tables_are_the_GeoPackage_standards_and_the_rows_hold_what_the_reader_may_read()
    {
        var seeded = await SeedAsync();
        using var analyst = app.ClientFor(Role.Analyst);
        using var police = app.ClientFor(Role.Police);
        using var analysts = new ExportFiles.TempFile(await ExportAsync(analyst, $"bbox={seeded.Place.Bbox}&{seeded.Window}"), "gpkg");
        using var polices = new ExportFiles.TempFile(await ExportAsync(police, $"bbox={seeded.Place.Bbox}&{seeded.Window}"), "gpkg");

        using var connection = ExportFiles.Open(analysts.Path);
        Assert.Equal(0x47504B47L, ExportFiles.Rows(connection, "PRAGMA application_id")[0][0]);
        Assert.Equal(10300L, ExportFiles.Rows(connection, "PRAGMA user_version")[0][0]);
        Assert.Equal([-1L, 0L, 3006L, 4326L], ExportFiles.Rows(connection, "SELECT srs_id FROM gpkg_spatial_ref_sys ORDER BY srs_id").Select(r => r[0]));
        Assert.Equal(["measures|features|4326", "observations|features|4326", "scenes|features|4326", "sites|features|4326"],
            ExportFiles.Rows(connection, "SELECT table_name, data_type, srs_id FROM gpkg_contents ORDER BY table_name").Select(r => string.Join('|', r)));
        Assert.Equal(["measures|geom|GEOMETRY", "observations|geom|POINT", "scenes|geom|POLYGON", "sites|geom|POINT"],
            ExportFiles.Rows(connection, "SELECT table_name, column_name, geometry_type_name FROM gpkg_geometry_columns ORDER BY table_name").Select(r => string.Join('|', r)));
        Assert.Empty(ExportFiles.Rows(connection, "PRAGMA foreign_key_check"));

        // The analyst reads no Restricted record, and the words as the API gives them to her (her own organisation's).
        var rows = ExportFiles.Rows(connection, "SELECT fid, geom, classification, text, category, occurred_from FROM observations ORDER BY fid");
        Assert.DoesNotContain(rows, r => (long)r[0]! == seeded.Restricted);
        Assert.All(rows, r => Assert.Equal("Internal", r[2]));
        var listed = (await analyst.GetJsonAsync($"/api/observations?bbox={seeded.Place.Bbox}&{seeded.Window}")).Features()
            .ToDictionary(f => f.Id(), f => f.Props().GetProperty("text").GetString());
        Assert.Equal(listed.OrderBy(p => p.Key), rows.Select(r => new KeyValuePair<long, string?>((long)r[0]!, (string?)r[3])));
        var point = (Point)ExportFiles.Geometry(rows[0][1]);
        var (lon, lat) = seeded.Place.At();
        Assert.Equal(lon, point.X, 6);
        Assert.Equal(lat, point.Y, 6);
        Assert.Equal(4326, point.SRID);
        Assert.Equal("2026-11-25T10:00:00.000Z", rows[0][5]);
        var measure = ExportFiles.Rows(connection, "SELECT title, cost_sek, starts_on, kind FROM measures")[0];
        Assert.Equal(["Belysning <script>alert(1)</script>", 45_000L, "2026-11-20", "Lighting"], measure);

        // The police read their Restricted record and the coordinator's words, in their area (the whole city).
        using var theirs = ExportFiles.Open(polices.Path);
        var texts = ExportFiles.Rows(theirs, "SELECT fid, classification, text FROM observations ORDER BY fid");
        Assert.Contains(texts, r => (long)r[0]! == seeded.Restricted && (string)r[1]! == "Restricted" && (string?)r[2] == "Spaning");
        Assert.Contains(texts, r => (string?)r[2] == "Sågs langa vid porten");
    }

    [Fact]
    public async Task SWEREF_99_TM_is_offered_and_GDAL_reads_it_in_metres()
    {
        var seeded = await SeedAsync();
        using var client = app.ClientFor(Role.Coordinator);
        using var file = new ExportFiles.TempFile(await ExportAsync(client, $"bbox={seeded.Place.Bbox}&{seeded.Window}&crs=EPSG:3006&layers=sites,scenes"), "gpkg");

        var info = await ExportFiles.OgrInfoAsync(file.Path, "sites");
        Assert.Contains("SWEREF99 TM", info, StringComparison.Ordinal);
        Assert.Equal(1, await ExportFiles.GdalCountAsync(file.Path, "scenes"));
        using var connection = ExportFiles.Open(file.Path);
        Assert.Equal(["scenes", "sites"], ExportFiles.Rows(connection, "SELECT table_name FROM gpkg_contents ORDER BY table_name").Select(r => r[0]));
        var point = (Point)ExportFiles.Geometry(ExportFiles.Rows(connection, "SELECT geom FROM sites")[0][0]);
        var expected = Core.Geo.Sweref99Tm.Project(seeded.Place.Lon, seeded.Place.Lat);
        Assert.Equal(3006, point.SRID);
        Assert.Equal(expected.X, point.X, 1);
        Assert.Equal(expected.Y, point.Y, 1);
    }

    [Fact]
    public async Task The_pages_form_with_the_whole_city_and_its_checked_layers_gets_those_layers()
    {
        var seeded = await SeedAsync();
        using var client = app.ClientFor(Role.Analyst);
        // The page's GET form: "the whole city" as district= and a key per checked box, layers=scenes&layers=measures.
        using var file = new ExportFiles.TempFile(await ExportAsync(client, $"district=&{seeded.Window}&layers=scenes&layers=measures&crs=EPSG:4326"), "gpkg");

        using var connection = ExportFiles.Open(file.Path);
        Assert.Equal(["measures", "scenes"], ExportFiles.Rows(connection, "SELECT table_name FROM gpkg_contents ORDER BY table_name").Select(r => r[0]));
    }

    [Fact]
    public async Task A_district_or_a_borough_holds_the_observations_the_API_lists_there()
    {
        var seeded = await SeedAsync();
        using var client = app.ClientFor(Role.Coordinator);
        // A place well inside a district (a test square may lie in water, outside every district).
        var inside = await client.PostObservationAsync(ObservationBody.At(Places.Sodermalm, LagesbildFactory.Now.AddDays(-3)));
        var district = inside.Props().GetProperty("districtId").GetInt32();
        using var inDistrict = new ExportFiles.TempFile(await ExportAsync(client, $"district={district}&{seeded.Window}&layers=observations"), "gpkg");
        var listed = await client.GetJsonAsync($"/api/observations?district={district}&{seeded.Window}");
        Assert.Equal(listed.GetProperty("numberMatched").GetInt32(), await ExportFiles.GdalCountAsync(inDistrict.Path, "observations"));

        var borough = (await client.GetJsonAsync($"/api/districts/{district}")).Props().GetProperty("borough").GetString()!;
        using var inBorough = new ExportFiles.TempFile(await ExportAsync(client, $"borough={Uri.EscapeDataString(borough)}&{seeded.Window}&layers=observations"), "gpkg");
        var districts = (await client.GetJsonAsync($"/api/districts?borough={Uri.EscapeDataString(borough)}")).Features().Select(f => f.Id()).ToList();
        var total = 0;
        foreach (var id in districts)
            total += (await client.GetJsonAsync($"/api/observations?district={id}&{seeded.Window}")).GetProperty("numberMatched").GetInt32();
        Assert.Equal(total, await ExportFiles.GdalCountAsync(inBorough.Path, "observations"));
        Assert.True(total >= 1);
    }

    [Theory]
    [InlineData(Role.SchoolStaff)]
    [InlineData(Role.SchoolManager)]
    [InlineData(Role.Guard)]
    [InlineData(Role.ControlRoom)]
    [InlineData(Role.Partner)]
    [InlineData(Role.DataProtection)]
    public async Task Roles_that_do_not_analyse_may_not_export(Role role)
    {
        using var client = app.ClientFor(role);
        using var response = await client.GetAsync("/api/exports/geopackage");
        await response.ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Each_export_is_one_audit_entry_naming_what_it_held_and_the_owners_of_Restricted_records_are_told()
    {
        var seeded = await SeedAsync();
        using var police = app.ClientFor(Role.Police);
        using var analyst = app.ClientFor(Role.Analyst);
        await ExportAsync(police, $"bbox={seeded.Place.Bbox}&{seeded.Window}");
        await ExportAsync(analyst, $"bbox={seeded.Place.Bbox}&{seeded.Window}&layers=observations");

        var entries = await app.QueryAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == "export" && e.Entity == "GeoPackage" && e.Route!.Contains(seeded.Place.Bbox)).OrderBy(e => e.Id).ToListAsync());
        var polices = entries.Where(e => e.UserId == app.UserIds[Role.Police]).ToList();
        Assert.Equal(2, polices.Count);
        Assert.Equal("City", polices[0].Owner);
        Assert.Equal(7, polices[0].Count);
        Assert.StartsWith("observations 4, scenes 1, sites 1, measures 1;", polices[0].Detail, StringComparison.Ordinal);
        Assert.Equal("Police", polices[1].Owner);
        Assert.Contains($"ids {seeded.Restricted}", polices[1].Detail, StringComparison.Ordinal);
        var analysts = entries.Where(e => e.UserId == app.UserIds[Role.Analyst]).ToList();
        Assert.Single(analysts);
        Assert.StartsWith("observations 3;", analysts[0].Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("from=2026-11-20&to=2026-11-10", "to")]
    [InlineData("from=2025-01-01&to=2026-11-10", "from")]
    [InlineData("from=yesterday", "from")]
    [InlineData("layers=observations,secrets", "layers")]
    [InlineData("layers=1%3BDROP%20TABLE%20observations", "layers")]
    [InlineData("bbox=10.0,50.0,10.1,50.1", "bbox")]
    [InlineData("bbox=18.1,59.4,18.0,59.3", "bbox")]
    [InlineData("bbox=18,59,18", "bbox")]
    [InlineData("district=999999", "district")]
    [InlineData("district=Kista", "district")]
    [InlineData("borough=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "borough")]
    [InlineData("borough=Rinkeby-Kista'%20OR%201%3D1--", "borough")]
    [InlineData("district=1&bbox=18.0,59.3,18.1,59.4", "bbox")]
    [InlineData("crs=EPSG:3857", "crs")]
    public async Task Bad_input_is_a_problem_naming_the_field(string query, string field)
    {
        using var client = app.ClientFor(Role.Analyst);
        using var response = await client.GetAsync($"/api/exports/geopackage?{query}");
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_bad_request_writes_no_audit_entry()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var marker = Api.UniqueLetters()[..10];
        using var response = await client.GetAsync($"/api/exports/geopackage?borough={marker}");
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "borough");
        Assert.Equal(0, await app.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Route!.Contains(marker))));
    }
}

public sealed class GeoPackageExportOnSqlite(SqliteLagesbild app) : GeoPackageExportTests<SqliteLagesbild>(app);

public sealed class GeoPackageExportOnPostgres(PostgresLagesbild app) : GeoPackageExportTests<PostgresLagesbild>(app);
