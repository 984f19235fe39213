using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Hosting;

public abstract class HostingTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    [Fact]
    public async Task Health_answers_without_sign_in()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_document_lists_the_main_routes()
    {
        using var client = app.CreateClient();
        var document = await client.GetJsonAsync("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/scenes", paths);
        Assert.Contains("/api/observations", paths);
        Assert.Contains("/api/lagesbild", paths);
        Assert.Contains("/api/auth/login", paths);
    }

    /// <summary>
    /// The API's JSON goes compressed to a client that accepts Brotli or gzip, and reads the same once unpacked; the
    /// picture of the city over a window is the answer this matters most for.
    /// </summary>
    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task The_API_answers_compressed_to_a_client_that_accepts_it(string encoding)
    {
        using var client = app.ClientFor(Role.Coordinator);
        await client.PostObservationAsync(ObservationBody.At(Places.Next(), new DateTimeOffset(2026, 11, 18, 19, 30, 0, TimeSpan.Zero), "Dealing"));
        const string picture = "/api/lagesbild?from=2026-11-16&to=2026-11-22";
        var plain = await client.GetStringAsync(picture);

        using var request = new HttpRequestMessage(HttpMethod.Get, picture);
        request.Headers.AcceptEncoding.ParseAdd(encoding);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        var packed = await response.Content.ReadAsByteArrayAsync();
        await using Stream unpacking = encoding == "br"
            ? new BrotliStream(new MemoryStream(packed), CompressionMode.Decompress)
            : new GZipStream(new MemoryStream(packed), CompressionMode.Decompress);
        using var reader = new StreamReader(unpacking, Encoding.UTF8);
        Assert.Equal(plain, await reader.ReadToEndAsync());
        Assert.True(packed.Length < Encoding.UTF8.GetByteCount(plain), $"{packed.Length} bytes packed, {plain.Length} plain");
    }

    /// <summary>Sign-in's answers carry tokens: never compressed, so that their size cannot give a secret away (BREACH).</summary>
    [Fact]
    public async Task Sign_in_answers_are_never_compressed()
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = JsonContent.Create(new { email = LagesbildFactory.EmailOf(Role.Coordinator), password = LagesbildFactory.Password }),
        };
        request.Headers.AcceptEncoding.ParseAdd("br, gzip");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Contains("accessToken", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class HostingOnSqlite(SqliteLagesbild app) : HostingTests<SqliteLagesbild>(app);

public sealed class HostingOnPostgres(PostgresLagesbild app) : HostingTests<PostgresLagesbild>(app);

/// <summary>
/// On SQLite every opening of a connection, a pooled one opened again too, waits for another writer with SQLite's own
/// busy timeout rather than the driver's 150 ms sleeps.
/// </summary>
public sealed class SqliteConnectionTests(SqliteLagesbild app) : IClassFixture<SqliteLagesbild>
{
    [Fact]
    public async Task Each_connection_waits_for_another_writer_with_the_busy_timeout()
    {
        var timeouts = await app.QueryAsync(async db =>
        {
            var seen = new List<long>();
            for (var opening = 0; opening < 2; opening++)
            {
                await db.Database.OpenConnectionAsync();
                await using (var command = db.Database.GetDbConnection().CreateCommand())
                {
                    command.CommandText = "PRAGMA busy_timeout";
                    seen.Add((long)(await command.ExecuteScalarAsync())!);
                }
                await db.Database.CloseConnectionAsync();
            }
            return seen;
        });

        Assert.Equal([Lagesbild.Data.SqliteBusyWait.Milliseconds, Lagesbild.Data.SqliteBusyWait.Milliseconds], timeouts);
    }
}
