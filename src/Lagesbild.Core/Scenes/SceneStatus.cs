using Lagesbild.Core.Validation;

namespace Lagesbild.Core.Scenes;

public enum SceneStatus
{
    Suspected,
    Active,
    Declining,
    Ceased,
    Reopened,
}

/// <summary>One dated entry of a scene's status history.</summary>
public readonly record struct StatusChange(SceneStatus Status, DateTimeOffset At);

/// <summary>The rules of a scene's lifecycle.</summary>
public static class SceneLifecycle
{
    /// <summary>A scene counts as an active open drug scene while it is Active, Declining or Reopened.</summary>
    public static bool IsActive(SceneStatus status) => status is SceneStatus.Active or SceneStatus.Declining or SceneStatus.Reopened;

    public static bool CanMove(SceneStatus from, SceneStatus to) => (from, to) switch
    {
        (SceneStatus.Suspected, SceneStatus.Active or SceneStatus.Ceased) => true,
        (SceneStatus.Active, SceneStatus.Declining or SceneStatus.Ceased) => true,
        (SceneStatus.Declining, SceneStatus.Active or SceneStatus.Ceased) => true,
        (SceneStatus.Reopened, SceneStatus.Active or SceneStatus.Declining or SceneStatus.Ceased) => true,
        (SceneStatus.Ceased, SceneStatus.Reopened) => true,
        _ => false,
    };

    /// <summary>
    /// Checks a new status against the history (ordered by time); null when it may be recorded. A refusal of its time
    /// names <paramref name="timeField"/>, of the status itself "status".
    /// </summary>
    public static Refusal? CheckChange(IReadOnlyList<StatusChange> history, SceneStatus next, DateTimeOffset at, DateTimeOffset now, string timeField = "at")
    {
        if (at > now.AddMinutes(5))
            return new Refusal(timeField, RefusalCodes.InFuture, "A status change cannot be dated in the future.");
        if (history.Count == 0)
            return null;
        var last = history[^1];
        if (at < last.At)
        {
            return new Refusal(timeField, RefusalCodes.BeforeLatest,
                $"A status change must come after the latest one ({last.Status} at {last.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC).", [last.Status, last.At]);
        }
        if (!CanMove(last.Status, next))
            return new Refusal("status", RefusalCodes.NotAllowed, $"A scene that is {last.Status} cannot become {next}.", [last.Status, next]);
        return null;
    }

    /// <summary>The status at an instant, or null if the scene was not yet known then.</summary>
    public static SceneStatus? StatusAt(IEnumerable<StatusChange> history, DateTimeOffset instant)
    {
        SceneStatus? status = null;
        foreach (var change in history.OrderBy(c => c.At))
        {
            if (change.At > instant)
                break;
            status = change.Status;
        }
        return status;
    }

    public static bool IsActiveAt(IEnumerable<StatusChange> history, DateTimeOffset instant) =>
        StatusAt(history, instant) is { } status && IsActive(status);

    /// <summary>Whether the scene was active at any moment in [from, to).</summary>
    public static bool IsActiveDuring(IReadOnlyCollection<StatusChange> history, DateTimeOffset from, DateTimeOffset to) =>
        IsActiveAt(history, from) || history.Any(c => c.At >= from && c.At < to && IsActive(c.Status));
}
