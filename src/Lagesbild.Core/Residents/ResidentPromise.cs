namespace Lagesbild.Core.Residents;

/// <summary>
/// The city's promise on a resident's report (syringes near children collected within 24 hours) as a deadline: the
/// report's expected time (<see cref="ServiceProfile.ExpectedAt"/>, elapsed hours, so on a daylight-saving day the
/// local clock moves by 23 or 25), kept when the report is closed before it and overdue while it is open after it.
/// </summary>
public static class ResidentPromise
{
    public enum State
    {
        /// <summary>The report carries no promise.</summary>
        None,
        Running,
        Overdue,
        /// <summary>Closed: the promise no longer counts down.</summary>
        Closed,
    }

    public static State Of(DateTimeOffset? expectedAt, string status, DateTimeOffset now) =>
        expectedAt is not { } due ? State.None
        : RequestStatus.IsClosed(status) ? State.Closed
        : now >= due ? State.Overdue
        : State.Running;

    /// <summary>The time left while the promise runs (negative once overdue), or null when it does not count down.</summary>
    public static TimeSpan? TimeLeft(DateTimeOffset? expectedAt, string status, DateTimeOffset now) =>
        Of(expectedAt, status, now) is State.Running or State.Overdue ? expectedAt!.Value - now : null;

    /// <summary>
    /// The promise as the resident reads it, made from the service's hours, so that a city that makes no promise (no
    /// expected hours) never shows one: the promise text with "{hours}" filled in, or null.
    /// </summary>
    public static string? Text(string? promise, int? expectedHours) =>
        promise is { Length: > 0 } && expectedHours is { } hours
            ? promise.Replace("{hours}", hours.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            : null;
}
