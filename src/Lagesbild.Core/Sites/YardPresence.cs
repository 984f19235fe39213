using System.Globalization;
using Lagesbild.Core.Time;
using Lagesbild.Core.Validation;

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
    /// <summary>An hour at which a nearby scene has at least this share of its busiest hour counts as active.</summary>
    public const double ActiveShare = 0.5;

    /// <summary>
    /// Reads a slot as a form or the API writes it ("07:30", "24:00"); it must start before it ends and lie within
    /// the day's opening hours. The refusal names <paramref name="field"/>.
    /// </summary>
    public static Refusal? Read(OpeningHours hours, DayOfWeek day, string? from, string? to, string field, out PresenceSlot slot)
    {
        slot = default;
        if (!ClockTime.TryParse(from, out var start) || !ClockTime.TryParse(to, out var end))
            return new Refusal(field, RefusalCodes.NotATime, "from and to must be times such as 07:30.");
        slot = new PresenceSlot(day, start, end);
        return Check(hours, slot, field);
    }

    /// <summary>A slot must start before it ends and lie within the day's opening hours.</summary>
    public static Refusal? Check(OpeningHours hours, PresenceSlot slot, string field)
    {
        var (from, to) = (ClockTime.Minutes(slot.From), ClockTime.Minutes(slot.To));
        if (from >= to)
            return new Refusal(field, RefusalCodes.TimesReversed,
                Invariant($"The slot on {slot.Day} starts at {ClockTime.Format(slot.From)} but ends at {ClockTime.Format(slot.To)}."), [slot.Day, slot.From, slot.To]);
        if (hours.On(slot.Day) is not { } open)
            return new Refusal(field, RefusalCodes.ClosedDay, $"The site is closed on {slot.Day}.", [slot.Day]);
        if (from < ClockTime.Minutes(open.Opens) || to > ClockTime.Minutes(open.Closes))
            return new Refusal(field, RefusalCodes.OutsideOpeningHours,
                Invariant($"The slot on {slot.Day} must lie within the opening hours {ClockTime.Format(open.Opens)}-{ClockTime.Format(open.Closes)}."), [slot.Day, open.Opens, open.Closes]);
        return null;
    }

    /// <summary>For each hour of the week, whether any of the nearby scenes' activity profiles reaches <see cref="ActiveShare"/> then.</summary>
    public static bool[] ActiveHours(IEnumerable<IReadOnlyList<double>> profiles)
    {
        var active = new bool[HourOfWeek.Count];
        foreach (var profile in profiles)
        {
            for (var h = 0; h < HourOfWeek.Count; h++)
                active[h] |= profile[h] >= ActiveShare;
        }
        return active;
    }

    /// <summary>Whether a scene nearby is active in any hour the gap touches.</summary>
    public static bool MeetsActivity(PresenceGap gap, IReadOnlyList<bool> activeHours) => HoursOf(gap).Any(h => activeHours[h]);

    /// <summary>The hours of the week a gap touches.</summary>
    public static IEnumerable<int> HoursOf(PresenceGap gap)
    {
        var dayStart = HourOfWeek.DayIndex(gap.Day) * 24;
        var (from, to) = (ClockTime.Minutes(gap.From), ClockTime.Minutes(gap.To));
        for (var hour = from / 60; hour * 60 < to; hour++)
            yield return dayStart + hour;
    }

    public static IReadOnlyList<PresenceGap> Gaps(OpeningHours hours, IEnumerable<PresenceSlot> slots)
    {
        var gaps = new List<PresenceGap>();
        var byDay = slots.ToLookup(s => s.Day);
        foreach (var (day, minutes) in Uncovered(hours, byDay))
        {
            for (var m = 0; m < ClockTime.MinutesPerDay; m++)
            {
                if (!minutes[m])
                    continue;
                var start = m;
                while (m < ClockTime.MinutesPerDay && minutes[m])
                    m++;
                gaps.Add(new PresenceGap(day, ClockTime.FromMinutes(start), ClockTime.FromMinutes(m)));
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
            var (opens, closes) = (ClockTime.Minutes(daily.Opens), ClockTime.Minutes(daily.Closes));
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
            var minutes = new bool[ClockTime.MinutesPerDay];
            Array.Fill(minutes, true, ClockTime.Minutes(daily.Opens), ClockTime.Minutes(daily.Closes) - ClockTime.Minutes(daily.Opens));
            foreach (var slot in slots[day])
            {
                var (from, to) = (ClockTime.Minutes(slot.From), ClockTime.Minutes(slot.To));
                if (to > from)
                    Array.Fill(minutes, false, from, to - from);
            }
            yield return (day, minutes);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
