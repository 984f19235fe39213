using Lagesbild.Data;
using Lagesbild.Server.Features.PoliceEvents;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lagesbild.Server.Tests.PoliceEvents;

/// <summary>A server whose police feed is a local stub; the tests drive the poller's passes themselves.</summary>
public abstract class PoliceFeedLagesbild(TestStore store) : LagesbildFactory(store)
{
    public FeedStub Feed { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        .. base.ExtraSettings,
        new("PoliceEvents:Url", Feed.Url.AbsoluteUri),
        new("PoliceEvents:IntervalSeconds", "600"),
        new("PoliceEvents:MaxBackoffSeconds", "4800"),
        new("PoliceEvents:TimeoutSeconds", "1"),
    ];

    /// <summary>The server's own poller (not started: PoliceEvents:Enabled is off).</summary>
    public PoliceFeedWorker Worker => Services.GetServices<IHostedService>().OfType<PoliceFeedWorker>().Single();

    public override async ValueTask DisposeAsync()
    {
        Feed.Dispose();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class PoliceFeedSqlite() : PoliceFeedLagesbild(new SqliteStore());

public sealed class PoliceFeedPostgres() : PoliceFeedLagesbild(new PostgresStore());

/// <summary>
/// Polling the police's feed over HTTP: ETag and 304, the same events again, a 500, a timeout and garbage, each
/// followed by the wait the poller takes, and the placement of the fixture's events, checked by hand.
/// </summary>
public abstract class PoliceFeedTests<TFactory>(TFactory app) : IClassFixture<TFactory>, IAsyncLifetime
    where TFactory : PoliceFeedLagesbild
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(600);

    public static string Fixture() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "PoliceEvents", "Fixtures", "feed.json"));

    /// <summary>Each test starts with no events, no ETag and a poller that has not failed.</summary>
    public async Task InitializeAsync()
    {
        app.Feed.Answer = FeedStub.Serving(Fixture(), "\"v1\"");
        while (app.Worker.Failures > 0)
            await app.Worker.PassAsync(CancellationToken.None);
        await app.QueryAsync(async db =>
        {
            await db.PoliceEvents.ExecuteDeleteAsync();
            return await db.Settings.Where(s => s.Key == PoliceFeedPoll.EtagSetting).ExecuteDeleteAsync();
        });
        while (app.Feed.Requests.TryDequeue(out _))
        {
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<List<PoliceEvent>> StoredAsync() => app.QueryAsync(db => db.PoliceEvents.AsNoTracking().OrderBy(p => p.PoliceId).ToListAsync());

    private Task<PollOutcome> PollAsync() => app.RunAsync<PoliceFeedPoll, PollOutcome>(poll => poll.PollAsync(app.Feed.Url, CancellationToken.None));

    [Fact]
    public async Task The_municipality_s_events_are_stored_placed_and_an_unchanged_feed_is_not_read_again()
    {
        var first = await PollAsync();

        Assert.Equal(PollStatus.Imported, first.Status);
        // 12 entries: 1010 has no GPS (unreadable), 1008 is Solna's, 1001 comes twice.
        Assert.Equal(new ImportResult(Added: 9, Known: 1, Elsewhere: 1, Unreadable: 1), first.Import);
        var stored = await StoredAsync();
        Assert.Equal([1001L, 1002, 1003, 1004, 1005, 1006, 1007, 1009, 1011], stored.Select(p => p.PoliceId));

        var second = await PollAsync();
        Assert.Equal(PollStatus.NotModified, second.Status);
        Assert.Equal(["", "\"v1\""], app.Feed.Requests);
        Assert.Equal(9, (await StoredAsync()).Count);
    }

    [Fact]
    public async Task Each_event_is_placed_as_its_summary_says_and_says_how()
    {
        await PollAsync();
        var districts = await app.QueryAsync(db => db.Districts.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name));
        var placed = (await StoredAsync()).ToDictionary(p => p.PoliceId, p => (p.Placement.ToString(), p.DistrictId is { } id ? districts[id] : null));

        // Checked by hand against each summary in Fixtures/feed.json.
        Assert.Equal(("District", "Södermalm"), placed[1001]);
        Assert.Equal(("District", "Rinkeby"), placed[1002]);         // "Rinkebys centrum"
        Assert.Equal(("District", "Farsta strand"), placed[1003]);   // not Farsta
        Assert.Equal(("Municipality", null), placed[1004]);
        Assert.Equal(("Reported", null), placed[1005]);              // a point that is not the centroid
        Assert.Equal(("District", "Kista"), placed[1006]);
        Assert.Equal(("Municipality", null), placed[1007]);          // "skrubba" is a verb here, not the district
        Assert.Equal(("District", "Ladugårdsgärdet"), placed[1009]); // "Gärdet"
        Assert.Equal(("District", "Norra Djurgården"), placed[1011]);

        // A district's event lies inside its district; the centroid's stays at the centroid.
        var stored = (await StoredAsync()).ToDictionary(p => p.PoliceId);
        var index = app.Services.GetRequiredService<Features.Districts.DistrictCatalog>().Index;
        Assert.Equal(stored[1001].DistrictId, index.Locate(stored[1001].Lon, stored[1001].Lat));
        Assert.Equal((59.329324, 18.068581), (stored[1004].Lat, stored[1004].Lon));
        // Hostile text is kept as the police wrote it (the map sets it as text); a link that is not polisen.se's is dropped.
        Assert.StartsWith("<script>", stored[1009].Summary, StringComparison.Ordinal);
        Assert.Null(stored[1009].Url);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 20, 14, 8, TimeSpan.Zero), stored[1001].At);
    }

    [Fact]
    public async Task The_same_events_again_change_nothing()
    {
        // A feed that ignores If-None-Match and gives a new ETag each time, with the same events.
        var version = 0;
        var body = Fixture();
        app.Feed.Answer = _ => new StubAnswer(200, body, $"\"r{++version}\"");
        await PollAsync();
        var before = await StoredAsync();

        var again = await PollAsync();

        Assert.Equal(new ImportResult(Added: 0, Known: 10, Elsewhere: 1, Unreadable: 1), again.Import);
        var after = await StoredAsync();
        Assert.Equal(before.Select(p => (p.Id, p.PoliceId, p.ImportedAt)), after.Select(p => (p.Id, p.PoliceId, p.ImportedAt)));
    }

    [Fact]
    public async Task An_event_published_late_with_a_lower_id_is_still_added()
    {
        await PollAsync();
        var late = """
            [{"id": 999, "datetime": "2026-11-18 10:00:00 +01:00", "name": "18 november 09.40, Narkotikabrott, Stockholm",
              "summary": "I Tensta greps en person.", "url": "/aktuellt/handelser/", "type": "Narkotikabrott",
              "location": {"name": "Stockholm", "gps": "59.329324,18.068581"}}]
            """;
        app.Feed.Answer = FeedStub.Serving(late, "\"v2\"");

        var outcome = await PollAsync();

        Assert.Equal(1, outcome.Import!.Added);
        Assert.Contains(await StoredAsync(), p => p.PoliceId == 999 && p.Placement == Core.PoliceEvents.EventPlacement.District);
    }

    [Fact]
    public async Task A_500_waits_longer_each_time_and_one_success_brings_the_interval_back()
    {
        app.Feed.Answer = _ => new StubAnswer(500, "{\"error\": \"internal\"}");

        Assert.Equal(Interval * 2, await app.Worker.PassAsync(CancellationToken.None));
        Assert.Equal(Interval * 4, await app.Worker.PassAsync(CancellationToken.None));
        Assert.Equal(Interval * 8, await app.Worker.PassAsync(CancellationToken.None));
        // The ceiling (MaxBackoffSeconds 4800 = 8 intervals).
        Assert.Equal(Interval * 8, await app.Worker.PassAsync(CancellationToken.None));
        Assert.Equal(4, app.Worker.Failures);
        Assert.Empty(await StoredAsync());

        app.Feed.Answer = FeedStub.Serving(Fixture(), "\"v1\"");
        Assert.Equal(Interval, await app.Worker.PassAsync(CancellationToken.None));
        Assert.Equal(0, app.Worker.Failures);
        Assert.Equal(9, (await StoredAsync()).Count);
    }

    [Theory]
    [InlineData("<html><body>Underhåll pågår</body></html>")]
    [InlineData("{\"message\": \"rate limited\"}")]
    [InlineData("[{\"id\": 1, \"datetime\": ")]
    [InlineData("")]
    public async Task Garbage_is_a_failure_that_writes_nothing_and_keeps_no_etag(string garbage)
    {
        app.Feed.Answer = _ => new StubAnswer(200, garbage, "\"garbage\"");

        var outcome = await PollAsync();

        Assert.Equal(PollStatus.Failed, outcome.Status);
        Assert.Empty(await StoredAsync());
        Assert.Equal(Interval * 2, await app.Worker.PassAsync(CancellationToken.None));
        // The next request does not claim to hold the garbage.
        app.Feed.Answer = FeedStub.Serving(Fixture(), "\"v1\"");
        await PollAsync();
        Assert.All(app.Feed.Requests, r => Assert.NotEqual("\"garbage\"", r));
    }

    [Fact]
    public async Task A_feed_that_does_not_answer_in_time_is_a_failure()
    {
        app.Feed.Answer = _ => new StubAnswer(200, Fixture(), "\"slow\"", Delay: TimeSpan.FromSeconds(5));

        var outcome = await PollAsync();

        Assert.Equal(PollStatus.Failed, outcome.Status);
        Assert.Contains("did not answer", outcome.Reason, StringComparison.Ordinal);
        Assert.Empty(await StoredAsync());
    }
}

public sealed class PoliceFeedOnSqlite(PoliceFeedSqlite app) : PoliceFeedTests<PoliceFeedSqlite>(app);

public sealed class PoliceFeedOnPostgres(PoliceFeedPostgres app) : PoliceFeedTests<PoliceFeedPostgres>(app);
