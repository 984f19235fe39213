namespace Lagesbild.Core.Time;

/// <summary>
/// A set of hours of the week as 168 bits in three 64-bit words, so that a database can filter on
/// "touches any of these hours" with a bitwise AND on every provider.
/// </summary>
public readonly record struct HourMask(long Word0, long Word1, long Word2)
{
    public static HourMask Of(IEnumerable<int> hours)
    {
        Span<long> words = stackalloc long[3];
        foreach (var h in hours)
            words[h / 64] |= 1L << (h % 64);
        return new HourMask(words[0], words[1], words[2]);
    }

    public static HourMask Of(HourSet hours) => Of(hours.Hours);

    /// <summary>The hours (local) an occurrence touches: one for an instant, every hour of an interval.</summary>
    public static HourMask Of(DateTimeOffset from, DateTimeOffset? to)
    {
        Span<double> weights = stackalloc double[HourOfWeek.Count];
        Aoristic.AddTo(weights, from, to);
        var hours = new List<int>();
        for (var h = 0; h < weights.Length; h++)
        {
            if (weights[h] > 0)
                hours.Add(h);
        }
        return Of(hours);
    }

    public bool Contains(int hour) => ((hour / 64) switch { 0 => Word0, 1 => Word1, _ => Word2 } & (1L << (hour % 64))) != 0;
}
