using Lagesbild.Core.Time;

namespace Lagesbild.Core.Analysis;

/// <summary>A scene's active hours: a 168-value hour-of-week profile, scaled so that the busiest hour is 1.</summary>
public static class ActivityProfile
{
    public static double[] FromObservations(IEnumerable<(DateTimeOffset From, DateTimeOffset? To)> observations)
    {
        var profile = new double[HourOfWeek.Count];
        foreach (var (from, to) in observations)
            Aoristic.AddTo(profile, from, to);
        var max = profile.Max();
        if (max > 0)
        {
            for (var h = 0; h < profile.Length; h++)
                profile[h] = Math.Round(profile[h] / max, 4);
        }
        return profile;
    }

    /// <summary>Checks a profile set by hand: 168 values from 0 to 1.</summary>
    public static string? Check(double[]? profile)
    {
        if (profile is null)
            return null;
        if (profile.Length != HourOfWeek.Count)
            return $"activeHours needs {HourOfWeek.Count} values, one per hour of the week; it has {profile.Length}.";
        var bad = Array.FindIndex(profile, v => !double.IsFinite(v) || v < 0 || v > 1);
        return bad >= 0 ? $"activeHours[{bad}] must be between 0 and 1." : null;
    }
}
