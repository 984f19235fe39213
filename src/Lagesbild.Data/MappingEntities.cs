using NetTopologySuite.Geometries;

namespace Lagesbild.Data;

/// <summary>
/// One snapshot of the regional mapping of open drug scenes (SSR kartläggning) that the police lead: the places
/// counted on a date, from a source. A new mapping is a new snapshot; earlier ones are kept as they were imported.
/// </summary>
public sealed class Mapping
{
    public int Id { get; set; }
    /// <summary>The date the mapping describes (its reference date), a Stockholm day.</summary>
    public DateOnly Date { get; set; }
    /// <summary>Who made it, e.g. "Polisen, region Stockholm (SSR kartläggning hösten 2025)".</summary>
    public required string Source { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public int ImportedById { get; set; }
    public required string ImportedByName { get; set; }
    public string? IdempotencyKey { get; set; }
    public string? RequestHash { get; set; }
    public List<MappingPlace> Places { get; set; } = [];
}

/// <summary>A place of a mapping: a polygon, or a point where the mapping gives only the place and perhaps its area.</summary>
public sealed class MappingPlace
{
    public int Id { get; set; }
    public int MappingId { get; set; }
    public required string Name { get; set; }
    /// <summary>A Polygon or a Point, WGS84.</summary>
    public required Geometry Shape { get; set; }
    /// <summary>The area the mapping states, in m²; without it a polygon's own area counts.</summary>
    public double? StatedArea { get; set; }
    public string? Notes { get; set; }
}
