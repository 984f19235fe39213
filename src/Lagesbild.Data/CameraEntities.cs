namespace Lagesbild.Data;

/// <summary>
/// A camera in the municipality's camera register (kamerabevakningslagen): where it is, why, what it covers, the
/// documented balancing assessment, when it may record, how long recordings are kept and how it is signposted.
/// A camera taken down is retired, not deleted, so the register keeps what was filmed where and on what grounds.
/// </summary>
public sealed class Camera
{
    public int Id { get; set; }
    public int SiteId { get; set; }
    public required string Name { get; set; }
    public required string Purpose { get; set; }
    /// <summary>What the camera covers, in words: "the yard's entrance and the bicycle stand, not the street".</summary>
    public required string CoveredArea { get; set; }
    /// <summary>The balancing assessment (intresseavvägning) as documented, its date and who made it.</summary>
    public required string Assessment { get; set; }
    public DateOnly AssessedOn { get; set; }
    public required string AssessedBy { get; set; }
    public Core.Cameras.RecordingMode RecordingMode { get; set; }
    /// <summary>Weekly windows (mode Windows), local time, as JSON: [{"day":"Saturday","from":"00:00","to":"24:00"}].</summary>
    public string RecordingWindows { get; set; } = "[]";
    public int RetentionDays { get; set; }
    public bool Signage { get; set; }
    /// <summary>Where the signs are: "at both gates and the main entrance".</summary>
    public string? SignageLocation { get; set; }
    /// <summary>Where a still picture can be fetched (kept for verification of alarms; never fetched by the register).</summary>
    public string? SnapshotUrl { get; set; }
    /// <summary>An ONVIF device service (http://camera/onvif/device_service): the still is found through its media service.</summary>
    public string? OnvifUrl { get; set; }
    /// <summary>The user name the camera asks for (HTTP Basic or Digest, and ONVIF's UsernameToken).</summary>
    public string? SnapshotUserName { get; set; }
    /// <summary>The camera's password, encrypted with the server's data protection keys; never shown again.</summary>
    public string? SnapshotPassword { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int? CreatedById { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedByName { get; set; }
    public DateTimeOffset? RetiredAt { get; set; }
    public string? RetiredByName { get; set; }
    public string? IdempotencyKey { get; set; }
    public string? RequestHash { get; set; }
}

/// <summary>Why a still was not fetched; the card says it in words, never shows it as a picture.</summary>
public enum SnapshotFailure
{
    /// <summary>The register does not allow the camera to record now (the site is open, or outside its windows).</summary>
    NotRecording,
    Timeout,
    Unreachable,
    /// <summary>The camera answered with an HTTP status other than 200 (401: the credentials were refused).</summary>
    HttpStatus,
    TooLarge,
    NotAnImage,
    /// <summary>The ONVIF services did not give a snapshot address.</summary>
    Onvif,
    /// <summary>The camera's password could not be decrypted (the server's keys were replaced).</summary>
    Credentials,
}

/// <summary>
/// A camera's still picture fetched when an alarm opened, for the guard to see what the camera saw; or why there is
/// none. Kept as long as the camera's recordings (the register's retention) and culled by retention after that.
/// </summary>
public sealed class AlarmSnapshot
{
    public long Id { get; set; }
    public long AlarmId { get; set; }
    public int CameraId { get; set; }
    /// <summary>The camera's name when the still was fetched.</summary>
    public required string CameraName { get; set; }
    public DateTimeOffset FetchedAt { get; set; }
    /// <summary>image/jpeg or image/png, with <see cref="Image"/>; null for a failure.</summary>
    public string? ContentType { get; set; }
    public byte[]? Image { get; set; }
    public SnapshotFailure? Failure { get; set; }
    /// <summary>What the failure's words need: the timeout's seconds, the HTTP status, the size.</summary>
    public string? FailureDetail { get; set; }
}
