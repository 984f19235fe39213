using Lagesbild.Core.Validation;

namespace Lagesbild.Core.Measures;

/// <summary>What the city (or the police, or others) does about a scene or a place.</summary>
public enum MeasureKind
{
    Lighting,
    Camera,
    VegetationClearing,
    GuardPatrol,
    PolicePresence,
    Outreach,
    Cleaning,
    Activities,
    EnvironmentalRedesign,
    Other,
}

public enum MeasureStatus
{
    Planned,
    Ongoing,
    Ended,
    Cancelled,
}

/// <summary>The rules of a registered measure.</summary>
public static class MeasureRules
{
    /// <summary>The years a measure's dates may lie in: enough for the register's history and its plans.</summary>
    public const int FirstYear = 2000, LastYear = 2100;

    /// <summary>What is wrong with a measure's dates, naming the field (startsOn or endsOn), or null.</summary>
    public static Refusal? CheckDates(DateOnly startsOn, DateOnly? endsOn)
    {
        if (startsOn.Year is < FirstYear or > LastYear)
            return new Refusal("startsOn", RefusalCodes.OutOfRange, $"startsOn must lie between {FirstYear} and {LastYear}.", [FirstYear, LastYear]);
        if (endsOn is { Year: < FirstYear or > LastYear })
            return new Refusal("endsOn", RefusalCodes.OutOfRange, $"endsOn must lie between {FirstYear} and {LastYear}.", [FirstYear, LastYear]);
        return endsOn is { } end && end < startsOn
            ? new Refusal("endsOn", RefusalCodes.DatesReversed, $"endsOn ({end:yyyy-MM-dd}) is before startsOn ({startsOn:yyyy-MM-dd}).")
            : null;
    }

    public static Refusal? CheckTarget(int? sceneId, int? siteId, int? districtId, bool hasArea)
    {
        var targets = new[] { sceneId is not null, siteId is not null, districtId is not null, hasArea }.Count(t => t);
        return targets == 1 ? null : new Refusal("sceneId", RefusalCodes.TargetNeeded, "A measure needs exactly one target: sceneId, siteId, districtId or area.");
    }

    /// <summary>
    /// Whether a measure was open when a week ended (on its last day, <paramref name="lastDay"/>): not cancelled,
    /// not ended before that day, and either begun by then (also when it was registered afterwards) or planned
    /// and registered before the week was over (<paramref name="weekOver"/>).
    /// </summary>
    public static bool IsOpenAt(MeasureStatus status, DateOnly startsOn, DateOnly? endsOn, DateTimeOffset registered, DateOnly lastDay, DateTimeOffset weekOver) =>
        status != MeasureStatus.Cancelled && (endsOn is null || endsOn >= lastDay) && (startsOn <= lastDay || registered < weekOver);
}
