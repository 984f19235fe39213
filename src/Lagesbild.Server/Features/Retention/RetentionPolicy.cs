namespace Lagesbild.Server.Features.Retention;

/// <summary>One kind of data that retention culls: its period, what the period counts from, what goes and what stays.</summary>
public sealed record RetentionRule(string Type, string Period, int Days, string CountedFrom, IReadOnlyList<string> Removed, IReadOnlyList<string> Kept);

/// <summary>The kinds of data that retention culls, with their periods from configuration.</summary>
public static class RetentionPolicy
{
    public const string ResidentReports = "resident-reports";
    public const string Findings = "findings";
    public const string SensorEvents = "sensor-events";
    public const string CameraStills = "camera-stills";
    public const string Notifications = "notifications";
    public const string ObservationText = "observation-text";
    public const string Audit = "audit";

    /// <summary>The types in the order a pass culls them (and the policy lists them).</summary>
    public static IReadOnlyList<string> Types { get; } = [ResidentReports, Findings, SensorEvents, CameraStills, Notifications, ObservationText, Audit];

    public static IReadOnlyList<RetentionRule> Rules(RetentionOptions o) =>
    [
        new(ResidentReports, Days(o.ResidentReportDays), o.ResidentReportDays,
            "the report's last change after it was closed or handled (a report waiting in a queue is kept)",
            ["description", "media_url", "address_string", "the exact point", "the contact token"],
            ["service and category", "the 250 m cell (the point moves to its centre)", "time", "status and its history", "the observation it became"]),
        new(Findings, Days(o.FindingDays), o.FindingDays, "the time of the finding",
            ["photo", "free text"],
            ["category", "count", "place in the yard", "time", "removed safely", "the observation it became"]),
        new(SensorEvents, Days(o.SensorEventDays), o.SensorEventDays, "the time the event arrived (an open alarm keeps its events)",
            ["the raw event (type, time, media link, body hash)"],
            ["the alarm with its event count, timeline and outcome"]),
        // A still is a recording: kept as long as the camera register says that camera's recordings are kept.
        new(CameraStills, Days(Core.Cameras.CameraRules.MaxRetentionDays), Core.Cameras.CameraRules.MaxRetentionDays,
            "the time the still was fetched, per camera: the camera's retention in the camera register (1 to 30 days; an open alarm does not keep it longer)",
            ["the picture, with why it was or was not fetched"],
            ["the alarm with its event count, timeline and outcome"]),
        new(Notifications, Days(o.NotificationDays), o.NotificationDays, "the time the notification was made",
            ["the notification"],
            []),
        new(ObservationText, Days(o.ObservationTextDays), o.ObservationTextDays, "the time the observation was recorded",
            ["free text (also in earlier versions of the observation)"],
            ["category", "count", "classification", "place and 250 m cell", "time", "source", "history of versions"]),
        new(Audit, $"P{o.AuditYears}Y", o.AuditYears * 365, "the time the entry was written",
            ["audit entries, oldest first"],
            ["the hash of the newest removed entry, from which the rest of the chain still verifies"]),
    ];

    /// <summary>The instant before which data of the type is past its period.</summary>
    public static DateTimeOffset Cutoff(string type, RetentionOptions o, DateTimeOffset now) => type switch
    {
        ResidentReports => now.AddDays(-o.ResidentReportDays),
        Findings => now.AddDays(-o.FindingDays),
        SensorEvents => now.AddDays(-o.SensorEventDays),
        // Each camera's own retention: the pass works out the cutoff per camera; nothing is older than the longest.
        CameraStills => now.AddDays(-Core.Cameras.CameraRules.MinRetentionDays),
        Notifications => now.AddDays(-o.NotificationDays),
        ObservationText => now.AddDays(-o.ObservationTextDays),
        Audit => now.AddYears(-o.AuditYears),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a retained type of data."),
    };

    private static string Days(int days) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"P{days}D");
}
