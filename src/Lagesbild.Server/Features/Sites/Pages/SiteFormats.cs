using System.Globalization;
using Lagesbild.Core.Time;
using Microsoft.Extensions.Localization;

namespace Lagesbild.Server.Features.Sites.Pages;

/// <summary>How the site pages write hours and days.</summary>
public static class SiteFormats
{
    /// <summary>"mån–fre 06:30–18:00" when every open day has the same hours, else day by day.</summary>
    public static string Hours(IReadOnlyList<DayHours> hours, IStringLocalizer localizer)
    {
        if (hours.Count == 0)
            return localizer["SiteClosedAlways"];
        var ordered = hours.OrderBy(h => HourOfWeek.DayIndex(h.Day!.Value)).ToList();
        if (ordered.All(h => h.Opens == ordered[0].Opens && h.Closes == ordered[0].Closes) && IsRun(ordered))
        {
            var days = ordered.Count == 1 ? Day(ordered[0].Day!.Value) : $"{Day(ordered[0].Day!.Value)}–{Day(ordered[^1].Day!.Value)}";
            return $"{days} {ordered[0].Opens}–{ordered[0].Closes}";
        }
        return string.Join(", ", ordered.Select(h => $"{Day(h.Day!.Value)} {h.Opens}–{h.Closes}"));
    }

    public static string Day(DayOfWeek day) => CultureInfo.CurrentCulture.DateTimeFormat.GetAbbreviatedDayName(day);

    public static string DayName(DayOfWeek day) => CultureInfo.CurrentCulture.DateTimeFormat.GetDayName(day);

    /// <summary>Monday first, as Swedes read a week.</summary>
    public static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    private static bool IsRun(List<DayHours> ordered) =>
        ordered.Zip(ordered.Skip(1), (a, b) => HourOfWeek.DayIndex(b.Day!.Value) - HourOfWeek.DayIndex(a.Day!.Value) == 1).All(x => x);
}
