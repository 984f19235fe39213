using Lagesbild.Core.Geo;

namespace Lagesbild.Server.Features.Districts;

/// <summary>
/// The municipality the product runs for: its name, whether Stockholm's shipped districts seed an empty database, and
/// the box where its records may lie. Stockholm is the default; another municipality sets these and imports its
/// areas (POST /api/areas/import).
/// </summary>
public sealed class MunicipalityOptions
{
    public const string Section = "Municipality";

    /// <summary>The name pages show for the whole municipality ("Stockholm", "Exempelby").</summary>
    public string Name { get; set; } = "Stockholm";

    /// <summary>How the residents' pages name the municipality in their header ("Stockholms stad", "Exempelby kommun").</summary>
    public string PublicName { get; set; } = "Stockholms stad";

    /// <summary>Whether an empty database is seeded with Stockholm's 117 stadsdelar (CC0) shipped with the product.</summary>
    public bool ShippedAreas { get; set; } = true;

    /// <summary>
    /// Where observations, scenes and sites may lie, in WGS84 "west,south,east,north"; empty for the districts'
    /// extent and a margin. Required when the shipped areas are off: before its areas are imported, the map is this box.
    /// </summary>
    public string? Bounds { get; set; }

    public LonLatBox? Box => LonLatBox.TryParse(Bounds, out var box, out _) ? box : null;

    public string? Check()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100)
            return "Municipality:Name must be a name of 1 to 100 characters.";
        if (string.IsNullOrWhiteSpace(PublicName) || PublicName.Length > 100)
            return "Municipality:PublicName must be a name of 1 to 100 characters.";
        if (!string.IsNullOrWhiteSpace(Bounds) && !LonLatBox.TryParse(Bounds, out _, out var error))
            return $"Municipality:Bounds: {error}";
        if (!ShippedAreas && string.IsNullOrWhiteSpace(Bounds))
            return "Municipality:Bounds is required when Municipality:ShippedAreas is false: the map needs a box before the areas are imported.";
        return null;
    }
}
