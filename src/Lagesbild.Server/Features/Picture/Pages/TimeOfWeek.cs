using Lagesbild.Core.Time;

namespace Lagesbild.Server.Features.Picture.Pages;

/// <summary>The time-of-week filter of the map page: days and a daily window, or one hour while playing.</summary>
public sealed class TimeOfWeek
{
    public bool[] Days { get; } = [true, true, true, true, true, true, true];
    public int FromHour { get; set; }
    public int ToHour { get; set; } = 24;

    public static readonly (string Key, int[] Days, int From, int To)[] Presets =
    [
        ("PresetAll", [0, 1, 2, 3, 4, 5, 6], 0, 24),
        ("PresetWeekdayEvenings", [0, 1, 2, 3, 4], 18, 24),
        ("PresetNights", [0, 1, 2, 3, 4, 5, 6], 0, 6),
        ("PresetWeekends", [4, 5, 6], 18, 24),
        ("PresetSchoolHours", [0, 1, 2, 3, 4], 8, 16),
    ];

    public void Apply(int preset)
    {
        var (_, days, from, to) = Presets[preset];
        for (var d = 0; d < 7; d++)
            Days[d] = days.Contains(d);
        FromHour = from;
        ToHour = to;
    }

    /// <summary>The chosen hours of the week, in order: what the play button steps through.</summary>
    public IReadOnlyList<int> Hours =>
        HourSet.Window(Enumerable.Range(0, 7).Where(d => Days[d]), FromHour, Math.Max(FromHour, ToHour)).Hours.ToList();

    /// <summary>The API's hours parameter: empty when every hour is chosen, null when none is.</summary>
    public string? ToQuery()
    {
        var set = HourSet.Window(Enumerable.Range(0, 7).Where(d => Days[d]), FromHour, Math.Max(FromHour, ToHour));
        return set.IsAll ? "" : set.Hours.Any() ? set.ToString() : null;
    }
}
