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
    public static string? CheckDates(DateOnly startsOn, DateOnly? endsOn) =>
        endsOn is { } end && end < startsOn ? $"endsOn ({end:yyyy-MM-dd}) is before startsOn ({startsOn:yyyy-MM-dd})." : null;

    /// <summary>A measure has exactly one target: a scene, a site, a district or a drawn area.</summary>
    public static string? CheckTarget(int? sceneId, int? siteId, int? districtId, bool hasArea)
    {
        var targets = new[] { sceneId is not null, siteId is not null, districtId is not null, hasArea }.Count(t => t);
        return targets == 1 ? null : "A measure needs exactly one target: sceneId, siteId, districtId or area.";
    }
}
