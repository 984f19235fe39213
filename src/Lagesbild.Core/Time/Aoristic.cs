namespace Lagesbild.Core.Time;

/// <summary>
/// Aoristic weighting: an event known only to have happened within an interval is spread over the hours of
/// the week in proportion to how much of the interval falls in each (a syringe found at 07:00 may have been
/// left at any hour since 16:00 the day before). Weights of one event sum to 1.
/// </summary>
public static class Aoristic
{
    /// <summary>The longest interval spread over hours; a longer one says little about the hour.</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromDays(7);

    /// <summary>Adds the event's weights, times <paramref name="scale"/>, into a 168-value profile.</summary>
    public static void AddTo(Span<double> profile, DateTimeOffset from, DateTimeOffset? to, double scale = 1)
    {
        var end = to ?? from;
        if (end <= from)
        {
            profile[HourOfWeek.Of(from)] += scale;
            return;
        }
        if (end - from > MaxInterval)
            end = from + MaxInterval;
        var total = (end - from).TotalSeconds;
        // Stockholm's offsets are whole hours, so local hour boundaries are UTC hour boundaries.
        var hourStart = new DateTimeOffset(from.UtcDateTime.Year, from.UtcDateTime.Month, from.UtcDateTime.Day, from.UtcDateTime.Hour, 0, 0, TimeSpan.Zero);
        for (var start = hourStart; start < end; start = start.AddHours(1))
        {
            var overlapStart = start < from ? from : start;
            var overlapEnd = start.AddHours(1) > end ? end : start.AddHours(1);
            profile[HourOfWeek.Of(start)] += scale * (overlapEnd - overlapStart).TotalSeconds / total;
        }
    }

    public static double[] Weights(DateTimeOffset from, DateTimeOffset? to)
    {
        var profile = new double[HourOfWeek.Count];
        AddTo(profile, from, to);
        return profile;
    }

    /// <summary>The share of the event that falls within the given hours (0..1).</summary>
    public static double ShareIn(HourSet hours, DateTimeOffset from, DateTimeOffset? to)
    {
        if (hours.IsAll)
            return 1;
        if (to is null || to <= from)
            return hours.Contains(HourOfWeek.Of(from)) ? 1 : 0;
        Span<double> profile = stackalloc double[HourOfWeek.Count];
        AddTo(profile, from, to);
        var share = 0.0;
        foreach (var h in hours.Hours)
            share += profile[h];
        return share;
    }
}
