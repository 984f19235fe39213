using System.ComponentModel.DataAnnotations;
using Lagesbild.Core.Sites;
using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Sites;

/// <summary>Opening hours of one weekday, in local time ("08:00").</summary>
public sealed record DayHours([property: Required] DayOfWeek? Day, [property: Required] string? Opens, [property: Required] string? Closes);

/// <summary>A one-off day: closed when opens and closes are both absent, else special hours.</summary>
public sealed record ExceptionDay([property: Required] string? Date, string? Opens, string? Closes);

public sealed record SiteRequest(
    [property: Required, StringLength(200, MinimumLength = 2)] string? Name,
    [property: Required] SiteKind? Kind,
    [property: Required] double? Lat,
    [property: Required] double? Lon,
    PolygonGeometry? Yard,
    int? OrganisationId,
    [property: Required] DayHours[]? OpeningHours,
    bool? OpenDuringBreaks,
    ExceptionDay[]? Exceptions);

public sealed record SiteProperties(
    string Name,
    SiteKind Kind,
    int? DistrictId,
    string? District,
    int? OrganisationId,
    IReadOnlyList<DayHours> OpeningHours,
    bool OpenDuringBreaks,
    IReadOnlyList<ExceptionDay> Exceptions,
    bool OpenNow,
    NetTopologySuite.Geometries.Polygon? Yard);
