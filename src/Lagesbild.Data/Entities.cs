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
    /// <summary>The districts its users see in detail; none means the whole city (no scope).</summary>
    public List<OrganisationArea> Areas { get; set; } = [];
}

/// <summary>A district an organisation is scoped to: its users see detail there and aggregated counts elsewhere.</summary>
public sealed class OrganisationArea
{
    public int OrganisationId { get; set; }
    public int DistrictId { get; set; }
}

/// <summary>A guard company's contract to guard a site: its guards see that site's sensors, rounds and alarms.</summary>
public sealed class GuardContract
{
    public int OrganisationId { get; set; }
    public int SiteId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
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
    /// <summary>Changes whenever the user's access changes (role, organisation, deactivation, password): sessions and tokens issued under an older stamp stop working.</summary>
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");
    public DateTimeOffset? LastSignInAt { get; set; }
    /// <summary>Wrong passwords or codes in a row; the account locks when it reaches the limit.</summary>
    public int FailedSignIns { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    /// <summary>The authenticator app's shared key, protected with the data protection keys; null when TOTP is off.</summary>
    public string? TotpSecret { get; set; }
    /// <summary>The last TOTP time step used, so that a code cannot be replayed.</summary>
    public long TotpLastStep { get; set; }
    /// <summary>Hashes of the unused recovery codes, separated by ';'.</summary>
    public string? RecoveryCodes { get; set; }
    /// <summary>The identity provider that signs this user in (the configured name), or null for a local account.</summary>
    public string? ExternalProvider { get; set; }
    /// <summary>The provider's stable subject ("sub", or "oid" for Entra ID) for this user.</summary>
    public string? ExternalSubject { get; set; }

    /// <summary>Ends every session and token issued to the user so far (checked within a minute everywhere).</summary>
    public void RevokeSessions() => SecurityStamp = Guid.NewGuid().ToString("N");
}

/// <summary>A token a user creates for scripts, shown once and stored as a hash.</summary>
public sealed class PersonalToken
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public required string Name { get; set; }
    /// <summary>The first characters of the token, so that the user can tell tokens apart.</summary>
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
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
    /// <summary>The dated outlines of the area, oldest first; empty for a scene whose area never changed since it was registered before they were kept.</summary>
    public List<SceneArea> Areas { get; set; } = [];
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
    /// <summary>The other party's user who confirmed a proposed change (ByName proposed it); null when none was needed.</summary>
    public int? ConfirmedByUserId { get; set; }
    public string? ConfirmedByName { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    /// <summary>The proposal this entry came from, when it was confirmed.</summary>
    public long? ProposalId { get; set; }
    public string? IdempotencyKey { get; set; }
    public string? RequestHash { get; set; }
}

/// <summary>Local knowledge about a scene, written by the people who know the area.</summary>
public sealed class SceneNote
{
    public long Id { get; set; }
    public int SceneId { get; set; }
    public required string Text { get; set; }
    /// <summary>Internal by default; the police may keep a Restricted note, social services a Confidential one.</summary>
    public Classification Classification { get; set; } = Classification.Internal;
    public int? OrganisationId { get; set; }
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
    /// <summary>A partner organisation's user (<see cref="Core.Access.Role.Partner"/>); the organisation is the observation's.</summary>
    Partner,
    /// <summary>A row of a bulk import (<see cref="ImportJob"/>); <see cref="Observation.ImportSource"/> and <see cref="Observation.SourceId"/> say which.</summary>
    Import,
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
    /// <summary>1 when recorded; each correction adds one. The versions before are in <see cref="ObservationRevision"/>.</summary>
    public int Version { get; set; } = 1;
    /// <summary>When it was withdrawn as wrong: it stays for its history, but nothing counts or lists it.</summary>
    public DateTimeOffset? WithdrawnAt { get; set; }
    /// <summary>When retention culled its words (the count, category, cell and time stay).</summary>
    public DateTimeOffset? CulledAt { get; set; }
    /// <summary>The system an imported observation came from (the import's source), with its id there: unique together, so an import can be rerun.</summary>
    public string? ImportSource { get; set; }
    public string? SourceId { get; set; }
}

public enum RevisionKind
{
    Corrected,
    Withdrawn,
    Culled,
}

/// <summary>
/// A change to an observation after it was recorded: who, when, why, and the observation as it stood before (as
/// JSON). Written only on a change, so that the picture index can follow changes by this table's newest id.
/// </summary>
public sealed class ObservationRevision
{
    public long Id { get; set; }
    public long ObservationId { get; set; }
    /// <summary>The version this change made (the one before is in <see cref="Before"/>).</summary>
    public int Version { get; set; }
    public RevisionKind Kind { get; set; }
    public DateTimeOffset At { get; set; }
    public int? ByUserId { get; set; }
    public required string ByName { get; set; }
    public int? OrganisationId { get; set; }
    public required string Reason { get; set; }
    public required string Before { get; set; }
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
    /// <summary>Flagged by a coordinator for morning rounds even when the city does not round every site.</summary>
    public bool RoundsFlagged { get; set; }
    /// <summary>The property owner's fault desk, told at once of dangerous finds not removed: an e-mail address, an organisation (its users), or both.</summary>
    public string? PropertyContactEmail { get; set; }
    public int? PropertyContactOrganisationId { get; set; }
    /// <summary>The hours of the week (e.g. "7,8,31") in which nearby scene activity met the opening hours when the principal was last told.</summary>
    public string? OverlapToldHours { get; set; }
    /// <summary>The ISO week ("2026-W49") whose jump in findings the principal was last told of, so that a jump is told once.</summary>
    public string? FindingJumpToldWeek { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A site's morning round of the yard on a local date, due a lead time before opening.</summary>
public sealed class Round
{
    public long Id { get; set; }
    public int SiteId { get; set; }
    public Site? Site { get; set; }
    public DateOnly Date { get; set; }
    public DateTimeOffset Deadline { get; set; }
    public Core.Rounds.RoundStatus Status { get; set; }
    /// <summary>The checklist as it stood when the round was planned, with each item's result, as JSON.</summary>
    public string Checklist { get; set; } = "[]";
    public DateTimeOffset? StartedAt { get; set; }
    public string? StartedByName { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public int? CompletedById { get; set; }
    public string? CompletedByName { get; set; }
    /// <summary>The Idempotency-Key and body hash of the completion, so that a retried completion answers as the first did.</summary>
    public string? CompletionKey { get; set; }
    /// <summary>When the round passed its deadline unfinished; kept after a late completion.</summary>
    public DateTimeOffset? MissedAt { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<Finding> Findings { get; set; } = [];
}

/// <summary>Something found on a round; it also enters the picture as an observation.</summary>
public sealed class Finding
{
    public long Id { get; set; }
    public long RoundId { get; set; }
    public Core.Rounds.FindingCategory Category { get; set; }
    public int Count { get; set; } = 1;
    public double Lat { get; set; }
    public double Lon { get; set; }
    public bool RemovedSafely { get; set; }
    public string? Text { get; set; }
    /// <summary>How far outside the yard the position lies (0 when inside or within the tolerance).</summary>
    public double MetresOutsideYard { get; set; }
    public long ObservationId { get; set; }
    public DateTimeOffset FoundAt { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public int CreatedById { get; set; }
    public string? IdempotencyKey { get; set; }
    public string? RequestHash { get; set; }
    public bool HasPhoto { get; set; }
}

/// <summary>A finding's photo, re-encoded without metadata; kept apart so lists never load the bytes.</summary>
public sealed class FindingPhoto
{
    public long FindingId { get; set; }
    public required byte[] Jpeg { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
}

/// <summary>An editable line of the round checklist for one kind of site.</summary>
public sealed class ChecklistItem
{
    public int Id { get; set; }
    public Core.Sites.SiteKind Kind { get; set; }
    public int Position { get; set; }
    public required string Text { get; set; }
}

/// <summary>An adult planned in the yard on a weekday, in minutes after local midnight.</summary>
public sealed class YardPresenceSlot
{
    public long Id { get; set; }
    public int SiteId { get; set; }
    public DayOfWeek Day { get; set; }
    public int FromMinute { get; set; }
    public int ToMinute { get; set; }
    public string? Who { get; set; }
}

/// <summary>A message to one user in the app, such as a missed round.</summary>
public sealed class Notification
{
    public long Id { get; set; }
    public int UserId { get; set; }
    public required string Kind { get; set; }
    public required string Text { get; set; }
    /// <summary>The event's values as JSON ({"site": ..., "date": ...}), so that the app can say it in the reader's language.</summary>
    public string? Parameters { get; set; }
    public string? Link { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}

public enum OutboxChannel
{
    Webhook,
    Email,
}

/// <summary>A message to send outside (webhook, e-mail), written with the change that caused it and sent by a worker until it goes through.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public OutboxChannel Channel { get; set; }
    public required string Recipient { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>
/// One line of the append-only audit log: who read or changed what, from which route, and for whom (the data
/// owner). Each entry's hash covers its fields and the previous entry's hash, so a removed or changed entry breaks
/// the chain.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public int? UserId { get; set; }
    public string? ActorName { get; set; }
    public int? OrganisationId { get; set; }
    public required string Action { get; set; }
    public required string Entity { get; set; }
    public string? EntityId { get; set; }
    /// <summary>Whose data it is: Police (Restricted), SocialServices (Confidential) or City (the rest).</summary>
    public required string Owner { get; set; }
    /// <summary>How many records of the owner's the read used (1 for one record; the count for an aggregate).</summary>
    public int Count { get; set; } = 1;
    public string? Route { get; set; }
    public string? Purpose { get; set; }
    public string? Detail { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
}

/// <summary>When retention last culled a type of data, and which server holds the claim to cull it now.</summary>
public sealed class RetentionRun
{
    public required string DataType { get; set; }
    public DateTimeOffset? LastRunAt { get; set; }
    public int LastCulled { get; set; }
    public long TotalCulled { get; set; }
    public DateTimeOffset? ClaimedUntil { get; set; }
    public string? ClaimedBy { get; set; }
}
