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
    /// <summary>A measure may have no end yet; one that has ends on or after its start.</summary>
    /// <summary>The years a measure's dates may lie in: enough for the register's history and its plans.</summary>
    public const int FirstYear = 2000, LastYear = 2100;

    /// <summary>What is wrong with a measure's dates, naming the field (startsOn or endsOn), or null.</summary>
    public static (string Field, string Message)? CheckDates(DateOnly startsOn, DateOnly? endsOn)
    {
        if (startsOn.Year is < FirstYear or > LastYear)
            return ("startsOn", $"startsOn must lie between {FirstYear} and {LastYear}.");
        if (endsOn is { Year: < FirstYear or > LastYear })
            return ("endsOn", $"endsOn must lie between {FirstYear} and {LastYear}.");
        return endsOn is { } end && end < startsOn ? ("endsOn", $"endsOn ({end:yyyy-MM-dd}) is before startsOn ({startsOn:yyyy-MM-dd}).") : null;
    }

    public static string? CheckTarget(int? sceneId, int? siteId, int? districtId, bool hasArea)
    {
        var targets = new[] { sceneId is not null, siteId is not null, districtId is not null, hasArea }.Count(t => t);
        return targets == 1 ? null : "A measure needs exactly one target: sceneId, siteId, districtId or area.";
    }

    /// <summary>
    /// Whether a measure was open when a week ended (on its last day, <paramref name="lastDay"/>): not cancelled,
    /// not ended before that day, and either begun by then (also when it was registered afterwards) or planned
    /// and registered before the week was over (<paramref name="weekOver"/>).
    /// </summary>
    public static bool IsOpenAt(MeasureStatus status, DateOnly startsOn, DateOnly? endsOn, DateTimeOffset registered, DateOnly lastDay, DateTimeOffset weekOver) =>
        status != MeasureStatus.Cancelled && (endsOn is null || endsOn >= lastDay) && (startsOn <= lastDay || registered < weekOver);
}
