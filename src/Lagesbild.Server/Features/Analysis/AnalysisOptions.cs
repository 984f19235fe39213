using System.ComponentModel.DataAnnotations;

namespace Lagesbild.Server.Features.Analysis;

/// <summary>Limits of the analysis API ("Analysis" in configuration).</summary>
public sealed class AnalysisOptions
{
    public const string Section = "Analysis";

    /// <summary>
    /// The most observations clustered in one request; a window with more is refused with a message that
    /// points to the command line, which streams any number from a file.
    /// </summary>
    [Range(1, 5_000_000)]
    public int MaxClusterPoints { get; set; } = 200_000;
}
