using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Observations;

public abstract class ObservationFilterTests<TFactory>(TFactory app) : IClassFixture<TFactory>, IDisposable
    where TFactory : LagesbildFactory
{
    // A Wednesday evening at 20:30 in Stockholm, in summer (CEST, UTC+2) and in winter (CET, UTC+1): hour of week
    // 2 * 24 + 20 = 68 both times, although the UTC hours differ (18 and 19).
    private static readonly DateTimeOffset SummerEvening = new(2026, 7, 15, 18, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset WinterEvening = new(2026, 11, 18, 19, 30, 0, TimeSpan.Zero);

    private readonly HttpClient _client = app.ClientFor(Role.Coordinator);

    public void Dispose()
    {
        _client.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<List<long>> ListAsync(string query) =>
        (await _client.GetJsonAsync($"/api/observations?pageSize=5000&{query}")).Ids();

    [Fact]
    public async Task Bbox_finds_only_what_lies_inside()
    {
        var (here, there) = (Places.Next(), Places.Next());
        var inside = await _client.PostObservationAsync(ObservationBody.At(here, WinterEvening));
        var outside = await _client.PostObservationAsync(ObservationBody.At(there, WinterEvening));

        Assert.Equal([inside.Id()], await ListAsync($"bbox={here.Bbox}"));
        Assert.Equal([outside.Id()], await ListAsync($"bbox={there.Bbox}"));
        var both = Place.Box(Math.Min(here.Lon, there.Lon) - Place.Half, Math.Min(here.Lat, there.Lat) - Place.Half,
            Math.Max(here.Lon, there.Lon) + Place.Half, Math.Max(here.Lat, there.Lat) + Place.Half);
        Assert.Superset(new HashSet<long> { inside.Id(), outside.Id() }, (await ListAsync($"bbox={both}")).ToHashSet());
    }

    [Fact]
    public async Task A_small_box_asked_cell_by_cell_and_a_city_wide_box_asked_by_columns_have_the_same_edges()
    {
        var here = Places.Next();
        // A minute of its own, so that the city-wide box lists this test's observation among few.
        var at = new DateTimeOffset(2026, 3, 3, 3, 33, 0, TimeSpan.Zero);
        var window = $"from={Api.Query(at)}&to={Api.Query(at.AddSeconds(1))}";
        var observation = (await _client.PostObservationAsync(ObservationBody.At(here, at))).Id();
        // Both boxes end exactly at the observation (an edge is inside), and again a hair short of it.
        var small = Place.Box(here.Lon - 0.01, here.Lat - 0.005, here.Lon, here.Lat);
        var city = Place.Box(17.5, 59.0, here.Lon, here.Lat);
        Assert.True(Core.Analysis.GridWindow.CoveringLonLat(17.5, 59.0, here.Lon, here.Lat).Cells > Server.Features.Observations.ObservationFilter.MaxListedCells);
        Assert.True(Core.Analysis.GridWindow.CoveringLonLat(here.Lon - 0.01, here.Lat - 0.005, here.Lon, here.Lat).Cells < Server.Features.Observations.ObservationFilter.MaxListedCells);

        Assert.Equal([observation], await ListAsync($"bbox={small}&{window}"));
        Assert.Equal([observation], await ListAsync($"bbox={city}&{window}"));
        Assert.Empty(await ListAsync($"bbox={Place.Box(here.Lon - 0.01, here.Lat - 0.005, here.Lon - 1e-6, here.Lat)}&{window}"));
        Assert.Empty(await ListAsync($"bbox={Place.Box(17.5, 59.0, here.Lon, here.Lat - 1e-6)}&{window}"));
        // The whole earth is a valid box too (cut to where the grid is defined), and a box far from Sweden finds nothing.
        Assert.Equal([observation], await ListAsync($"bbox=-180,-90,180,90&{window}"));
        Assert.Empty(await ListAsync($"bbox=-122.52,37.70,-122.35,37.83&{window}"));
        var picture = await _client.GetJsonAsync($"/api/lagesbild?bbox={city}&{window}");
        Assert.Equal(1, picture.GetProperty("total").GetDouble());
    }

    [Fact]
    public async Task District_finds_only_that_districts_observations()
    {
        var rinkeby = await _client.PostObservationAsync(ObservationBody.At(Places.Rinkeby, WinterEvening));
        var sodermalm = await _client.PostObservationAsync(ObservationBody.At(Places.Sodermalm, WinterEvening));
        var rinkebyId = rinkeby.Props().GetProperty("districtId").GetInt32();
        Assert.Equal("Södermalm", sodermalm.Props().GetProperty("district").GetString());

        var listed = await _client.GetJsonAsync($"/api/observations?pageSize=5000&district={rinkebyId}");

        Assert.Contains(rinkeby.Id(), listed.Ids());
        Assert.DoesNotContain(sodermalm.Id(), listed.Ids());
        Assert.All(listed.Features(), f => Assert.Equal(rinkebyId, f.Props().GetProperty("districtId").GetInt32()));
    }

    [Fact]
    public async Task From_and_to_take_dates_as_local_days()
    {
        var place = Places.Next();
        // 00:30 on 20 November in Stockholm is still 19 November in UTC.
        var justAfterMidnight = await _client.PostObservationAsync(ObservationBody.At(place, new DateTimeOffset(2026, 11, 19, 23, 30, 0, TimeSpan.Zero)));
        var justBefore = await _client.PostObservationAsync(ObservationBody.At(place, new DateTimeOffset(2026, 11, 19, 22, 30, 0, TimeSpan.Zero)));
        var lateOnThe20th = await _client.PostObservationAsync(ObservationBody.At(place, new DateTimeOffset(2026, 11, 20, 22, 50, 0, TimeSpan.Zero)));

        Assert.Equal([lateOnThe20th.Id(), justAfterMidnight.Id()], await ListAsync($"bbox={place.Bbox}&from=2026-11-20"));
        Assert.Equal([justBefore.Id()], await ListAsync($"bbox={place.Bbox}&to=2026-11-19"));
        Assert.Equal([lateOnThe20th.Id(), justAfterMidnight.Id()], await ListAsync($"bbox={place.Bbox}&from=2026-11-20&to=2026-11-20"));
        Assert.Empty(await ListAsync($"bbox={place.Bbox}&from=2026-11-21"));
    }

    [Fact]
    public async Task From_and_to_take_instants_with_an_offset()
    {
        var place = Places.Next();
        var at = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
        var early = await _client.PostObservationAsync(ObservationBody.At(place, at));
        var late = await _client.PostObservationAsync(ObservationBody.At(place, at.AddHours(3)));

        Assert.Equal([late.Id(), early.Id()], await ListAsync($"bbox={place.Bbox}&from={Api.Query(at)}"));
        Assert.Equal([late.Id()], await ListAsync($"bbox={place.Bbox}&from={Api.Query(at.AddSeconds(1))}"));
        // The same instant written in local time: 13:00:01+01:00.
        Assert.Equal([late.Id()], await ListAsync($"bbox={place.Bbox}&from={Api.Query(at.AddSeconds(1).ToOffset(TimeSpan.FromHours(1)))}"));
        // to is exclusive: an observation at exactly 'to' is not in the window.
        Assert.Equal([early.Id()], await ListAsync($"bbox={place.Bbox}&to={Api.Query(at.AddHours(3))}"));
        Assert.Equal([early.Id()], await ListAsync($"bbox={place.Bbox}&from=2026-11-20T11:00:00Z&to=2026-11-20T14:00:00Z"));
    }

    [Fact]
    public async Task An_interval_is_in_a_window_it_overlaps()
    {
        var place = Places.Next();
        var from = new DateTimeOffset(2026, 11, 21, 16, 0, 0, TimeSpan.Zero);
        var overnight = await _client.PostObservationAsync(ObservationBody.At(place, from, "Syringes", occurredTo: from.AddHours(14)));

        Assert.Equal([overnight.Id()], await ListAsync($"bbox={place.Bbox}&from=2026-11-22T02:00:00Z&to=2026-11-22T03:00:00Z"));
        Assert.Empty(await ListAsync($"bbox={place.Bbox}&from=2026-11-22T06:00:01Z"));
        Assert.Empty(await ListAsync($"bbox={place.Bbox}&to=2026-11-21T16:00:00Z"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Hours_match_the_local_hour_of_week(bool summer)
    {
        var place = Places.Next();
        var at = summer ? SummerEvening : WinterEvening;
        var created = await _client.PostObservationAsync(ObservationBody.At(place, at));
        var utcHourOfWeek = (2 * 24) + at.Hour;

        Assert.Equal([created.Id()], await ListAsync($"bbox={place.Bbox}&hours=68"));
        Assert.Equal([created.Id()], await ListAsync($"bbox={place.Bbox}&hours=60-70"));
        Assert.Equal([created.Id()], await ListAsync($"bbox={place.Bbox}&hours=3,68,150"));
        Assert.Empty(await ListAsync($"bbox={place.Bbox}&hours=67"));
        Assert.Empty(await ListAsync($"bbox={place.Bbox}&hours=69"));
        Assert.Empty(await ListAsync($"bbox={place.Bbox}&hours={utcHourOfWeek}"));
        Assert.Empty(await ListAsync($"bbox={place.Bbox}&hours=20"));
    }

    [Fact]
    public async Task Hours_match_an_interval_that_touches_them()
    {
        var place = Places.Next();
        // Sunday 22 November, 23:00 local to Monday 01:00 local: hours 167 and 0 (the week wraps).
        var created = await _client.PostObservationAsync(ObservationBody.At(place, new DateTimeOffset(2026, 11, 22, 22, 0, 0, TimeSpan.Zero), "Syringes",
            occurredTo: new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero)));

        Assert.Equal([created.Id()], await ListAsync($"bbox={place.Bbox}&hours=167"));
        Assert.Equal([created.Id()], await ListAsync($"bbox={place.Bbox}&hours=0"));
        Assert.Empty(await ListAsync($"bbox={place.Bbox}&hours=1-166"));
    }

    [Fact]
    public async Task Hours_across_daylight_saving_change_count_local_hours()
    {
        var place = Places.Next();
        // Sunday 29 March 2026, 01:30 to 03:30 local: 02:00-03:00 does not exist that night (hour of week 146).
        var created = await _client.PostObservationAsync(ObservationBody.At(place, new DateTimeOffset(2026, 3, 29, 0, 30, 0, TimeSpan.Zero), "Syringes",
            occurredTo: new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero)));

        Assert.Equal([created.Id()], await ListAsync($"bbox={place.Bbox}&hours=145"));
        Assert.Equal([created.Id()], await ListAsync($"bbox={place.Bbox}&hours=147"));
        Assert.Empty(await ListAsync($"bbox={place.Bbox}&hours=146"));
    }

    [Fact]
    public async Task Categories_filter_by_one_or_several()
    {
        var place = Places.Next();
        var dealing = await _client.PostObservationAsync(ObservationBody.At(place, WinterEvening, "Dealing"));
        var syringes = await _client.PostObservationAsync(ObservationBody.At(place, WinterEvening.AddMinutes(1), "Syringes"));
        await _client.PostObservationAsync(ObservationBody.At(place, WinterEvening.AddMinutes(2), "Littering"));

        Assert.Equal([dealing.Id()], await ListAsync($"bbox={place.Bbox}&categories=Dealing"));
        Assert.Equal([syringes.Id(), dealing.Id()], await ListAsync($"bbox={place.Bbox}&categories=dealing,Syringes"));
        Assert.Empty(await ListAsync($"bbox={place.Bbox}&categories=Violence"));
        Assert.Equal(3, (await ListAsync($"bbox={place.Bbox}")).Count);
    }

    [Fact]
    public async Task Pages_split_the_matches_newest_first()
    {
        var place = Places.Next();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
            ids.Add((await _client.PostObservationAsync(ObservationBody.At(place, WinterEvening.AddMinutes(i)))).Id());
        ids.Reverse();

        var pages = new List<long>();
        for (var page = 1; page <= 3; page++)
        {
            var answer = await _client.GetJsonAsync($"/api/observations?bbox={place.Bbox}&pageSize=2&page={page}");
            Assert.Equal(5, answer.GetProperty("numberMatched").GetInt32());
            Assert.Equal(page < 3 ? 2 : 1, answer.GetProperty("numberReturned").GetInt32());
            Assert.Equal(page < 3, answer.TryGetProperty("next", out _));
            pages.AddRange(answer.Ids());
        }
        Assert.Equal(ids, pages);

        // The next link keeps the filters: following it gives the second page of the same matches.
        var first = await _client.GetJsonAsync($"/api/observations?bbox={place.Bbox}&pageSize=2");
        var next = first.GetProperty("next").GetString()!;
        Assert.StartsWith("/api/observations?", next, StringComparison.Ordinal);
        Assert.Contains("page=2", next, StringComparison.Ordinal);
        Assert.Equal(ids.Skip(2).Take(2), (await _client.GetJsonAsync(next)).Ids());
        var beyond = await _client.GetJsonAsync($"/api/observations?bbox={place.Bbox}&pageSize=2&page=4");
        Assert.Equal(0, beyond.GetProperty("numberReturned").GetInt32());
        Assert.Equal(5, beyond.GetProperty("numberMatched").GetInt32());
        var far = await _client.GetJsonAsync($"/api/observations?bbox={place.Bbox}&page={int.MaxValue}");
        Assert.Equal(0, far.GetProperty("numberReturned").GetInt32());
        Assert.False(far.TryGetProperty("next", out _));
        var largest = await _client.GetJsonAsync($"/api/observations?bbox={place.Bbox}&pageSize=5000");
        Assert.Equal(5, largest.GetProperty("numberReturned").GetInt32());
    }
}

public sealed class ObservationFiltersOnSqlite(SqliteLagesbild app) : ObservationFilterTests<SqliteLagesbild>(app);

public sealed class ObservationFiltersOnPostgres(PostgresLagesbild app) : ObservationFilterTests<PostgresLagesbild>(app);
