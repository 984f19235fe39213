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
    public DateTimeOffset CreatedAt { get; set; }
    public int? CreatedById { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedByName { get; set; }
    public DateTimeOffset? RetiredAt { get; set; }
    public string? RetiredByName { get; set; }
    public string? IdempotencyKey { get; set; }
    public string? RequestHash { get; set; }
}
