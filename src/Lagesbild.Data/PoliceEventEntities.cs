using Lagesbild.Core.PoliceEvents;

namespace Lagesbild.Data;

/// <summary>
/// One of the police's public events (polisen.se/api/events), kept as context for the map: not an observation, since
/// it is a public summary placed at a municipality's or a district's centre, and it says how it was placed.
/// </summary>
public sealed class PoliceEvent
{
    public int Id { get; set; }
    /// <summary>The police's own id: one row per event, however often the feed repeats it.</summary>
    public long PoliceId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Name { get; set; }
    public required string Summary { get; set; }
    public string? Url { get; set; }
    public required string Type { get; set; }
    public required string LocationName { get; set; }
    /// <summary>The point the feed gave (usually the municipality's centroid).</summary>
    public double FeedLat { get; set; }
    public double FeedLon { get; set; }
    /// <summary>Where the map shows it.</summary>
    public double Lat { get; set; }
    public double Lon { get; set; }
    public EventPlacement Placement { get; set; }
    public int? DistrictId { get; set; }
    /// <summary>The words of the text that named the district.</summary>
    public string? NamedAs { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
}
