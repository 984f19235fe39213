using System.Net;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Indicators;

/// <summary>
/// The number of active scenes over time. Other tests on the same database add scenes too, so each test takes
/// the counts before its own writes and asserts the difference.
/// </summary>
public abstract class IndicatorTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private const string Series = "/api/indicators/active-scenes?from=2019-01-01&to=2019-06-01";
    private const string Compare = "/api/indicators/active-scenes/compare?aFrom=2019-01-01&aTo=2019-04-01&bFrom=2019-04-01&bTo=2019-06-01";

    private static DateTimeOffset Noon(int year, int month, int day) => new(year, month, day, 11, 0, 0, TimeSpan.Zero);

    /// <summary>Active from 15 February 2019, declining from 10 April, ceased 20 May.</summary>
    private static async Task SceneActiveInSpring2019Async(HttpClient client)
    {
        var scene = await client.PostSceneAsync(Places.Next().Square(), status: "Active", statusAt: Noon(2019, 2, 15));
        await client.ChangeStatusAsync(scene.Id(), "Declining", Noon(2019, 4, 10));
        await client.ChangeStatusAsync(scene.Id(), "Ceased", Noon(2019, 5, 20));
    }

    /// <summary>Suspected from January 2019, never active: it must not count.</summary>
    private static async Task SceneOnlySuspectedAsync(HttpClient client)
    {
        var scene = await client.PostSceneAsync(Places.Next().Square(), status: "Suspected", statusAt: Noon(2019, 1, 5));
        await client.ChangeStatusAsync(scene.Id(), "Ceased", Noon(2019, 3, 5));
    }

    private static List<(string At, int Count)> Points(JsonElement series) =>
        series.GetProperty("points").EnumerateArray().Select(p => (p.GetProperty("at").GetString()!, p.GetProperty("count").GetInt32())).ToList();

    [Fact]
    public async Task The_monthly_series_counts_active_scenes_at_the_start_of_each_month()
    {
        using var client = app.ClientFor(Role.Coordinator);
        using var analyst = app.ClientFor(Role.Analyst);
        var before = Points(await analyst.GetJsonAsync(Series));

        await SceneActiveInSpring2019Async(client);
        await SceneOnlySuspectedAsync(client);
        var after = await analyst.GetJsonAsync(Series);

        Assert.Equal("month", after.GetProperty("interval").GetString());
        var points = Points(after);
        Assert.Equal(["2019-01-01", "2019-02-01", "2019-03-01", "2019-04-01", "2019-05-01", "2019-06-01"], points.Select(p => p.At));
        Assert.Equal(before.Select(p => p.At), points.Select(p => p.At));
        Assert.Equal([0, 0, 1, 1, 1, 0], points.Zip(before, (a, b) => a.Count - b.Count));
    }

    [Theory]
    [InlineData("quarter", new[] { "2019-01-01", "2019-04-01", "2019-07-01" })]
    [InlineData("year", new[] { "2019-01-01" })]
    [InlineData("Month", new[] { "2019-01-01", "2019-02-01", "2019-03-01", "2019-04-01", "2019-05-01", "2019-06-01", "2019-07-01" })]
    public async Task The_series_steps_by_the_interval(string interval, string[] expected)
    {
        using var client = app.ClientFor(Role.Analyst);
        var series = await client.GetJsonAsync($"/api/indicators/active-scenes?from=2019-01-01&to=2019-07-01&interval={interval}");
        Assert.Equal(interval.ToLowerInvariant(), series.GetProperty("interval").GetString());
        Assert.Equal(expected, Points(series).Select(p => p.At));
    }

    [Fact]
    public async Task The_series_runs_from_2018_to_today_by_default()
    {
        using var client = app.ClientFor(Role.Analyst);
        var points = Points(await client.GetJsonAsync("/api/indicators/active-scenes"));
        Assert.Equal("2018-01-01", points[0].At);
        // Today is 27 November 2026: the last monthly point is 1 November 2026.
        Assert.Equal("2026-11-01", points[^1].At);
        Assert.Equal((8 * 12) + 11, points.Count);
    }

    [Fact]
    public async Task Compare_gives_start_end_and_change_of_each_period()
    {
        using var client = app.ClientFor(Role.Police);
        using var analyst = app.ClientFor(Role.Analyst);
        var before = await analyst.GetJsonAsync(Compare);

        await SceneActiveInSpring2019Async(client);
        await SceneOnlySuspectedAsync(client);
        var after = await analyst.GetJsonAsync(Compare);

        foreach (var (period, from, to) in new[] { ("a", "2019-01-01", "2019-04-01"), ("b", "2019-04-01", "2019-06-01") })
        {
            Assert.Equal(from, after.GetProperty(period).GetProperty("from").GetString());
            Assert.Equal(to, after.GetProperty(period).GetProperty("to").GetString());
        }
        int Delta(string period, string field) => after.GetProperty(period).GetProperty(field).GetInt32() - before.GetProperty(period).GetProperty(field).GetInt32();
        Assert.Equal((0, 1, 1), (Delta("a", "atStart"), Delta("a", "atEnd"), Delta("a", "change")));
        Assert.Equal((1, 0, -1), (Delta("b", "atStart"), Delta("b", "atEnd"), Delta("b", "change")));
        Assert.All(new[] { "a", "b" }, p => Assert.Equal(
            after.GetProperty(p).GetProperty("atEnd").GetInt32() - after.GetProperty(p).GetProperty("atStart").GetInt32(),
            after.GetProperty(p).GetProperty("change").GetInt32()));
    }

    [Theory]
    [InlineData("/api/indicators/active-scenes?from=2020-01-01&to=2019-01-01", "to")]
    [InlineData("/api/indicators/active-scenes?from=2019-02-30", "from")]
    [InlineData("/api/indicators/active-scenes?to=next-year", "to")]
    [InlineData("/api/indicators/active-scenes?interval=week", "interval")]
    [InlineData("/api/indicators/active-scenes?interval=1", "interval")]
    [InlineData("/api/indicators/active-scenes/compare?aFrom=2022-10-15&aTo=2018-10-15&bFrom=2022-10-15&bTo=2026-10-15", "aTo")]
    [InlineData("/api/indicators/active-scenes/compare?aFrom=2018-10-15&aTo=2022-10-15&bFrom=2026-10-15&bTo=2022-10-15", "bTo")]
    [InlineData("/api/indicators/active-scenes/compare?aFrom=2018-10-15&aTo=2022-13-15&bFrom=2022-10-15&bTo=2026-10-15", "aTo")]
    [InlineData("/api/indicators/active-scenes/compare?aFrom=2018-10-15&aTo=2022-10-15&bTo=2026-10-15", "bFrom")]
    public async Task A_bad_indicator_query_is_400_naming_the_field(string url, string field)
    {
        using var client = app.ClientFor(Role.Analyst);
        using var response = await client.GetAsync(url);
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }
}

public sealed class IndicatorsOnSqlite(SqliteLagesbild app) : IndicatorTests<SqliteLagesbild>(app);

public sealed class IndicatorsOnPostgres(PostgresLagesbild app) : IndicatorTests<PostgresLagesbild>(app);
