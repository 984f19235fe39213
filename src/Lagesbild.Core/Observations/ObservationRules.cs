using Lagesbild.Core.Geo;
using Lagesbild.Core.Time;

namespace Lagesbild.Core.Observations;

/// <summary>What an observation must satisfy to be recorded; each problem is keyed by the field at fault.</summary>
public static class ObservationRules
{
    public const int MaxCount = 10_000;
    public const int MaxTextLength = 4000;
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Dictionary<string, string[]> Check(
        double lat, double lon, DateTimeOffset occurredFrom, DateTimeOffset? occurredTo, int? count, string? text,
        LonLatBox serviceArea, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Coordinates.IsValid(lon, lat))
        {
            if (!double.IsFinite(lat) || lat is < -90 or > 90)
                errors["lat"] = ["lat must be a latitude between -90 and 90."];
            if (!double.IsFinite(lon) || lon is < -180 or > 180)
                errors["lon"] = ["lon must be a longitude between -180 and 180."];
        }
        else if (!serviceArea.Contains(lon, lat))
        {
            errors["lat"] = ["The position is outside the city's map (lat/lon must lie in or near the municipality)."];
            errors["lon"] = errors["lat"];
        }
        if (occurredFrom < Earliest)
            errors["occurredFrom"] = ["occurredFrom is before the year 2000."];
        else if (occurredFrom > now.AddMinutes(5))
            errors["occurredFrom"] = ["occurredFrom is in the future."];
        if (occurredTo is { } to)
        {
            if (to < occurredFrom)
                errors["occurredTo"] = ["occurredTo is before occurredFrom: the time window is reversed."];
            else if (to - occurredFrom > Aoristic.MaxInterval)
                errors["occurredTo"] = [$"The time window is longer than {Aoristic.MaxInterval.TotalDays:0} days."];
            else if (to > now.AddMinutes(5))
                errors["occurredTo"] = ["occurredTo is in the future."];
        }
        if (count is < 1 or > MaxCount)
            errors["count"] = [$"count must be between 1 and {MaxCount}."];
        if (text is { Length: > MaxTextLength })
            errors["text"] = [$"text is longer than {MaxTextLength} characters."];
        else if (Privacy.PersonalNumbers.Contains(text))
            errors["text"] = ["text contains what looks like a personal identity number (personnummer). Describe what happened, not who."];
        return errors;
    }
}
