using System.ComponentModel.DataAnnotations;

namespace Lagesbild.Server.Features.Retention;

/// <summary>
/// How long each kind of personal data is kept before retention (gallring) removes it ("Retention" in configuration).
/// The defaults and their reasons are in docs/privacy.md.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Residents' words, photo link, exact place and contact token: days after the report was closed or handled.</summary>
    [Range(1, 3650)]
    public int ResidentReportDays { get; set; } = 180;

    /// <summary>Round findings' photos and free text: days after the finding.</summary>
    [Range(1, 3650)]
    public int FindingDays { get; set; } = 90;

    /// <summary>Raw sensor events: days after they arrived (an open alarm keeps its events until it is closed).</summary>
    [Range(1, 3650)]
    public int SensorEventDays { get; set; } = 90;

    /// <summary>In-app notifications: days after they were made.</summary>
    [Range(1, 3650)]
    public int NotificationDays { get; set; } = 90;

    /// <summary>Observations' free text: days after the observation was recorded (the observation itself stays).</summary>
    [Range(1, 3650)]
    public int ObservationTextDays { get; set; } = 730;

    /// <summary>Audit entries: years after they were written.</summary>
    [Range(1, 20)]
    public int AuditYears { get; set; } = 3;

    /// <summary>Whether the worker culls on its own (tests run a pass by hand).</summary>
    public bool Worker { get; set; } = true;

    /// <summary>How often the worker looks for data past its period.</summary>
    [Range(1, 1440)]
    public int WorkerMinutes { get; set; } = 60;

    /// <summary>Rows per transaction: a pass stopped in the middle keeps what it committed and resumes from there.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>How long a server's claim to cull a type lasts without being renewed (a dead server's claim expires).</summary>
    [Range(1, 1440)]
    public int ClaimMinutes { get; set; } = 10;
}
