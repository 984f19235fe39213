using System.Net;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Districts;

/// <summary>A server with the city's own tiles in a folder (Map:TileDirectory).</summary>
public sealed class TiledSqlite() : LagesbildFactory(new SqliteStore())
{
    public string Tiles { get; } = Directory.CreateTempSubdirectory("lagesbild-tiles-").FullName;

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
        [.. base.ExtraSettings, new("Map:TileDirectory", Tiles), new("Map:TileUrl", "/tiles/{z}/{x}/{y}.png")];
}

public sealed class LocalTilesTests(TiledSqlite app) : IClassFixture<TiledSqlite>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

    [Fact]
    public async Task The_citys_own_tiles_are_served_to_anyone_and_cached_for_a_week()
    {
        Directory.CreateDirectory(Path.Combine(app.Tiles, "11", "1126"));
        await File.WriteAllBytesAsync(Path.Combine(app.Tiles, "11", "1126", "592.png"), Png);
        using var anonymous = app.CreateClient();

        using var tile = await anonymous.GetAsync("/tiles/11/1126/592.png");
        Assert.Equal(HttpStatusCode.OK, tile.StatusCode);
        Assert.Equal("image/png", tile.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Png, await tile.Content.ReadAsByteArrayAsync());
        Assert.Equal(TimeSpan.FromDays(7), tile.Headers.CacheControl?.MaxAge);
        Assert.True(tile.Headers.CacheControl?.Public);

        // The pages take them from this site: no outside host in the policy, and the map is told where they are.
        using var login = await anonymous.GetAsync("/login");
        var policy = string.Join("", login.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("img-src 'self' data: blob:;", policy, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/tiles/11/1126/593.png")] // not in the folder
    [InlineData("/tiles/11/1126/592.exe")]
    [InlineData("/tiles/11/..%2F..%2Fsecret/592.png")]
    [InlineData("/tiles/11/-1/592.png")]
    [InlineData("/tiles/99/1/1.png")]
    public async Task Nothing_but_a_tile_in_the_folder_is_answered(string path)
    {
        await File.WriteAllTextAsync(Path.Combine(app.Tiles, "secret.png"), "not for you");
        using var anonymous = app.CreateClient();
        using var answer = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
    }
}
