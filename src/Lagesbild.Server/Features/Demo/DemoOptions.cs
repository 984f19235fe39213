using System.ComponentModel.DataAnnotations;

namespace Lagesbild.Server.Features.Demo;

/// <summary>The demo (--demo): synthetic data on the real districts, seeded at start.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";
    public bool Enabled { get; set; }
    /// <summary>Observations the demo generates over the last two years.</summary>
    [Range(0, 2_000_000)]
    public int Observations { get; set; } = 50_000;
    public int Seed { get; set; } = 2018;
}
