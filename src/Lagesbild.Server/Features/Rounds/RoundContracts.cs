using System.ComponentModel.DataAnnotations;
using Lagesbild.Core.Rounds;
using Lagesbild.Core.Sites;

namespace Lagesbild.Server.Features.Rounds;

/// <summary>A checklist line of a round: unanswered (null), OK, or not OK with a note.</summary>
public sealed record ChecklistEntry(string Item, bool? Ok, string? Note);

public sealed record RoundSite(int Id, string Name, SiteKind Kind, double Lat, double Lon, NetTopologySuite.Geometries.Polygon? Yard);

public sealed record RoundSummary(
    long Id,
    DateOnly Date,
    DateTimeOffset Deadline,
    RoundStatus Status,
    bool Late,
    RoundSite Site,
    int Findings,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string? CompletedBy,
    DateTimeOffset? MissedAt);

public sealed record FindingView(
    long Id,
    FindingCategory Category,
    int Count,
    double Lat,
    double Lon,
    bool RemovedSafely,
    string? Text,
    double MetresOutsideYard,
    bool OutsideYard,
    DateTimeOffset FoundAt,
    long ObservationId,
    bool HasPhoto);

/// <summary>An alarm at the site since the day before, so that the round knows where to look.</summary>
public sealed record RoundAlert(DateTimeOffset At, Core.Alarms.AlarmStatus Status, Core.Alarms.AlarmOutcome? Outcome, string? Note);

public sealed record RoundDetail(RoundSummary Round, IReadOnlyList<ChecklistEntry> Checklist, IReadOnlyList<FindingView> Findings, string? Note, IReadOnlyList<RoundAlert>? Alarms = null);

public sealed record FindingRequest(
    [property: Required] FindingCategory? Category,
    int? Count,
    [property: Required] double? Lat,
    [property: Required] double? Lon,
    bool? RemovedSafely,
    [property: StringLength(2000)] string? Text,
    DateTimeOffset? FoundAt);

public sealed record ChecklistAnswer([property: Required] bool? Ok, [property: StringLength(500)] string? Note);

/// <summary>Completing a round; completedAt is when the phone completed it, which may be long before it could send it.</summary>
public sealed record CompleteRequest([property: Required] ChecklistAnswer[]? Checklist, [property: StringLength(4000)] string? Note, DateTimeOffset? CompletedAt = null);

public sealed record ChecklistRequest([property: Required] string[]? Items);
