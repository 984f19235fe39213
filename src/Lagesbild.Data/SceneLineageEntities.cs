using Lagesbild.Core.Scenes;
using NetTopologySuite.Geometries;

namespace Lagesbild.Data;

/// <summary>One dated outline of a scene: each change of its polygon adds one, so the area's history is kept.</summary>
public sealed class SceneArea
{
    public long Id { get; set; }
    public int SceneId { get; set; }
    public required Polygon Area { get; set; }
    /// <summary>When the scene took this outline.</summary>
    public DateTimeOffset From { get; set; }
    /// <summary>Why: registered, redrawn, merged or split.</summary>
    public required string Reason { get; set; }
    public int? ByUserId { get; set; }
    public required string ByName { get; set; }
}

/// <summary>
/// A scene's lineage: <see cref="FromSceneId"/> was merged into <see cref="ToSceneId"/>, or split into it (one row
/// per part). A retried merge or split finds its rows by the user's Idempotency-Key.
/// </summary>
public sealed class SceneLink
{
    public long Id { get; set; }
    public int FromSceneId { get; set; }
    public int ToSceneId { get; set; }
    public LineageKind Kind { get; set; }
    public DateTimeOffset At { get; set; }
    public int? ByUserId { get; set; }
    public required string ByName { get; set; }
    public string? IdempotencyKey { get; set; }
    public string? RequestHash { get; set; }
}

public enum ProposalState
{
    Pending,
    Confirmed,
    Rejected,
}

/// <summary>A status change waiting for the other party's confirmation; confirmed, it becomes a history entry naming both.</summary>
public sealed class SceneStatusProposal
{
    public long Id { get; set; }
    public int SceneId { get; set; }
    public SceneStatus Status { get; set; }
    /// <summary>When the change happened, as proposed.</summary>
    public DateTimeOffset At { get; set; }
    public required string Reason { get; set; }
    public Party ConfirmingParty { get; set; }
    public int ProposedByUserId { get; set; }
    public required string ProposedByName { get; set; }
    public int ProposedByOrganisationId { get; set; }
    public DateTimeOffset ProposedAt { get; set; }
    public ProposalState State { get; set; }
    public int? DecidedByUserId { get; set; }
    public string? DecidedByName { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionNote { get; set; }
    public string? IdempotencyKey { get; set; }
    public string? RequestHash { get; set; }
}
