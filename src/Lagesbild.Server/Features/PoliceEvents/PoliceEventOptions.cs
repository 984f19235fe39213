using System.ComponentModel.DataAnnotations;

namespace Lagesbild.Server.Features.PoliceEvents;

/// <summary>The police's public events feed as a context layer ("PoliceEvents" in configuration); off unless enabled.</summary>
public sealed class PoliceEventOptions
{
    public const string Section = "PoliceEvents";

    /// <summary>Whether the server polls the feed. Off by default: an installation turns it on with its Url.</summary>
    public bool Enabled { get; set; }

    /// <summary>The feed, e.g. https://polisen.se/api/events?locationname=Stockholm.</summary>
    [Url]
    public string? Url { get; set; }

    [Range(30, 86400)]
    public int IntervalSeconds { get; set; } = 600;

    /// <summary>The longest wait after failures: the wait doubles from the interval up to this.</summary>
    [Range(30, 604800)]
    public int MaxBackoffSeconds { get; set; } = 6 * 3600;

    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>The largest feed document read, in bytes.</summary>
    [Range(1024, 100_000_000)]
    public int MaxFeedBytes { get; set; } = 10_000_000;

    /// <summary>The feed's location name of the municipality: only its events are kept. Unset, Municipality:Name.</summary>
    [Required]
    public string? Municipality { get; set; }

    /// <summary>The point the feed gives for the municipality's events (its centroid).</summary>
    [Range(-90, 90)]
    public double CentreLat { get; set; } = 59.329324;

    [Range(-180, 180)]
    public double CentreLon { get; set; } = 18.068581;
}
