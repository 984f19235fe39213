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
    /// <summary>The client's Idempotency-Key, so that a retried registration gives back this measure.</summary>
    public string? IdempotencyKey { get; set; }
    public string? RequestHash { get; set; }
}

/// <summary>One figure of a survey indicator (perceived safety, exposure to crime, trust) for an area and a year or years.</summary>
public sealed class IndicatorValue
{
    public int Id { get; set; }
    /// <summary>The indicator's name as the survey puts it, e.g. "Ofta orolig för att utsättas för brott".</summary>
    public required string Indicator { get; set; }
    public required string Unit { get; set; }
    public Core.Indicators.AreaKind AreaKind { get; set; }
    /// <summary>"Stockholm" for the city, else the borough's or the district's name as the district register spells it.</summary>
    public required string Area { get; set; }
    public int PeriodFrom { get; set; }
    public int PeriodTo { get; set; }
    public double Value { get; set; }
    /// <summary>How many answered, when the source says.</summary>
    public int? SampleSize { get; set; }
    public required string Source { get; set; }
    public Core.Indicators.Provenance Provenance { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public int? ImportedById { get; set; }
}

/// <summary>An Open311 api_key: shown once when an administrator creates it, stored only as its SHA-256 hash.</summary>
public sealed class ApiKey
{
    public int Id { get; set; }
    /// <summary>Whose client it is, e.g. "FixMyStreet Stockholm".</summary>
    public required string Name { get; set; }
    /// <summary>The first characters of the key, so that an administrator can tell keys apart.</summary>
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int? CreatedById { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
