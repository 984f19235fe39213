using System.ComponentModel.DataAnnotations;
using Lagesbild.Core.Rounds;

namespace Lagesbild.Server.Features.Rounds;

/// <summary>How the city runs morning rounds ("Rounds" in configuration).</summary>
public sealed class RoundOptions
{
    public const string Section = "Rounds";

    /// <summary>How long before opening the round must be completed.</summary>
    [Range(5, 240)]
    public int LeadMinutes { get; set; } = 30;

    /// <summary>All open sites, or only those flagged by a coordinator or by an active scene within 500 m.</summary>
    public RoundScope Scope { get; set; } = RoundScope.Flagged;

    /// <summary>Whether the worker plans rounds and marks missed ones (tests drive it by hand).</summary>
    public bool Worker { get; set; } = true;

    [Range(1, 3600)]
    public int WorkerSeconds { get; set; } = 30;

    public TimeSpan Lead => TimeSpan.FromMinutes(LeadMinutes);
}
