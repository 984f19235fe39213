using System.Net.Http.Headers;
using Lagesbild.Core.Access;
using Lagesbild.Server.Features.Demo;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Demo;

public abstract class DemoTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : DemoLagesbild
{
    [Fact]
    public async Task Every_demo_account_signs_in_with_the_published_password()
    {
        Assert.Equal(Enum.GetValues<Role>().Order(), DemoAccounts.All.Select(a => a.Role).Order());
        foreach (var account in DemoAccounts.All)
        {
            var token = await app.SignInAsync(account.Email, DemoLagesbild.DemoPassword);
            using var client = app.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var me = await client.GetJsonAsync("/api/auth/me");
            Assert.Equal([account.Role.ToString()], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal(account.Name, me.GetProperty("name").GetString());
        }
    }

    [Fact]
    public async Task The_demo_has_its_scenes_named_by_district()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var scenes = (await client.GetJsonAsync("/api/scenes")).Features().ToList();

        Assert.InRange(scenes.Count, 25, 40);
        Assert.All(scenes, s => Assert.Matches(@"^Scen \D+ \d+$", s.Props().GetProperty("name").GetString()));
        Assert.All(scenes, s => Assert.NotNull(s.Props().GetProperty("district").GetString()));
        var scene = await client.GetJsonAsync($"/api/scenes/{scenes[0].Id()}");
        Assert.NotEqual(0, scene.Props().GetProperty("notes").GetArrayLength());
    }

    [Fact]
    public async Task The_demo_has_its_observations()
    {
        using var police = app.ClientFor(Role.Police);
        var all = await police.GetJsonAsync("/api/observations?pageSize=1");
        Assert.Equal(DemoLagesbild.Observations, all.GetProperty("numberMatched").GetInt32());

        using var staff = app.ClientFor(Role.SchoolStaff);
        var visible = (await staff.GetJsonAsync("/api/observations?pageSize=1")).GetProperty("numberMatched").GetInt32();
        Assert.InRange(visible, 1, DemoLagesbild.Observations - 1);

        var picture = await police.GetJsonAsync("/api/lagesbild");
        Assert.True(picture.GetProperty("total").GetDouble() > 0);
        Assert.NotEqual(0, picture.GetProperty("grid").GetArrayLength());
    }

    [Fact]
    public async Task The_demo_reports_four_more_in_the_last_term_and_five_fewer_in_this_one()
    {
        using var client = app.ClientFor(Role.Analyst);

        var compare = await client.GetJsonAsync("/api/indicators/active-scenes/compare?aFrom=2018-10-15&aTo=2022-10-15&bFrom=2022-10-15&bTo=2026-10-15");

        Assert.Equal((10, 14, 4), Period(compare.GetProperty("a")));
        Assert.Equal((14, 9, -5), Period(compare.GetProperty("b")));

        static (int, int, int) Period(System.Text.Json.JsonElement p) =>
            (p.GetProperty("atStart").GetInt32(), p.GetProperty("atEnd").GetInt32(), p.GetProperty("change").GetInt32());
    }
}

public sealed class DemoOnSqlite(SqliteDemoLagesbild app) : DemoTests<SqliteDemoLagesbild>(app);

public sealed class DemoOnPostgres(PostgresDemoLagesbild app) : DemoTests<PostgresDemoLagesbild>(app);
