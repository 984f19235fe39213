using Lagesbild.Core.Access;
using Lagesbild.Core.Time;
using Lagesbild.Core.Validation;

namespace Lagesbild.Core.Meetings;

/// <summary>Where an action agreed in samverkan stands: open until its owner reports it done, or it is cancelled.</summary>
public enum ActionStatus
{
    Open,
    Done,
    Cancelled,
}

/// <summary>One line of an action's history: the status it moved to, and when.</summary>
public sealed record ActionStep(ActionStatus Status, DateTimeOffset At);

/// <summary>An open action as the agenda weighs it.</summary>
public sealed record AgendaAction(int Id, DateOnly Due, string Owner);

/// <summary>An action's place on an agenda: due by the meeting's day (and overdue when its day has passed) or later.</summary>
public sealed record AgendaLine(AgendaAction Action, bool Due, bool Overdue);

/// <summary>The rules of samverkan meetings and the actions agreed in them.</summary>
public static class MeetingRules
{
    public const int MaxText = 4000, MaxNote = 2000;

    /// <summary>How far ahead an action's due date and a meeting may lie.</summary>
    public const int MaxYearsAhead = 2;

    /// <summary>How far back a meeting may be recorded (minutes written up afterwards).</summary>
    public const int MaxDaysBack = 366;

    private static readonly Role[] Keepers = [Role.Coordinator];
    private static readonly Role[] Readers = [Role.Coordinator, Role.Police, Role.SocialServices, Role.Analyst, Role.Admin, Role.SchoolManager, Role.ControlRoom];

    /// <summary>The coordinator calls the meeting and records its decisions and actions.</summary>
    public static bool CanKeepMeetings(IReadOnlyCollection<Role> roles) => roles.Any(Keepers.Contains);

    /// <summary>
    /// The organisations in samverkan read the meetings and the actions: the city, the police, social services, analysts,
    /// administrators, and the schools and guard companies that may own an action.
    /// </summary>
    public static bool CanReadMeetings(IReadOnlyCollection<Role> roles) => roles.Any(Readers.Contains);

    /// <summary>An action is moved on by a coordinator, or by a reader of meetings in the organisation that owns it.</summary>
    public static bool CanUpdateAction(IReadOnlyCollection<Role> roles, int userOrganisation, int ownerOrganisation) =>
        CanKeepMeetings(roles) || (CanReadMeetings(roles) && userOrganisation == ownerOrganisation);

    /// <summary>The Stockholm date of an instant.</summary>
    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(Stockholm.ToLocal(instant));

    /// <summary>An action is due by the end of its day in Stockholm: overdue from the local midnight that ends it.</summary>
    public static DateTimeOffset OverdueFrom(DateOnly due) => Stockholm.StartOfDay(due.AddDays(1));

    public static bool IsOverdue(DateOnly due, DateTimeOffset at) => at >= OverdueFrom(due);

    /// <summary>A new action's due date: from today (Stockholm) up to two years ahead.</summary>
    public static Refusal? CheckDue(DateOnly due, DateTimeOffset now)
    {
        var today = DayOf(now);
        var last = today.AddYears(MaxYearsAhead);
        return due < today || due > last
            ? new Refusal("due", RefusalCodes.OutOfRange, $"due must lie from today ({today:yyyy-MM-dd}) to {last:yyyy-MM-dd}.", [today, last])
            : null;
    }

    /// <summary>A meeting's time: up to a year back (minutes written afterwards) and two years ahead.</summary>
    public static Refusal? CheckMeetingTime(DateTimeOffset at, DateTimeOffset now)
    {
        var (first, last) = (now.AddDays(-MaxDaysBack), now.AddYears(MaxYearsAhead));
        return at < first || at > last
            ? new Refusal("at", RefusalCodes.OutOfRange, $"at must lie within a year back and {MaxYearsAhead} years ahead.", [DayOf(first), DayOf(last)])
            : null;
    }

    /// <summary>
    /// Whether an action may move to a status: to another status than its own, and with a note when it is cancelled
    /// or opened again (the others at the table need to read why).
    /// </summary>
    public static Refusal? CheckMove(ActionStatus from, ActionStatus to, string? note)
    {
        if (from == to)
            return new Refusal("status", RefusalCodes.NotAllowed, $"The action is {from} already.", [from, to]);
        return (to == ActionStatus.Cancelled || from != ActionStatus.Open) && string.IsNullOrWhiteSpace(note)
            ? new Refusal("note", RefusalCodes.NoteNeeded, "Say why in a note when an action is cancelled or opened again.")
            : null;
    }

    /// <summary>The status an action had at an instant from its history (its first step is its creation); null before it existed.</summary>
    public static ActionStatus? StatusAt(IEnumerable<ActionStep> history, DateTimeOffset at) =>
        history.Where(s => s.At <= at).OrderBy(s => s.At).Select(s => (ActionStatus?)s.Status).LastOrDefault();

    /// <summary>
    /// The actions on a meeting's agenda, in order: first those due by the meeting's day (the overdue marked), earliest
    /// due first, then the rest of the open actions by due date; ties by owner and then by number.
    /// </summary>
    public static IReadOnlyList<AgendaLine> Agenda(IEnumerable<AgendaAction> open, DateTimeOffset meetingAt)
    {
        var day = DayOf(meetingAt);
        return open
            .Select(a => new AgendaLine(a, a.Due <= day, IsOverdue(a.Due, meetingAt)))
            .OrderByDescending(l => l.Due)
            .ThenBy(l => l.Action.Due)
            .ThenBy(l => l.Action.Owner, StringComparer.Ordinal)
            .ThenBy(l => l.Action.Id)
            .ToList();
    }
}
