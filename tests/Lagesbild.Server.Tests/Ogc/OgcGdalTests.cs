using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Lagesbild.Server.Tests.Ogc;

/// <summary>
/// A real client: GDAL's OGC API - Features driver (Debian's gdal-bin, which scripts/test installs) reads every collection
/// a role may read from the server on a real port, with a personal API token, in CRS84 and transformed to EPSG:3006,
/// and finds the counts and attributes the product's own API answers.
/// </summary>
public abstract class OgcGdalTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static readonly DateTimeOffset AnHourAgo = LagesbildFactory.Now.AddHours(-1);

    private string Root => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/ogc";

    [Theory]
    [InlineData(Role.Coordinator)]
    [InlineData(Role.Police)]
    public async Task Gdal_reads_every_collection_the_role_may_read_in_both_crs(Role role)
    {
        await SeedAsync();
        var token = await app.PersonalTokenAsync(role, "GDAL");
        using var api = app.ClientFor(role);
        var collections = (await api.GetJsonAsync("/ogc/collections")).GetProperty("collections").EnumerateArray()
            .Select(c => c.GetProperty("id").GetString()!).ToList();
        Assert.Contains("observations", collections);

        var layers = await Gdal.RunAsync(token, "ogrinfo", "-ro", "-so", "OAPIF:" + Root);
        Assert.Equal(collections.Order(StringComparer.Ordinal), LayerNames(layers).Order(StringComparer.Ordinal));

        foreach (var collection in collections)
        {
            var expected = await ExpectedAsync(api, collection);
            var summary = await Gdal.RunAsync(token, "ogrinfo", "-ro", "-so", "OAPIF:" + Root, collection);
            Assert.Contains($"Feature Count: {expected.Count}", summary, StringComparison.Ordinal);

            var crs84 = await Gdal.FeaturesAsync(token, "OAPIF:" + Root, collection);
            Assert.Equal(expected.Count, crs84.Count);
            Assert.Equal(expected.Values, crs84.Select(f => ValueOf(f, expected.Property)).Order(StringComparer.Ordinal));

            var sweref = await Gdal.FeaturesAsync(token, "OAPIF:" + Root, collection, "-t_srs", "EPSG:3006");
            Assert.Equal(expected.Count, sweref.Count);
            if (collection is "observations" or "sites")
                await AssertSamePointsAsync(api, collection, sweref);
        }
    }

    [Fact]
    public async Task Gdal_signs_in_with_the_token_as_the_password_of_basic()
    {
        var token = await app.PersonalTokenAsync(Role.Analyst, "GDAL");

        var layers = await Gdal.RunAsync(null, "ogrinfo", "-ro", "-so", "-oo", $"USERPWD=analyst@test.example:{token}", "OAPIF:" + Root);

        Assert.Contains("districts", LayerNames(layers));
    }

    /// <summary>The server's own EPSG:3006 answer (northing first) and GDAL's transform of its CRS84 answer agree to a centimetre.</summary>
    private static async Task AssertSamePointsAsync(HttpClient api, string collection, IReadOnlyList<JsonElement> gdal)
    {
        var server = await api.GetJsonAsync($"/ogc/collections/{collection}/items?limit=10000&crs={Uri.EscapeDataString("http://www.opengis.net/def/crs/EPSG/0/3006")}");
        var fromServer = server.Features().Select(f => f.GetProperty("geometry").GetProperty("coordinates"))
            .Select(c => (Easting: c[1].GetDouble(), Northing: c[0].GetDouble())).ToList();
        var fromGdal = gdal.Select(f => f.GetProperty("geometry").GetProperty("coordinates"))
            .Select(c => (Easting: c[0].GetDouble(), Northing: c[1].GetDouble())).ToList();
        Assert.NotEmpty(fromServer);
        Assert.Equal(fromServer.Count, fromGdal.Count);
        // Each of the server's points has its own point from GDAL within a centimetre (compared as numbers: rounding
        // both to a decimal would part two points a hair apart on either side of a rounding boundary).
        foreach (var point in fromServer)
        {
            var match = fromGdal.FindIndex(g => Math.Abs(g.Easting - point.Easting) <= 0.01 && Math.Abs(g.Northing - point.Northing) <= 0.01);
            Assert.True(match >= 0, string.Create(CultureInfo.InvariantCulture, $"GDAL has no point within 1 cm of the server's {point.Easting:F3} {point.Northing:F3}"));
            fromGdal.RemoveAt(match);
        }
    }

    private sealed record Expected(int Count, string Property, IReadOnlyList<string> Values);

    /// <summary>What the product's own API answers for a collection: how many, and one attribute of each.</summary>
    private static async Task<Expected> ExpectedAsync(HttpClient api, string collection)
    {
        static IReadOnlyList<string> Values(IEnumerable<JsonElement> features, string property) =>
            [.. features.Select(f => ValueOf(f, property)).Order(StringComparer.Ordinal)];
        switch (collection)
        {
            case "boroughs":
                var boroughs = (await api.GetJsonAsync("/api/districts")).Features().Select(f => f.Props().GetProperty("borough").GetString()!).Distinct().Order(StringComparer.Ordinal).ToList();
                return new Expected(boroughs.Count, "name", boroughs);
            case "picture-cells":
                var grid = (await api.GetJsonAsync("/api/lagesbild")).GetProperty("grid").EnumerateArray().ToList();
                return new Expected(grid.Count, "count", [.. grid.Select(c => c.GetProperty("count").GetDouble().ToString(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal)]);
            default:
                var (url, property) = collection switch
                {
                    "districts" => ("/api/districts", "name"),
                    "scenes" => ("/api/scenes", "name"),
                    "sites" => ("/api/sites", "name"),
                    "measures" => ("/api/measures", "title"),
                    "observations" => ("/api/observations?pageSize=5000", "category"),
                    _ => throw new InvalidOperationException($"No API to compare {collection} with."),
                };
                var features = (await api.GetJsonAsync(url)).Features().ToList();
                return new Expected(features.Count, property, Values(features, property));
        }
    }

    private static string ValueOf(JsonElement feature, string property)
    {
        var value = feature.GetProperty("properties").GetProperty(property);
        return value.ValueKind == JsonValueKind.Number ? value.GetDouble().ToString(CultureInfo.InvariantCulture) : value.GetString()!;
    }

    /// <summary>The layer names of ogrinfo's summary of a data source: lines such as "1: districts (Multi Polygon)".</summary>
    private static List<string> LayerNames(string ogrinfo) =>
        [.. ogrinfo.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^\d+: (?<name>[^ ]+)")).Where(m => m.Success).Select(m => m.Groups["name"].Value)];

    private async Task SeedAsync()
    {
        var place = Places.Next();
        using var coordinator = app.ClientFor(Role.Coordinator);
        var scene = await coordinator.PostSceneAsync(place.Square(), "Active", AnHourAgo.AddDays(-3));
        await coordinator.PostJsonAsync("/api/measures", new { kind = "Lighting", title = "Belysning " + Api.UniqueLetters(), sceneId = scene.Id(), startsOn = "2026-11-01" }, HttpStatusCode.Created);
        await coordinator.PostObservationAsync(ObservationBody.At(place, AnHourAgo));
        await coordinator.PostObservationAsync(ObservationBody.At(Places.Next(), AnHourAgo.AddDays(-2), "Syringes"));
        await app.SiteAsync(Places.Next(), null);
        using var police = app.ClientFor(Role.Police);
        await police.PostObservationAsync(ObservationBody.At(place, AnHourAgo, "Use", classification: "Restricted"));
    }

}

/// <summary>GDAL's command-line tools, run with a personal token in GDAL_HTTP_HEADERS; missing tools fail the test, never skip it.</summary>
public static class Gdal
{
    public static async Task<string> RunAsync(string? token, string tool, params string[] arguments)
    {
        var path = Find(tool);
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        if (token is not null)
            start.Environment["GDAL_HTTP_HEADERS"] = $"Authorization: Bearer {token}";
        // Loopback only: no proxy, no retries that hide a refusal, and a failed request is an error.
        foreach (var proxy in new[] { "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY" })
            start.Environment.Remove(proxy);
        start.Environment["GDAL_HTTP_TIMEOUT"] = "60";
        start.Environment["CPL_DEBUG"] = "OFF";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}");
        return await output;
    }

    /// <summary>A layer's features through ogr2ogr as GeoJSON (extra arguments such as -t_srs go to ogr2ogr).</summary>
    public static async Task<IReadOnlyList<JsonElement>> FeaturesAsync(string token, string source, string layer, params string[] extra)
    {
        var output = await RunAsync(token, "ogr2ogr", [.. extra, "-f", "GeoJSON", "/vsistdout/", source, layer]);
        return [.. JsonDocument.Parse(output).RootElement.GetProperty("features").EnumerateArray().Select(f => f.Clone())];
    }

    private static string Find(string tool)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, tool)).FirstOrDefault(File.Exists);
        return found ?? throw new InvalidOperationException(
            $"{tool} is not installed: scripts/test installs Debian's gdal-bin (apt-get install gdal-bin), which the OGC API tests need.");
    }
}

/// <summary>The server on a real loopback port (Kestrel), for clients that are programs of their own.</summary>
public sealed class KestrelSqliteLagesbild : LagesbildFactory
{
    public KestrelSqliteLagesbild()
        : base(new SqliteStore()) => UseKestrel(0);
}

public sealed class KestrelPostgresLagesbild : LagesbildFactory
{
    public KestrelPostgresLagesbild()
        : base(new PostgresStore()) => UseKestrel(0);
}

public sealed class OgcGdalOnSqlite(KestrelSqliteLagesbild app) : OgcGdalTests<KestrelSqliteLagesbild>(app);

public sealed class OgcGdalOnPostgres(KestrelPostgresLagesbild app) : OgcGdalTests<KestrelPostgresLagesbild>(app);
