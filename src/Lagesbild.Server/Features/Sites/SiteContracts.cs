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
    ExceptionDay[]? Exceptions,
    bool? RoundsFlagged = null,
    [property: StringLength(320)] string? PropertyContactEmail = null,
    int? PropertyContactOrganisationId = null);

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
    bool RoundsFlagged,
    RoundsReason? RoundsRequired,
    NetTopologySuite.Geometries.Polygon? Yard,
    string? PropertyContactEmail = null,
    int? PropertyContactOrganisationId = null);

/// <summary>Why a site has a morning round every open day; absent when it has none.</summary>
public enum RoundsReason
{
    AllSites,
    Flagged,
    NearActiveScene,
}

public sealed record ImportResult(int Created, int Updated);

/// <summary>A site's exposure to nearby scenes and what its rounds found.</summary>
public sealed record SiteExposure(
    int SiteId,
    string Name,
    SiteKind Kind,
    string? District,
    int FindingsLast30Days,
    double Score,
    IReadOnlyList<NearbyScene> Scenes);

/// <summary>A scene near a site: how far, and how much of its activity falls while the site is open.</summary>
public sealed record NearbyScene(int SceneId, string Name, Core.Scenes.SceneStatus Status, double DistanceMetres, double ShareInsideOpeningHours, double ShareOutsideOpeningHours);

public sealed record PresenceSlotBody([property: Required] DayOfWeek? Day, [property: Required] string? From, [property: Required] string? To, [property: StringLength(200)] string? Who);

public sealed record PresenceRequest([property: Required] PresenceSlotBody[]? Slots);

/// <summary>One hour of the week: closed, covered by someone in the yard, or not, and whether nearby scenes are active then.</summary>
public sealed record PresenceHour(int HourOfWeek, PresenceCell State, bool SceneActive);

public sealed record PresenceGapView(DayOfWeek Day, string From, string To, bool SceneActive);

public sealed record PresenceWeek(int SiteId, string Name, IReadOnlyList<PresenceSlotBody> Slots, IReadOnlyList<PresenceHour> Hours, IReadOnlyList<PresenceGapView> Gaps);
