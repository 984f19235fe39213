using System.ComponentModel.DataAnnotations;
using Lagesbild.Core.Alarms;
using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Alarms;

public sealed record SensorRequest(
    [property: Required] int? SiteId,
    [property: Required] SensorKind? Kind,
    [property: Required, StringLength(200, MinimumLength = 2)] string? Name,
    [property: Required] ArmingMode? ArmingMode,
    double? Lat,
    double? Lon,
    [property: StringLength(2000)] string? AccessNotes);

public sealed record SensorView(int Id, int SiteId, string Site, SensorKind Kind, string Name, ArmingMode ArmingMode, bool ArmedNow, double? Lat, double? Lon, string? AccessNotes);

/// <summary>The answer to a new sensor: its secret, shown this once.</summary>
public sealed record CreatedSensor(int Id, string Secret, SensorView Sensor);

/// <summary>An event as a sensor sends it, signed over the raw body.</summary>
public sealed record SensorEventBody(int? SensorId, string? EventId, string? Type, DateTimeOffset? OccurredAt, string? MediaUrl);

/// <summary>What the server answers a sensor once the event is stored.</summary>
public sealed record EventReceipt(string EventId, bool Armed, long? AlarmId);

/// <summary>The sensor event behind a push: which sensor saw what, when.</summary>
public sealed record AlarmSignal(string EventId, string Sensor, SensorKind Kind, string Type, DateTimeOffset OccurredAt);

public sealed record AlarmEntryView(DateTimeOffset At, string Action, string By, string? Detail);

/// <summary>What a guard needs to know about the place: where, the yard, how to get in, the camera, the nearest active scene.</summary>
public sealed record AlarmSiteCard(double Lat, double Lon, NetTopologySuite.Geometries.Polygon? Yard, string? AccessNotes, string? MediaUrl, string? NearestScene, double? NearestSceneMetres);

public sealed record AlarmView(
    long Id,
    int SiteId,
    string Site,
    AlarmSiteCard Card,
    AlarmStatus Status,
    DateTimeOffset OpenedAt,
    DateTimeOffset LastEventAt,
    int Events,
    int EscalationLevel,
    string? AssignedTo,
    DateTimeOffset? AcknowledgeBy,
    AlarmOutcome? Outcome,
    string? Note,
    long? ObservationId,
    IReadOnlyList<AlarmEntryView> Timeline,
    bool Open,
    IReadOnlyList<AlarmAction> Actions);

/// <summary>Which alarms a list holds: the open ones, all, or those closed since an instant (a shift's history).</summary>
public enum AlarmList
{
    Open,
    All,
    Closed,
}

public sealed record ResolveRequest([property: Required] AlarmOutcome? Outcome, [property: StringLength(2000)] string? Note);

/// <summary>A guard's shift: on duty from one instant to another over a patrol area of districts.</summary>
public sealed record ShiftRequest(
    [property: Required] int? UserId,
    [property: Required] DateTimeOffset? From,
    [property: Required] DateTimeOffset? To,
    [property: Required, MinLength(1), IdList] int[]? DistrictIds);

public sealed record ShiftView(long Id, int UserId, string Guard, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<int> DistrictIds);
