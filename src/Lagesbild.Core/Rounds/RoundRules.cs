using Lagesbild.Core.Sites;
using Lagesbild.Core.Time;

namespace Lagesbild.Core.Rounds;

public enum RoundStatus
{
    Due,
    InProgress,
    Completed,
    Missed,
}

/// <summary>Which open sites get a morning round: every one, or only those flagged (by hand or by a nearby active scene).</summary>
public enum RoundScope
{
    All,
    Flagged,
}

/// <summary>When a site's morning round is due, and whether a site needs one.</summary>
public static class RoundPlan
{
    /// <summary>An active scene this close to a site flags it for rounds without anyone asking.</summary>
    public const double AutoFlagMetres = 500;

    /// <summary>
    /// The deadline of the round on a local date: the lead time before the site opens, or null when the site is
    /// closed that day. The opening is a Stockholm wall time, so the deadline follows daylight saving.
    /// </summary>
    public static DateTimeOffset? Deadline(SiteSchedule schedule, DateOnly date, TimeSpan lead) =>
        schedule.HoursOn(date) is { } hours ? Stockholm.ToInstant(date.ToDateTime(hours.Opens)) - lead : null;

    public static bool IsRequired(RoundScope scope, bool flagged, double? nearestActiveSceneMetres) =>
        scope == RoundScope.All || flagged || nearestActiveSceneMetres <= AutoFlagMetres;

    /// <summary>
    /// The last closing of the site before a local date (searching back two weeks): since then nobody from the
    /// site has seen the yard. Null when the site was closed all that time (a school in a long break).
    /// </summary>
    public static DateTimeOffset? PreviousClosing(SiteSchedule schedule, DateOnly date)
    {
        for (var day = date.AddDays(-1); day >= date.AddDays(-14); day = day.AddDays(-1))
        {
            if (schedule.HoursOn(day) is { } hours)
            {
                return hours.Closes == TimeOnly.MaxValue
                    ? Stockholm.StartOfDay(day.AddDays(1))
                    : Stockholm.ToInstant(day.ToDateTime(hours.Closes));
            }
        }
        return null;
    }

    /// <summary>
    /// The interval in which something found on a round happened: from the later of the previous closing and the
    /// previous round (at most two weeks back) to the find.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset To) FindingInterval(DateTimeOffset foundAt, DateTimeOffset? previousClosing, DateTimeOffset? previousRound)
    {
        var earliest = foundAt.AddDays(-14);
        var from = new[] { previousClosing, previousRound }.Where(t => t < foundAt).Max() ?? earliest;
        return (from < earliest ? earliest : from, foundAt);
    }
}

/// <summary>What may happen to a round next. A missed round can still be walked and completed, late.</summary>
public static class RoundTransitions
{
    public static string? CanStart(RoundStatus status) => status switch
    {
        RoundStatus.Due or RoundStatus.Missed or RoundStatus.InProgress => null,
        _ => "The round is already completed.",
    };

    /// <summary>
    /// A finding may be recorded while the round is open, and after its completion when it was found before
    /// the completion: a second phone that was offline sends its findings late.
    /// </summary>
    public static string? CanRecord(RoundStatus status, DateTimeOffset foundAt, DateTimeOffset? completedAt) =>
        status != RoundStatus.Completed || foundAt <= completedAt ? null : "The round was completed before this finding was made.";

    public static string? CanComplete(RoundStatus status) => CanStart(status);

    /// <summary>At the deadline, a round that is not completed is missed.</summary>
    public static RoundStatus AtDeadline(RoundStatus status) =>
        status is RoundStatus.Due or RoundStatus.InProgress ? RoundStatus.Missed : status;
}

/// <summary>What the answers to a round's checklist must say.</summary>
public static class ChecklistAnswers
{
    /// <summary>
    /// The indexes of the items marked not OK ("Brist") without a note: whoever reads the round (the principal, the
    /// property owner's fault desk) must be told what is wrong, not only that something is.
    /// </summary>
    public static IReadOnlyList<int> WithoutNote(IReadOnlyList<(bool? Ok, string? Note)> answers) =>
        [.. answers.Select((answer, index) => (answer, index)).Where(a => a.answer.Ok == false && string.IsNullOrWhiteSpace(a.answer.Note)).Select(a => a.index)];
}
