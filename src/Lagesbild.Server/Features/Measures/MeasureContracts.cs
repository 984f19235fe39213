using System.ComponentModel.DataAnnotations;
using Lagesbild.Core.Measures;
using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Measures;

/// <summary>A measure as a client sends it: exactly one target (sceneId, siteId, districtId or a drawn area).</summary>
public sealed record MeasureRequest(
    [property: Required] MeasureKind? Kind,
    [property: Required, StringLength(200, MinimumLength = 2)] string? Title,
    [property: MaxLength(4000)] string? Description,
    int? SceneId,
    int? SiteId,
    int? DistrictId,
    PolygonGeometry? Area,
    [property: Required] DateOnly? StartsOn,
    DateOnly? EndsOn,
    MeasureStatus? Status,
    int? OrganisationId,
    [property: Range(0, 10_000_000_000)] long? Cost);

/// <summary>What a measure acts on.</summary>
public enum MeasureTarget
{
    Scene,
    Site,
    District,
    Area,
}

public sealed record MeasureView(
    MeasureKind Kind,
    MeasureStatus Status,
    string Title,
    string? Description,
    int? SceneId,
    string? Scene,
    int? SiteId,
    string? Site,
    int? DistrictId,
    string? District,
    DateOnly StartsOn,
    DateOnly? EndsOn,
    int? OrganisationId,
    string? Organisation,
    long? Cost,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    MeasureTarget Target);
