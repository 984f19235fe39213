using System.Net;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Districts;

public abstract class DistrictTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    [Fact]
    public async Task Districts_are_the_117_stadsdelar_in_11_boroughs()
    {
        using var client = app.ClientFor(Role.SchoolStaff);
        var districts = await client.GetJsonAsync("/api/districts");
        Assert.Equal("FeatureCollection", districts.GetProperty("type").GetString());
        var features = districts.Features().ToList();
        Assert.Equal(117, features.Count);
        Assert.All(features, f =>
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Props().GetProperty("name").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(f.Props().GetProperty("borough").GetString()));
            Assert.Equal("Polygon", f.GetProperty("geometry").GetProperty("type").GetString());
        });
        Assert.Equal(117, features.Select(f => f.Props().GetProperty("name").GetString()).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(11, features.Select(f => f.Props().GetProperty("borough").GetString()).Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(features, f => f.Props().GetProperty("name").GetString() == "Hässelby gård");
    }

    [Fact]
    public async Task Districts_filter_by_borough()
    {
        using var client = app.ClientFor(Role.Analyst);
        var all = (await client.GetJsonAsync("/api/districts")).Features().ToList();
        var borough = all.Single(f => f.Props().GetProperty("name").GetString() == "Rinkeby").Props().GetProperty("borough").GetString()!;
        var expected = all.Where(f => f.Props().GetProperty("borough").GetString() == borough).Select(f => f.Id()).Order().ToList();

        var filtered = await client.GetJsonAsync($"/api/districts?borough={Uri.EscapeDataString(borough)}");

        Assert.Equal(expected, filtered.Ids().Order().ToList());
        Assert.InRange(expected.Count, 2, 116);
    }

    [Fact]
    public async Task District_by_id_is_one_feature()
    {
        using var client = app.ClientFor(Role.Guard);
        var first = (await client.GetJsonAsync("/api/districts")).Features().First();

        var district = await client.GetJsonAsync($"/api/districts/{first.Id()}");

        Assert.Equal("Feature", district.GetProperty("type").GetString());
        Assert.Equal(first.Id(), district.Id());
        Assert.Equal(first.Props().GetProperty("name").GetString(), district.Props().GetProperty("name").GetString());
        Assert.Equal("Polygon", district.GetProperty("geometry").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Unknown_district_is_404()
    {
        using var client = app.ClientFor(Role.Coordinator);
        using var response = await client.GetAsync("/api/districts/99999");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

public sealed class DistrictsOnSqlite(SqliteLagesbild app) : DistrictTests<SqliteLagesbild>(app);

public sealed class DistrictsOnPostgres(PostgresLagesbild app) : DistrictTests<PostgresLagesbild>(app);
