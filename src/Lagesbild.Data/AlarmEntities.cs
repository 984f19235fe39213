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

/// <summary>
/// An intrusion panel that reports over SIA DC-09: its account as the panel sends it, the site it guards, its
/// AES key (encrypted with the server's data-protection keys, like sensor secrets), and its line supervision.
/// Events from zones not mapped to a sensor raise their alarms on <see cref="SensorId"/>, the panel's own sensor.
/// </summary>
public sealed class PanelAccount
{
    public int Id { get; set; }
    /// <summary>The account number as the panel sends it after '#': 3 to 16 hexadecimal digits, kept in upper case.</summary>
    public required string Account { get; set; }
    /// <summary>The receiver number (R...) the panel must send, when set; any otherwise.</summary>
    public string? Receiver { get; set; }
    /// <summary>The account prefix (L...) the panel must send, when set; any otherwise.</summary>
    public string? Prefix { get; set; }
    public required string Name { get; set; }
    public int SiteId { get; set; }
    public Site? Site { get; set; }
    /// <summary>The sensor that takes events of zones not mapped to one of their own.</summary>
    public int SensorId { get; set; }
    /// <summary>The AES key (16, 24 or 32 bytes as hex), encrypted with the server's data-protection keys; null when the panel sends in plain text.</summary>
    public string? ProtectedKey { get; set; }
    /// <summary>How often the panel must be heard from (seconds); 0 for a panel not supervised.</summary>
    public int SupervisionSeconds { get; set; }
    /// <summary>How long past the interval the line may be silent before it is a fault.</summary>
    public int GraceSeconds { get; set; }
    public DateTimeOffset? LastMessageAt { get; set; }
    /// <summary>The line-fault alarm of the outage going on now, if one is: one per outage, cleared by the next message.</summary>
    public long? LineFaultAlarmId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int? CreatedById { get; set; }
    public string? IdempotencyKey { get; set; }
    public string? RequestHash { get; set; }
    public List<PanelZone> Zones { get; set; } = [];
}

/// <summary>A panel's zone and the sensor at the site whose alarm it raises.</summary>
public sealed class PanelZone
{
    public int Id { get; set; }
    public int PanelAccountId { get; set; }
    public int Zone { get; set; }
    public int SensorId { get; set; }
}
