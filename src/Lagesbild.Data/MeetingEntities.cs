using Lagesbild.Core.Meetings;

namespace Lagesbild.Data;

/// <summary>
/// A samverkan meeting for an area: a district, a borough (stadsdelsområde) or, with neither, the whole city. Its agenda
/// is made when it is read, for the reader (the weekly picture is tiered by role), from the weekly report and the actions.
/// </summary>
public sealed class Meeting
{
    public int Id { get; set; }
    public DateTimeOffset At { get; set; }
    public int? DistrictId { get; set; }
    public string? Borough { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int? CreatedById { get; set; }
    public string? IdempotencyKey { get; set; }
    public string? RequestHash { get; set; }
    public List<MeetingDecision> Decisions { get; set; } = [];
}

/// <summary>What the meeting decided, in its own words.</summary>
public sealed class MeetingDecision
{
    public int Id { get; set; }
    public int MeetingId { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public int? RecordedById { get; set; }
    public string? IdempotencyKey { get; set; }
    public string? RequestHash { get; set; }
}

/// <summary>
/// An action agreed in samverkan: what, by which organisation, by when (a Stockholm date), about what (scene, site,
/// measure), from which meeting and decision, and its status with history. The area is copied from the meeting or
/// from what it is about, so that each meeting's agenda finds the actions of its area.
/// </summary>
public sealed class AgreedAction
{
    public int Id { get; set; }
    public required string Text { get; set; }
    public int OwnerOrganisationId { get; set; }
    public DateOnly Due { get; set; }
    /// <summary>The local midnight that ends the due day: the durable timer of the overdue notice.</summary>
    public DateTimeOffset OverdueAt { get; set; }
    public ActionStatus Status { get; set; }
    public int? SceneId { get; set; }
    public int? SiteId { get; set; }
    public int? MeasureId { get; set; }
    public int? MeetingId { get; set; }
    public int? DecisionId { get; set; }
    public int? DistrictId { get; set; }
    public string? Borough { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int? CreatedById { get; set; }
    /// <summary>When the owner was told it was overdue: once per action.</summary>
    public DateTimeOffset? OverdueNotifiedAt { get; set; }
    public string? IdempotencyKey { get; set; }
    public string? RequestHash { get; set; }
    public List<AgreedActionStep> History { get; set; } = [];
}

/// <summary>A step of an action's history: created (Open), done, cancelled or opened again, with who and why.</summary>
public sealed class AgreedActionStep
{
    public long Id { get; set; }
    public int ActionId { get; set; }
    public ActionStatus Status { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset At { get; set; }
    public int? ById { get; set; }
    public required string ByName { get; set; }
    /// <summary>The Idempotency-Key of the change that made this step, so that a retried change answers it again.</summary>
    public string? IdempotencyKey { get; set; }
    public string? RequestHash { get; set; }
}
