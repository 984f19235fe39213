using System.ComponentModel.DataAnnotations;
using Lagesbild.Core.Cameras;

namespace Lagesbild.Server.Features.Cameras;

/// <summary>The balancing assessment (intresseavvägning) as documented: its text, the day it was made and by whom.</summary>
public sealed record AssessmentRequest(
    [property: Required, StringLength(CameraRules.MaxAssessment, MinimumLength = CameraRules.MinAssessment)] string? Text,
    [property: Required] DateOnly? MadeOn,
    [property: Required, StringLength(200, MinimumLength = 2)] string? MadeBy);

/// <summary>A weekly recording window in local time: day, from ("18:00"), to ("24:00" for the end of the day).</summary>
public sealed record RecordingWindowRequest(DayOfWeek? Day, string? From, string? To);

/// <summary>When the camera may record: outsideOpeningHours (the default) or windows, which must lie outside them too.</summary>
public sealed record RecordingHoursRequest(RecordingMode? Mode, RecordingWindowRequest[]? Windows);

public sealed record CameraRequest(
    [property: Required] int? SiteId,
    [property: Required, StringLength(200, MinimumLength = 2)] string? Name,
    [property: Required, StringLength(2000, MinimumLength = 2)] string? Purpose,
    [property: Required, StringLength(2000, MinimumLength = 2)] string? CoveredArea,
    [property: Required] AssessmentRequest? Assessment,
    RecordingHoursRequest? RecordingHours,
    [property: Required, Range(CameraRules.MinRetentionDays, CameraRules.MaxRetentionDays)] int? RetentionDays,
    [property: Required] bool? Signage,
    [property: StringLength(500)] string? SignageLocation,
    [property: StringLength(2000)] string? SnapshotUrl,
    [property: StringLength(2000)] string? OnvifUrl = null,
    [property: StringLength(CameraRules.MaxUserName)] string? SnapshotUserName = null,
    [property: StringLength(CameraRules.MaxPassword)] string? SnapshotPassword = null);

public sealed record RecordingWindowView(DayOfWeek Day, string From, string To);

public sealed record RecordingHoursView(RecordingMode Mode, IReadOnlyList<RecordingWindowView> Windows);

public sealed record AssessmentView(string Text, DateOnly MadeOn, string MadeBy);

public sealed record CameraView(
    int Id,
    int SiteId,
    string Site,
    string Name,
    string Purpose,
    string CoveredArea,
    AssessmentView Assessment,
    RecordingHoursView RecordingHours,
    bool RecordingNow,
    bool SiteOpenNow,
    int RetentionDays,
    bool Signage,
    string? SignageLocation,
    string? SnapshotUrl,
    string? OnvifUrl,
    string? SnapshotUserName,
    bool SnapshotPasswordSet,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    DateTimeOffset? RetiredAt,
    string? RetiredBy);
