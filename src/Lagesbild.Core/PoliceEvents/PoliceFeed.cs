using System.Globalization;
using System.Text.Json;

namespace Lagesbild.Core.PoliceEvents;

/// <summary>One event of the police's public feed (polisen.se/api/events), as the feed gives it, with its link made absolute.</summary>
public sealed record FeedEvent(long Id, DateTimeOffset At, string Name, string Summary, string? Url, string Type, string LocationName, double Lat, double Lon);

/// <summary>What a feed document held: its readable events, and how many entries could not be read.</summary>
public sealed record FeedRead(IReadOnlyList<FeedEvent> Events, int Unreadable);

/// <summary>
/// Reads the police's events feed: a JSON array of {id, datetime ("2024-05-01 21:14:08 +02:00"), name, summary, url
/// (a path on polisen.se), type, location {name, gps "59.3293,18.0686"}}. A document that is not such an array is
/// refused whole; a single entry that lacks a field is left out and counted, so that one odd event does not stop the rest.
/// </summary>
public static class PoliceFeed
{
    public const string Site = "https://polisen.se";

    public const int MaxName = 300;
    public const int MaxSummary = 4000;
    public const int MaxType = 100;
    public const int MaxLocation = 100;

    private static readonly string[] TimeFormats = ["yyyy-MM-dd H:mm:ss zzz", "yyyy-MM-dd HH:mm:ss zzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss'Z'"];

    /// <summary>The events of a document, or why it is not the feed (null events and the reason).</summary>
    public static FeedRead? TryRead(ReadOnlySpan<byte> json, out string? error)
    {
        error = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            error = $"The feed is not JSON: {e.Message}";
            return null;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                error = "The feed is not a JSON array of events.";
                return null;
            }
            var events = new List<FeedEvent>();
            var unreadable = 0;
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                if (ReadEvent(entry) is { } feedEvent)
                    events.Add(feedEvent);
                else
                    unreadable++;
            }
            return new FeedRead(events, unreadable);
        }
    }

    private static FeedEvent? ReadEvent(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object
            || !TryId(entry, out var id)
            || Text(entry, "datetime") is not { } datetime || !TryTime(datetime, out var at)
            || Text(entry, "name") is not { Length: > 0 } name
            || Text(entry, "type") is not { Length: > 0 } type
            || !entry.TryGetProperty("location", out var location) || location.ValueKind != JsonValueKind.Object
            || Text(location, "name") is not { Length: > 0 } locationName
            || Text(location, "gps") is not { } gps || !TryGps(gps, out var lat, out var lon))
            return null;
        return new FeedEvent(id, at, Cut(name, MaxName), Cut(Text(entry, "summary") ?? "", MaxSummary), Link(Text(entry, "url")),
            Cut(type, MaxType), Cut(locationName, MaxLocation), lat, lon);
    }

    private static bool TryId(JsonElement entry, out long id)
    {
        id = 0;
        return entry.TryGetProperty("id", out var value)
            && (value.ValueKind == JsonValueKind.Number ? value.TryGetInt64(out id)
                : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out id))
            && id > 0;
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : null;

    public static bool TryTime(string text, out DateTimeOffset at)
    {
        var parsed = DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out at);
        if (parsed)
            at = at.ToUniversalTime();
        return parsed && at.Year is >= 2000 and < 2200;
    }

    /// <summary>"59.3293,18.0686": latitude first, as the feed writes it.</summary>
    public static bool TryGps(string text, out double lat, out double lon)
    {
        lat = lon = 0;
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        return parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out lat) && double.IsFinite(lat) && lat is >= -90 and <= 90
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out lon) && double.IsFinite(lon) && lon is >= -180 and <= 180;
    }

    /// <summary>The event's page on polisen.se: a path made absolute; any other address is dropped, so the map links only to the police.</summary>
    public static string? Link(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
            return null;
        if (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && Uri.TryCreate(Site + url, UriKind.Absolute, out var relative))
            return relative.AbsoluteUri.Length <= 500 ? relative.AbsoluteUri : null;
        return Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme == Uri.UriSchemeHttps
            && (absolute.Host == "polisen.se" || absolute.Host == "www.polisen.se")
            && absolute.AbsoluteUri.Length <= 500 ? absolute.AbsoluteUri : null;
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
