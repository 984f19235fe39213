using System.Net;
using Lagesbild.Server.Tests.Infrastructure;

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
}

public sealed class HostingOnSqlite(SqliteLagesbild app) : HostingTests<SqliteLagesbild>(app);

public sealed class HostingOnPostgres(PostgresLagesbild app) : HostingTests<PostgresLagesbild>(app);
