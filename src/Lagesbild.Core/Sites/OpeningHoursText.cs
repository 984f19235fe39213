using Lagesbild.Core.Time;

namespace Lagesbild.Core.Sites;

/// <summary>
/// Opening hours as people write them in a spreadsheet: "mon-fri 06:30-18:00; sat 09:00-13:00", with English
/// or Swedish day names ("mån-fre 08:00-16:00").
/// </summary>
public static class OpeningHoursText
{
    private static readonly string[][] DayNames =
    [
        ["mon", "mån"], ["tue", "tis"], ["wed", "ons"], ["thu", "tor"], ["fri", "fre"], ["sat", "lör"], ["sun", "sön"],
    ];

    public static (OpeningHours? Hours, string? Error) Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return (null, "Opening hours are missing; write them as \"mon-fri 08:00-16:00\".");
        var days = new Dictionary<DayOfWeek, DailyHours>();
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (pieces.Length != 2 || Days(pieces[0]) is not { } range || Times(pieces[1]) is not { } hours)
                return (null, $"\"{part}\" is not a day range and hours such as \"mon-fri 08:00-16:00\".");
            if (hours.Opens >= hours.Closes)
                return (null, $"\"{part}\" closes before it opens.");
            foreach (var day in range)
            {
                if (!days.TryAdd(day, hours))
                    return (null, $"{day} is given more than once.");
            }
        }
        return (new OpeningHours(days), null);
    }

    private static List<DayOfWeek>? Days(string text)
    {
        var ends = text.Split('-');
        if (ends.Length > 2 || ends.Select(Index).ToList() is not [var first, .. var rest] || first < 0 || rest.Any(i => i < 0))
            return null;
        var last = rest.Count == 1 ? rest[0] : first;
        if (last < first)
            return null;
        // Index 0 is Monday; DayOfWeek counts from Sunday.
        return Enumerable.Range(first, last - first + 1).Select(i => (DayOfWeek)((i + 1) % 7)).ToList();
    }

    private static int Index(string name) =>
        Array.FindIndex(DayNames, names => names.Contains(name.Trim().ToLowerInvariant()));

    private static DailyHours? Times(string text)
    {
        var ends = text.Split('-');
        if (ends.Length != 2 || !ClockTime.TryParse(ends[0], out var opens) || !ClockTime.TryParse(ends[1], out var closes))
            return null;
        return new DailyHours(opens, closes);
    }
}
