using System.ComponentModel.DataAnnotations;
using Lagesbild.Core.Meetings;
using Lagesbild.Server.Features.Reports;

namespace Lagesbild.Server.Features.Meetings;

/// <summary>A meeting to call: when, and for which area (a district's or a borough's name; none or "Stockholm" for the whole city).</summary>
public sealed record MeetingRequest([property: Required] DateTimeOffset? At, [property: MaxLength(200)] string? Area);

public sealed record DecisionRequest([property: Required, StringLength(MeetingRules.MaxText, MinimumLength = 2)] string? Text);

/// <summary>An action: what, which organisation owns it, by when (a Stockholm date), and what it is about.</summary>
public sealed record ActionRequest(
    [property: Required, StringLength(MeetingRules.MaxText, MinimumLength = 2)] string? Text,
    [property: Required] int? OwnerOrganisation,
    [property: Required] DateOnly? Due,
    int? Scene = null,
    int? Site = null,
    int? Measure = null,
    int? Meeting = null,
    int? Decision = null);

public sealed record ActionUpdate([property: Required] ActionStatus? Status, [property: MaxLength(MeetingRules.MaxNote)] string? Note);

public enum MeetingAreaKind
{
    City,
    Borough,
    District,
}

public sealed record DecisionView(int Id, string Text, DateTimeOffset RecordedAt);

public sealed record ActionStepView(ActionStatus Status, string? Note, DateTimeOffset At, string By);

/// <param name="Overdue">Whether it is open and its due day has ended (Stockholm), now.</param>
public sealed record ActionView(
    int Id,
    string Text,
    int OwnerOrganisation,
    string Owner,
    DateOnly Due,
    ActionStatus Status,
    bool Overdue,
    int? Scene,
    string? SceneName,
    int? Site,
    string? SiteName,
    int? Measure,
    string? MeasureTitle,
    int? Meeting,
    int? Decision,
    string Area,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<ActionStepView> History);

/// <summary>An open action on the agenda: due by the meeting's day, and overdue when its day ended before the meeting.</summary>
public sealed record AgendaItem(ActionView Action, bool Due, bool Overdue);

/// <summary>
/// The agenda: the actions due first, then the weekly picture of the week before (tiered for the reader, or why it is
/// not shown), then the other open actions.
/// </summary>
public sealed record AgendaView(IReadOnlyList<AgendaItem> ActionsDue, WeeklyReport? Picture, string? PictureNotShown, IReadOnlyList<AgendaItem> OtherOpenActions);

public sealed record MeetingSummary(int Id, DateTimeOffset At, MeetingAreaKind AreaKind, string Area, int? DistrictId, string? Borough, int Decisions, int Actions);

public sealed record MeetingView(
    int Id,
    DateTimeOffset At,
    MeetingAreaKind AreaKind,
    string Area,
    int? DistrictId,
    string? Borough,
    string Week,
    DateTimeOffset CreatedAt,
    AgendaView Agenda,
    IReadOnlyList<DecisionView> Decisions,
    IReadOnlyList<ActionView> Actions);
