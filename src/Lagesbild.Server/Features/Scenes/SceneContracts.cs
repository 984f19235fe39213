using System.ComponentModel.DataAnnotations;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Scenes;
using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Scenes;

public sealed record SceneRequest(
    [property: Required, StringLength(200, MinimumLength = 2)] string? Name,
    [property: Required] PolygonGeometry? Area,
    [property: MaxLength(4000)] string? Description,
    SceneStatus? Status,
    DateTimeOffset? StatusAt,
    [property: MaxLength(2000)] string? Reason,
    double[]? ActiveHours);

public sealed record StatusRequest(
    [property: Required] SceneStatus? Status,
    DateTimeOffset? At,
    [property: Required, StringLength(2000, MinimumLength = 2)] string? Reason);

/// <summary>A note, Internal unless the police keep it Restricted or social services Confidential.</summary>
public sealed record NoteRequest([property: Required, StringLength(4000, MinimumLength = 1)] string? Text, Classification? Classification = null);

/// <summary>A scene in the register; <c>active</c> says whether its status counts as an active scene (the core's rule, for maps and counts).</summary>
public sealed record SceneSummary(string Name, SceneStatus Status, bool Active, int? DistrictId, string? District, string? Borough, DateTimeOffset Since, double[] Centre);

public sealed record HistoryEntry(SceneStatus Status, DateTimeOffset At, string Reason, string By, DateTimeOffset RecordedAt);

public sealed record NoteEntry(long Id, string Text, string Author, DateTimeOffset CreatedAt, Classification Classification);

public sealed record SceneDetail(
    string Name,
    SceneStatus Status,
    int? DistrictId,
    string? District,
    string? Borough,
    string? Description,
    double[] Centre,
    IReadOnlyList<HistoryEntry> History,
    IReadOnlyList<NoteEntry> Notes,
    double[] ActiveHours,
    string ActiveHoursSource,
    double[] DerivedActiveHours,
    int ProfileObservations,
    DateTimeOffset ProfileFrom,
    DateTimeOffset ProfileTo);
