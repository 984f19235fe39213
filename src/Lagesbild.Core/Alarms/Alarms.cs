using Lagesbild.Core.Observations;

namespace Lagesbild.Core.Alarms;

public enum AlarmStatus
{
    New,
    Dispatched,
    Acknowledged,
    OnSite,
    Resolved,
    Cancelled,
}

public enum AlarmAction
{
    Dispatch,
    Acknowledge,
    ArriveOnSite,
    Resolve,
    Cancel,
}

public enum AlarmOutcome
{
    FalseAlarm,
    PeopleMovedOn,
    DrugActivity,
    Vandalism,
    SyringesFound,
    PoliceCalled,
    Other,
}

/// <summary>An alarm's life: the moves allowed from each state, and what an outcome tells the picture.</summary>
public static class AlarmRules
{
    /// <summary>Events from a site within this time of the open alarm's last event join it instead of opening another.</summary>
    public static readonly TimeSpan JoinWindow = TimeSpan.FromMinutes(5);

    public static bool IsOpen(AlarmStatus status) => status is not (AlarmStatus.Resolved or AlarmStatus.Cancelled);

    /// <summary>The state after an action, or null when the action is not allowed from this state.</summary>
    public static AlarmStatus? After(AlarmStatus status, AlarmAction action) => (status, action) switch
    {
        (AlarmStatus.New or AlarmStatus.Dispatched, AlarmAction.Dispatch) => AlarmStatus.Dispatched,
        (AlarmStatus.New or AlarmStatus.Dispatched, AlarmAction.Acknowledge) => AlarmStatus.Acknowledged,
        (AlarmStatus.Dispatched or AlarmStatus.Acknowledged, AlarmAction.ArriveOnSite) => AlarmStatus.OnSite,
        (AlarmStatus.Acknowledged or AlarmStatus.OnSite, AlarmAction.Resolve) => AlarmStatus.Resolved,
        (_, AlarmAction.Cancel) when IsOpen(status) => AlarmStatus.Cancelled,
        _ => null,
    };

    /// <summary>What a guard may do with an alarm in this state, in the order the console offers it; the console shows these buttons and no others.</summary>
    public static IReadOnlyList<AlarmAction> GuardActions(AlarmStatus status) =>
        [.. new[] { AlarmAction.Acknowledge, AlarmAction.ArriveOnSite, AlarmAction.Resolve }.Where(action => After(status, action) is not null)];

    public static bool JoinsOpenAlarm(DateTimeOffset lastEventAt, DateTimeOffset eventAt) =>
        eventAt >= lastEventAt - JoinWindow && eventAt <= lastEventAt + JoinWindow;

    /// <summary>The observation an outcome becomes on the picture, or null for outcomes that say nothing about drugs or damage.</summary>
    public static ObservationCategory? ObservationOf(AlarmOutcome outcome) => outcome switch
    {
        AlarmOutcome.DrugActivity => ObservationCategory.Use,
        AlarmOutcome.Vandalism => ObservationCategory.Vandalism,
        AlarmOutcome.SyringesFound => ObservationCategory.Syringes,
        _ => null,
    };
}

/// <summary>
/// Who an alarm goes to at each escalation level: the on-duty guards whose patrol area covers the site, in
/// order, one level each, and after them the control room. Level 0 is the first guard.
/// </summary>
public static class Escalation
{
    public static readonly TimeSpan DefaultAcknowledgeWithin = TimeSpan.FromSeconds(60);

    public abstract record Target
    {
        public sealed record Guard(int UserId) : Target;
        public sealed record ControlRoom : Target;
    }

    public static Target At(int level, IReadOnlyList<int> guardsOnDuty) =>
        level < Math.Min(guardsOnDuty.Count, 2) ? new Target.Guard(guardsOnDuty[level]) : new Target.ControlRoom();

    /// <summary>Whether there is a level after this one: the control room is the last.</summary>
    public static bool HasNext(int level, IReadOnlyList<int> guardsOnDuty) => At(level, guardsOnDuty) is Target.Guard;
}
