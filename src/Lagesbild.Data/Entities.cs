using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Scenes;
using NetTopologySuite.Geometries;

namespace Lagesbild.Data;

public sealed class Organisation
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public OrganisationKind Kind { get; set; }
}

public sealed class User
{
    public int Id { get; set; }
    public required string Email { get; set; }
    public required string DisplayName { get; set; }
    public string PasswordHash { get; set; } = "";
    public int OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    public List<Role> Roles { get; set; } = [];
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A stadsdel, with the stadsdelsområde (borough) it belongs to.</summary>
public sealed class District
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Borough { get; set; }
    public required Polygon Area { get; set; }
}

public sealed class Scene
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public int? DistrictId { get; set; }
    public District? District { get; set; }
    public required Polygon Area { get; set; }
    public SceneStatus Status { get; set; }
    public string? Description { get; set; }
    /// <summary>Active hours set by hand (168 values 0..1), overriding the profile derived from observations.</summary>
    public double[]? ManualActiveHours { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<SceneStatusEntry> History { get; set; } = [];
    public List<SceneNote> Notes { get; set; } = [];
}

public sealed class SceneStatusEntry
{
    public long Id { get; set; }
    public int SceneId { get; set; }
    public SceneStatus Status { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Reason { get; set; }
    public int? ByUserId { get; set; }
    public required string ByName { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>Local knowledge about a scene, written by the people who know the area.</summary>
public sealed class SceneNote
{
    public long Id { get; set; }
    public int SceneId { get; set; }
    public required string Text { get; set; }
    public int? AuthorId { get; set; }
    public required string AuthorName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum ObservationSource
{
    Staff,
    Round,
    Alarm,
    PublicReport,
    Demo,
}

public sealed class Observation
{
    public long Id { get; set; }
    public ObservationCategory Category { get; set; }
    public double Lat { get; set; }
    public double Lon { get; set; }
    /// <summary>SWEREF 99 TM easting and northing in metres, projected once at write time.</summary>
    public double X { get; set; }
    public double Y { get; set; }
    public long CellKey { get; set; }
    public required Point Location { get; set; }
    public int? DistrictId { get; set; }
    public DateTimeOffset OccurredFrom { get; set; }
    public DateTimeOffset? OccurredTo { get; set; }
    /// <summary>The local hour of week of OccurredFrom: the only hour of an observation without an interval.</summary>
    public int HourOfWeek { get; set; }
    /// <summary>The hours of the week (local) that the occurrence touches, as 168 bits in three words.</summary>
    public long HoursMask0 { get; set; }
    public long HoursMask1 { get; set; }
    public long HoursMask2 { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
    public int Count { get; set; } = 1;
    public Classification Classification { get; set; }
    public string? Text { get; set; }
    public ObservationSource Source { get; set; }
    public int? OrganisationId { get; set; }
    public int? CreatedById { get; set; }
    public string? IdempotencyKey { get; set; }
    public string? RequestHash { get; set; }
}

/// <summary>A school or preschool (or other site) that the city protects: its place, yard and opening calendar.</summary>
public sealed class Site
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public Core.Sites.SiteKind Kind { get; set; }
    public required Point Location { get; set; }
    public Polygon? Yard { get; set; }
    public int? DistrictId { get; set; }
    public int? OrganisationId { get; set; }
    /// <summary>Opening hours per weekday, local time, as JSON: [{"day":"Monday","opens":"08:00","closes":"16:00"}].</summary>
    public string OpeningHours { get; set; } = "[]";
    /// <summary>One-off closures and special days, as JSON: [{"date":"2026-11-26","opens":null,"closes":null}].</summary>
    public string Exceptions { get; set; } = "[]";
    public bool OpenDuringBreaks { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public int? UserId { get; set; }
    public required string Action { get; set; }
    public required string Entity { get; set; }
    public string? EntityId { get; set; }
    public string? Detail { get; set; }
}
