using System.Text;
using Lagesbild.Core.PoliceEvents;

namespace Lagesbild.Core.Tests.PoliceEvents;

public sealed class PoliceFeedTests
{
    private static FeedRead? Read(string json, out string? error) => PoliceFeed.TryRead(Encoding.UTF8.GetBytes(json), out error);

    [Fact]
    public void An_event_is_read_as_the_feed_writes_it()
    {
        var feed = Read("""
            [{"id": 512345, "datetime": "2024-05-01 21:14:08 +02:00", "name": "01 maj 21.14, Narkotikabrott, Stockholm",
              "summary": "På Södermalm greps en man.", "url": "/aktuellt/handelser/2024/maj/01/01-maj-2114-narkotikabrott-stockholm/",
              "type": "Narkotikabrott", "location": {"name": "Stockholm", "gps": "59.329324,18.068581"}}]
            """, out var error);
        Assert.Null(error);
        var e = Assert.Single(feed!.Events);
        Assert.Equal(512345, e.Id);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 19, 14, 8, TimeSpan.Zero), e.At);
        Assert.Equal(TimeSpan.Zero, e.At.Offset);
        Assert.Equal("https://polisen.se/aktuellt/handelser/2024/maj/01/01-maj-2114-narkotikabrott-stockholm/", e.Url);
        Assert.Equal(("Narkotikabrott", "Stockholm", 59.329324, 18.068581), (e.Type, e.LocationName, e.Lat, e.Lon));
        Assert.Equal(0, feed.Unreadable);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"id\": 1}")]
    [InlineData("<html><body>Service Unavailable</body></html>")]
    [InlineData("")]
    [InlineData("[1, 2")]
    public void A_document_that_is_not_the_feed_is_refused_whole(string json)
    {
        Assert.Null(Read(json, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData("""{"datetime": "2024-05-01 21:14:08 +02:00", "name": "n", "type": "t", "location": {"name": "Stockholm", "gps": "59.3,18.0"}}""")]
    [InlineData("""{"id": -4, "datetime": "2024-05-01 21:14:08 +02:00", "name": "n", "type": "t", "location": {"name": "Stockholm", "gps": "59.3,18.0"}}""")]
    [InlineData("""{"id": 4, "datetime": "yesterday", "name": "n", "type": "t", "location": {"name": "Stockholm", "gps": "59.3,18.0"}}""")]
    [InlineData("""{"id": 4, "datetime": "2024-05-01 21:14:08 +02:00", "name": "n", "type": "t", "location": {"name": "Stockholm", "gps": "59.3"}}""")]
    [InlineData("""{"id": 4, "datetime": "2024-05-01 21:14:08 +02:00", "name": "n", "type": "t", "location": {"name": "Stockholm", "gps": "91,18"}}""")]
    [InlineData("""{"id": 4, "datetime": "2024-05-01 21:14:08 +02:00", "name": "n", "type": "t", "location": {"name": "Stockholm", "gps": "NaN,18"}}""")]
    [InlineData("""{"id": 4, "datetime": "2024-05-01 21:14:08 +02:00", "name": "n", "type": "t"}""")]
    [InlineData("""{"id": 4, "datetime": "2024-05-01 21:14:08 +02:00", "name": "", "type": "t", "location": {"name": "Stockholm", "gps": "59.3,18.0"}}""")]
    [InlineData("\"a string\"")]
    public void An_entry_without_what_the_map_needs_is_left_out_and_counted(string entry)
    {
        var good = """{"id": 5, "datetime": "2024-05-01 21:14:08 +02:00", "name": "n", "type": "t", "location": {"name": "Stockholm", "gps": "59.3,18.0"}}""";
        var feed = Read($"[{entry}, {good}]", out _);
        Assert.Equal(5, Assert.Single(feed!.Events).Id);
        Assert.Equal(1, feed.Unreadable);
    }

    [Theory]
    [InlineData("/aktuellt/handelser/", "https://polisen.se/aktuellt/handelser/")]
    [InlineData("https://polisen.se/aktuellt/", "https://polisen.se/aktuellt/")]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("//evil.example/x", null)]
    [InlineData("https://evil.example/aktuellt/", null)]
    [InlineData("http://polisen.se/aktuellt/", null)]
    [InlineData(null, null)]
    public void Links_go_only_to_polisen_se(string? url, string? expected) => Assert.Equal(expected, PoliceFeed.Link(url));

    [Fact]
    public void Long_text_is_cut_to_what_is_stored()
    {
        var summary = new string('a', 5000);
        var feed = Read($$$"""[{"id": 5, "datetime": "2024-05-01 21:14:08 +02:00", "name": "n", "summary": "{{{summary}}}", "type": "t", "location": {"name": "Stockholm", "gps": "59.3,18.0"}}]""", out _);
        Assert.Equal(PoliceFeed.MaxSummary, feed!.Events[0].Summary.Length);
    }

    [Theory]
    [InlineData(0, 600)]
    [InlineData(1, 1200)]
    [InlineData(2, 2400)]
    [InlineData(3, 4800)]
    [InlineData(4, 7200)]
    [InlineData(1000, 7200)]
    public void After_failures_the_wait_doubles_up_to_the_ceiling(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), FeedBackoff.Wait(failures, TimeSpan.FromMinutes(10), TimeSpan.FromHours(2)));
}
