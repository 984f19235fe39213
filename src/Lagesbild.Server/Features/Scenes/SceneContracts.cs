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

/// <summary>A status change; <c>by</c> proposed or made it, <c>confirmedBy</c> is the other party's confirmer when it needed one.</summary>
public sealed record HistoryEntry(SceneStatus Status, DateTimeOffset At, string Reason, string By, DateTimeOffset RecordedAt, string? ConfirmedBy = null, DateTimeOffset? ConfirmedAt = null);

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
    DateTimeOffset ProfileTo,
    SceneLineageView? Lineage = null);

/// <summary>Merge this scene into another (<c>into</c>): it ends Ceased, and the receiving scene's area becomes the union.</summary>
public sealed record MergeRequest([property: Required] int? Into, [property: MaxLength(2000)] string? Reason);

/// <summary>Split this scene into new scenes, one per part (GeoJSON Polygons), optionally named (else "name – del n").</summary>
public sealed record SplitRequest([property: Required] PolygonGeometry[]? Parts, string[]? Names, [property: MaxLength(2000)] string? Reason);

/// <summary>Confirm or reject a proposed status change, with a note.</summary>
public sealed record ProposalDecisionRequest([property: MaxLength(2000)] string? Note);

/// <summary>
/// How a scene relates to others: <c>relation</c> is mergedFrom, mergedInto, splitFrom or splitInto, seen from this scene.
/// </summary>
public sealed record LineageEntry(string Relation, int Scene, string Name, DateTimeOffset At, string By);

/// <summary>One outline of the area, from when it was drawn to when the next replaced it (null: the present one).</summary>
public sealed record AreaEntry(DateTimeOffset From, DateTimeOffset? To, string Reason, string By, PolygonGeometry Area);

/// <summary>A proposed status change; <c>mayDecide</c> says whether the reader may confirm or reject it.</summary>
public sealed record ProposalView(
    long Id, SceneStatus Status, DateTimeOffset At, string Reason, Party ConfirmingParty, string ProposedBy, DateTimeOffset ProposedAt,
    Data.ProposalState State, string? DecidedBy, DateTimeOffset? DecidedAt, string? Note, bool MayDecide);

/// <summary>The scene's lineage, the history of its area and its status proposals; <c>ended</c> when it was merged or split.</summary>
public sealed record SceneLineageView(bool Ended, IReadOnlyList<LineageEntry> Links, IReadOnlyList<AreaEntry> Areas, IReadOnlyList<ProposalView> Proposals);

/// <summary>A status change recorded at once (<c>scene</c>), or proposed and waiting for the other party (<c>proposal</c>).</summary>
public sealed record StatusAnswer(Feature<SceneDetail>? Scene, ProposalView? Proposal);
