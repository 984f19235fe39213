using System.Net.Http.Headers;
using Lagesbild.Core.Access;
using Lagesbild.Server.Features.Demo;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Demo;

public abstract class DemoLineageTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : DemoLagesbild
{
    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.SignInAsync(email, DemoLagesbild.DemoPassword));
        return client;
    }

    [Fact]
    public async Task The_demo_holds_a_merged_scene_with_its_lineage_and_both_outlines()
    {
        using var client = await SignedInAsync("analytiker@lagesbild.example");
        var scenes = (await client.GetJsonAsync("/api/scenes")).Features().ToList();
        var merged = scenes.Single(s => s.Props().GetProperty("name").GetString() == "Scen Kista 2");
        var receiving = scenes.Single(s => s.Props().GetProperty("name").GetString() == "Scen Kista 1");

        var detail = (await client.GetJsonAsync($"/api/scenes/{merged.Id()}")).Props();
        var into = (await client.GetJsonAsync($"/api/scenes/{receiving.Id()}")).Props();

        Assert.Equal("Ceased", detail.GetProperty("status").GetString());
        Assert.True(detail.GetProperty("lineage").GetProperty("ended").GetBoolean());
        var link = Assert.Single(into.GetProperty("lineage").GetProperty("links").EnumerateArray());
        Assert.Equal(("mergedFrom", merged.Id()), (link.GetProperty("relation").GetString(), link.GetProperty("scene").GetInt64()));
        Assert.Equal(2, into.GetProperty("lineage").GetProperty("areas").GetArrayLength());
        Assert.Equal("Active", into.GetProperty("status").GetString());
        // Arose and merged this term: one new scene, one redrawn, and the counts at the terms' starts as the city reports them.
        var present = (await client.GetJsonAsync("/api/scenes/terms")).GetProperty("terms").EnumerateArray().Last();
        Assert.True(present.GetProperty("new").GetInt32() >= 1);
        Assert.True(present.GetProperty("redrawn").GetInt32() <= -1);
    }

    [Fact]
    public async Task The_police_are_told_of_the_city_s_proposal_and_may_confirm_it()
    {
        using var police = await SignedInAsync("polis@lagesbild.example");
        using var coordinator = await SignedInAsync("samordnare@lagesbild.example");
        var scene = (await police.GetJsonAsync("/api/scenes")).Features().Single(s => s.Props().GetProperty("name").GetString() == "Scen Vällingby 1");

        var proposal = Assert.Single((await police.GetJsonAsync($"/api/scenes/{scene.Id()}")).Props().GetProperty("lineage").GetProperty("proposals").EnumerateArray());
        var notices = (await police.GetJsonAsync("/api/notifications")).GetProperty("items").EnumerateArray();

        Assert.Equal(("Pending", "Ceased", true), (proposal.GetProperty("state").GetString(), proposal.GetProperty("status").GetString(), proposal.GetProperty("mayDecide").GetBoolean()));
        Assert.Contains(notices, n => n.GetProperty("kind").GetString() == "scene.status-proposed" && n.GetProperty("link").GetString() == $"/scenes/{scene.Id()}#proposals");
        var seenByCity = Assert.Single((await coordinator.GetJsonAsync($"/api/scenes/{scene.Id()}")).Props().GetProperty("lineage").GetProperty("proposals").EnumerateArray());
        Assert.False(seenByCity.GetProperty("mayDecide").GetBoolean());
        Assert.Equal(Role.Police, DemoAccounts.All.Single(a => a.Email == "polis@lagesbild.example").Role);
    }
}

public sealed class DemoLineageOnSqlite(SqliteDemoLagesbild app) : DemoLineageTests<SqliteDemoLagesbild>(app);

public sealed class DemoLineageOnPostgres(PostgresDemoLagesbild app) : DemoLineageTests<PostgresDemoLagesbild>(app);
