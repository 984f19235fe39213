using System.Net;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Scenes;

public abstract class SceneListTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    [Fact]
    public async Task Status_filters_the_register()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var suspected = await client.PostSceneAsync(Places.Next().Square());
        var active = await client.PostSceneAsync(Places.Next().Square(), status: "Active", statusAt: LagesbildFactory.Now.AddDays(-2));

        var activeList = await client.GetJsonAsync("/api/scenes?status=Active");
        var both = await client.GetJsonAsync("/api/scenes?status=active,Suspected");
        var all = await client.GetJsonAsync("/api/scenes");

        Assert.Contains(active.Id(), activeList.Ids());
        Assert.DoesNotContain(suspected.Id(), activeList.Ids());
        Assert.All(activeList.Features(), f => Assert.Equal("Active", f.Props().GetProperty("status").GetString()));
        Assert.Superset(new HashSet<long> { active.Id(), suspected.Id() }, both.Ids().ToHashSet());
        Assert.Superset(new HashSet<long> { active.Id(), suspected.Id() }, all.Ids().ToHashSet());
        var listed = all.Features().Single(f => f.Id() == active.Id()).Props();
        Assert.Equal(LagesbildFactory.Now.AddDays(-2), listed.GetProperty("since").GetDateTimeOffset());
        // Whether a status counts as active is the core's rule, said with each scene so that maps need not know it.
        Assert.All(all.Features(), f => Assert.Equal(
            Core.Scenes.SceneLifecycle.IsActive(Enum.Parse<Core.Scenes.SceneStatus>(f.Props().GetProperty("status").GetString()!)),
            f.Props().GetProperty("active").GetBoolean()));
        Assert.False(all.Features().Single(f => f.Id() == suspected.Id()).Props().GetProperty("active").GetBoolean());
        Assert.True(listed.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task District_filters_the_register()
    {
        using var client = app.ClientFor(Role.Police);
        var rinkeby = await client.PostSceneAsync(Places.Rinkeby.Square());
        var sodermalm = await client.PostSceneAsync(Places.Sodermalm.Square());
        var districtId = rinkeby.Props().GetProperty("districtId").GetInt32();

        var listed = await client.GetJsonAsync($"/api/scenes?district={districtId}");

        Assert.Contains(rinkeby.Id(), listed.Ids());
        Assert.DoesNotContain(sodermalm.Id(), listed.Ids());
        Assert.All(listed.Features(), f => Assert.Equal(districtId, f.Props().GetProperty("districtId").GetInt32()));
    }

    [Fact]
    public async Task ActiveOn_finds_scenes_active_at_any_time_that_day()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var scene = await client.PostSceneAsync(Places.Next().Square(), status: "Suspected", statusAt: new DateTimeOffset(2025, 1, 2, 12, 0, 0, TimeSpan.Zero));
        // Active from 00:30 local on 11 January 2025 to 00:30 local on 1 March 2025: both 23:30 UTC the day before,
        // so a server counting UTC days would list it on 10 January and not on 1 March.
        await client.ChangeStatusAsync(scene.Id(), "Active", new DateTimeOffset(2025, 1, 10, 23, 30, 0, TimeSpan.Zero));
        await client.ChangeStatusAsync(scene.Id(), "Ceased", new DateTimeOffset(2025, 2, 28, 23, 30, 0, TimeSpan.Zero));

        async Task<bool> ListedOn(string date) => (await client.GetJsonAsync($"/api/scenes?activeOn={date}")).Ids().Contains(scene.Id());

        Assert.False(await ListedOn("2025-01-10"));
        Assert.True(await ListedOn("2025-01-11"));
        Assert.True(await ListedOn("2025-02-01"));
        Assert.True(await ListedOn("2025-03-01"));
        Assert.False(await ListedOn("2025-03-02"));
        Assert.False(await ListedOn("2025-06-01"));
    }

    [Theory]
    [InlineData("status=Exploded", "status")]
    [InlineData("status=1", "status")]
    [InlineData("activeOn=2025-13-01", "activeOn")]
    [InlineData("activeOn=tomorrow", "activeOn")]
    [InlineData("district=Rinkeby", "district")]
    public async Task A_bad_filter_is_400_naming_it(string query, string field)
    {
        using var client = app.ClientFor(Role.Analyst);
        using var response = await client.GetAsync($"/api/scenes?{query}");
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }
}

public sealed class SceneListOnSqlite(SqliteLagesbild app) : SceneListTests<SqliteLagesbild>(app);

public sealed class SceneListOnPostgres(PostgresLagesbild app) : SceneListTests<PostgresLagesbild>(app);
