using System.ComponentModel.DataAnnotations;

namespace Lagesbild.Server.Features.Alarms.Dc09;

/// <summary>
/// A DC-09 panel account. Key: the AES key as 32, 48 or 64 hex digits (AES-128/192/256), never read back; on an
/// update, leaving it out keeps the key, and an empty string removes it (the panel then sends in plain text).
/// </summary>
public sealed record PanelRequest(
    [property: Required, RegularExpression("^[0-9A-Fa-f]{3,16}$")] string? Account,
    [property: RegularExpression("^[0-9A-Fa-f]{1,6}$")] string? Receiver,
    [property: RegularExpression("^[0-9A-Fa-f]{1,6}$")] string? Prefix,
    [property: Required, StringLength(200, MinimumLength = 2)] string? Name,
    [property: Required] int? SiteId,
    [property: Required] int? SensorId,
    [property: StringLength(64)] string? Key,
    [property: Range(0, PanelRules.MaxSupervisionSeconds)] int? SupervisionSeconds,
    [property: Range(0, PanelRules.MaxGraceSeconds)] int? GraceSeconds,
    [property: MaxLength(PanelRules.MaxZones)] PanelZoneRequest[]? Zones);

/// <summary>A zone of the panel and the sensor at the site that takes its events.</summary>
public sealed record PanelZoneRequest([property: Required, Range(0, PanelRules.MaxZone)] int? Zone, [property: Required] int? SensorId);

public sealed record PanelZoneView(int Zone, int SensorId, string Sensor);

/// <summary>A panel account as the API shows it: whether it has a key, never the key.</summary>
public sealed record PanelView(
    int Id,
    string Account,
    string? Receiver,
    string? Prefix,
    string Name,
    int SiteId,
    string Site,
    int SensorId,
    string Sensor,
    bool Encrypted,
    int SupervisionSeconds,
    int GraceSeconds,
    DateTimeOffset? LastMessageAt,
    bool LineFault,
    IReadOnlyList<PanelZoneView> Zones,
    DateTimeOffset CreatedAt);

public static class PanelRules
{
    public const int MaxSupervisionSeconds = 7 * 24 * 3600;
    public const int MaxGraceSeconds = 24 * 3600;
    public const int MaxZones = 1000;

    /// <summary>Contact ID zones are three digits; SIA zones up to four.</summary>
    public const int MaxZone = 9999;

    /// <summary>The grace given when none is: long enough for a supervision message sent a little late over a slow line.</summary>
    public const int DefaultGraceSeconds = 30;
}
