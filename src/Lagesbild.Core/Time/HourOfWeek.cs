using System.Globalization;

namespace Lagesbild.Core.Time;

/// <summary>Hour of the week in local time: Monday 00-01 is 0, Sunday 23-24 is 167.</summary>
public static class HourOfWeek
{
    public const int Count = 168;

    public static int Of(DateTime local) => (DayIndex(local.DayOfWeek) * 24) + local.Hour;

    /// <summary>The day's place in a Swedish week: Monday 0, Sunday 6.</summary>
    public static int DayIndex(DayOfWeek day) => ((int)day + 6) % 7;

    /// <summary>
    /// The local hour of week of an instant. Stockholm's offsets are whole hours, so every instant in one UTC
    /// hour has the same local hour; the answer per UTC hour is remembered, as the picture asks it for every
    /// observation on its hot path.
    /// </summary>
    public static int Of(DateTimeOffset instant) =>
        ByUtcHour.GetOrAdd(instant.UtcTicks / TimeSpan.TicksPerHour, static hour => Of(Stockholm.ToLocal(new DateTimeOffset(hour * TimeSpan.TicksPerHour, TimeSpan.Zero))));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<long, int> ByUtcHour = new();

    public static int Day(int hourOfWeek) => hourOfWeek / 24;

    public static int HourOfDay(int hourOfWeek) => hourOfWeek % 24;
}

/// <summary>A set of hours of the week, such as "weekdays 18-24" (written 18-23,42-47,...).</summary>
public sealed class HourSet
{
    private readonly bool[] _hours;

    private HourSet(bool[] hours) => _hours = hours;

    public static HourSet All { get; } = new(Enumerable.Repeat(true, HourOfWeek.Count).ToArray());

    public bool IsAll => _hours.All(h => h);

    public bool Contains(int hourOfWeek) => _hours[hourOfWeek];

    public IEnumerable<int> Hours => Enumerable.Range(0, HourOfWeek.Count).Where(h => _hours[h]);

    public static HourSet Of(IEnumerable<int> hours)
    {
        var set = new bool[HourOfWeek.Count];
        foreach (var h in hours)
            set[h] = true;
        return new HourSet(set);
    }

    /// <summary>Days (0 = Monday) and a daily window [fromHour, toHour) in local time.</summary>
    public static HourSet Window(IEnumerable<int> days, int fromHour, int toHour) =>
        Of(days.SelectMany(d => Enumerable.Range(fromHour, toHour - fromHour).Select(h => (d * 24) + h)));

    /// <summary>Parses a comma list of hours and inclusive ranges, e.g. "18-23,42-47,160".</summary>
    public static bool TryParse(string? text, out HourSet set, out string? error)
    {
        set = All;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
            return true;
        var hours = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var bounds = part.Split('-');
            if (bounds.Length > 2 || !bounds.All(b => int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                error = $"'{part}' is not an hour of the week or a range of them (0-167).";
                return false;
            }
            var from = int.Parse(bounds[0], CultureInfo.InvariantCulture);
            var to = int.Parse(bounds[^1], CultureInfo.InvariantCulture);
            if (from >= HourOfWeek.Count || to >= HourOfWeek.Count || from > to)
            {
                error = $"'{part}' is outside the hours of the week 0-167 or reversed.";
                return false;
            }
            hours.AddRange(Enumerable.Range(from, to - from + 1));
        }
        set = Of(hours);
        return true;
    }

    /// <summary>The compact text form, ranges merged: the inverse of TryParse.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        for (var h = 0; h < HourOfWeek.Count; h++)
        {
            if (!_hours[h])
                continue;
            var start = h;
            while (h + 1 < HourOfWeek.Count && _hours[h + 1])
                h++;
            parts.Add(start == h ? start.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{start}-{h}"));
        }
        return string.Join(',', parts);
    }
}
