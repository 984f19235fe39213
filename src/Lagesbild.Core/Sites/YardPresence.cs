using System.Globalization;
using Lagesbild.Core.Time;

namespace Lagesbild.Core.Sites;

/// <summary>An adult planned in the yard on a weekday, [From, To) local time.</summary>
public readonly record struct PresenceSlot(DayOfWeek Day, TimeOnly From, TimeOnly To);

/// <summary>A stretch of opening hours on a weekday with no adult planned in the yard.</summary>
public readonly record struct PresenceGap(DayOfWeek Day, TimeOnly From, TimeOnly To);

public enum PresenceCell
{
    Closed,
    Covered,
    Uncovered,
}

/// <summary>Adults in the yard during opening hours: which open hours have nobody planned.</summary>
public static class YardPresence
{
    private const int MinutesPerDay = 24 * 60;

    /// <summary>A slot must start before it ends and lie within the day's opening hours.</summary>
    public static string? Check(OpeningHours hours, PresenceSlot slot)
    {
        var (from, to) = (Exposure.Minutes(slot.From), Exposure.Minutes(slot.To));
        if (from >= to)
            return Invariant($"The slot on {slot.Day} starts at {slot.From:HH:mm} but ends at {slot.To:HH:mm}.");
        if (hours.On(slot.Day) is not { } open)
            return $"The site is closed on {slot.Day}.";
        if (from < Exposure.Minutes(open.Opens) || to > Exposure.Minutes(open.Closes))
            return Invariant($"The slot on {slot.Day} must lie within the opening hours {open.Opens:HH:mm}-{open.Closes:HH:mm}.");
        return null;
    }

    public static IReadOnlyList<PresenceGap> Gaps(OpeningHours hours, IEnumerable<PresenceSlot> slots)
    {
        var gaps = new List<PresenceGap>();
        var byDay = slots.ToLookup(s => s.Day);
        foreach (var (day, minutes) in Uncovered(hours, byDay))
        {
            for (var m = 0; m < MinutesPerDay; m++)
            {
                if (!minutes[m])
                    continue;
                var start = m;
                while (m < MinutesPerDay && minutes[m])
                    m++;
                gaps.Add(new PresenceGap(day, Exposure.TimeOf(start), Exposure.TimeOf(m)));
            }
        }
        return gaps.OrderBy(g => HourOfWeek.DayIndex(g.Day)).ThenBy(g => g.From).ToList();
    }

    /// <summary>The week as 168 hour cells: closed, covered all the open part of the hour, or not.</summary>
    public static PresenceCell[] Week(OpeningHours hours, IEnumerable<PresenceSlot> slots)
    {
        var cells = new PresenceCell[HourOfWeek.Count];
        var byDay = slots.ToLookup(s => s.Day);
        foreach (var (day, daily) in hours.Days)
        {
            var uncovered = Uncovered(hours, byDay).Single(u => u.Day == day).Minutes;
            var (opens, closes) = (Exposure.Minutes(daily.Opens), Exposure.Minutes(daily.Closes));
            for (var hour = 0; hour < 24; hour++)
            {
                var (from, to) = (Math.Max(opens, hour * 60), Math.Min(closes, (hour + 1) * 60));
                if (from >= to)
                    continue;
                var gap = Enumerable.Range(from, to - from).Any(m => uncovered[m]);
                cells[(HourOfWeek.DayIndex(day) * 24) + hour] = gap ? PresenceCell.Uncovered : PresenceCell.Covered;
            }
        }
        return cells;
    }

    private static IEnumerable<(DayOfWeek Day, bool[] Minutes)> Uncovered(OpeningHours hours, ILookup<DayOfWeek, PresenceSlot> slots)
    {
        foreach (var (day, daily) in hours.Days)
        {
            var minutes = new bool[MinutesPerDay];
            Array.Fill(minutes, true, Exposure.Minutes(daily.Opens), Exposure.Minutes(daily.Closes) - Exposure.Minutes(daily.Opens));
            foreach (var slot in slots[day])
            {
                var (from, to) = (Exposure.Minutes(slot.From), Exposure.Minutes(slot.To));
                if (to > from)
                    Array.Fill(minutes, false, from, to - from);
            }
            yield return (day, minutes);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
