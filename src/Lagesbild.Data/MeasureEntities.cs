using Lagesbild.Core.Measures;
using NetTopologySuite.Geometries;

namespace Lagesbild.Data;

/// <summary>A measure: what is done about a scene, a site, a district or a drawn area, when, by whom and at what cost.</summary>
public sealed class Measure
{
    public int Id { get; set; }
    public MeasureKind Kind { get; set; }
    public MeasureStatus Status { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public int? SceneId { get; set; }
    public int? SiteId { get; set; }
    public int? DistrictId { get; set; }
    /// <summary>A drawn area (WGS84), when the target is neither a scene, a site nor a district.</summary>
    public Polygon? Area { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    public int? OrganisationId { get; set; }
    /// <summary>Whole kronor (SEK).</summary>
    public long? Cost { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int? CreatedById { get; set; }
}
