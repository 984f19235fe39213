using Lagesbild.Core.Alarms;

namespace Lagesbild.Data;

/// <summary>A camera, motion, door, glass-break or sound sensor at a site, and the key it signs its events with.</summary>
public sealed class Sensor
{
    public int Id { get; set; }
    public int SiteId { get; set; }
    public Site? Site { get; set; }
    public SensorKind Kind { get; set; }
    public required string Name { get; set; }
    public double? Lat { get; set; }
    public double? Lon { get; set; }
    public ArmingMode ArmingMode { get; set; }
    /// <summary>The signing secret, encrypted with the server's data-protection keys (an HMAC check needs the key itself, so it cannot be a hash).</summary>
    public required string ProtectedSecret { get; set; }
    public string? AccessNotes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One event as a sensor sent it, stored before it is answered; the same event id again is the same event.</summary>
public sealed class SensorEvent
{
    public long Id { get; set; }
    public int SensorId { get; set; }
    public required string EventId { get; set; }
    public required string Type { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public string? MediaUrl { get; set; }
    public bool Armed { get; set; }
    public long? AlarmId { get; set; }
    public required string BodyHash { get; set; }
}

/// <summary>An alarm at a site: the events that raised it, who has it, its escalation deadline and its timeline.</summary>
public sealed class Alarm
{
    public long Id { get; set; }
    public int SiteId { get; set; }
    public Site? Site { get; set; }
    public AlarmStatus Status { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset LastEventAt { get; set; }
    public int EventCount { get; set; }
    public int EscalationLevel { get; set; }
    public int? AssignedUserId { get; set; }
    public string? AssignedName { get; set; }
    /// <summary>The guard company that has the alarm; its guards and control room see it.</summary>
    public int? GuardOrganisationId { get; set; }
    /// <summary>The durable escalation timer: not acknowledged by then, the alarm goes to the next level.</summary>
    public DateTimeOffset? AcknowledgeBy { get; set; }
    public AlarmOutcome? Outcome { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public long? ObservationId { get; set; }
    public List<AlarmEntry> Timeline { get; set; } = [];
}

/// <summary>A line of an alarm's timeline: who did what, when.</summary>
public sealed class AlarmEntry
{
    public long Id { get; set; }
    public long AlarmId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Action { get; set; }
    public int? UserId { get; set; }
    public required string ByName { get; set; }
    public string? Detail { get; set; }
}

/// <summary>A guard on duty from one instant to another, patrolling the listed districts.</summary>
public sealed class GuardShift
{
    public long Id { get; set; }
    public int UserId { get; set; }
    public DateTimeOffset From { get; set; }
    public DateTimeOffset To { get; set; }
    /// <summary>The patrol area as district ids, comma separated.</summary>
    public required string DistrictIds { get; set; }
}
