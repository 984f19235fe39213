using System.Globalization;
using Lagesbild.Core.Time;
using Lagesbild.Core.Validation;

namespace Lagesbild.Core.Sites;

/// <summary>A weekday's hours as a form or the API writes them: "08:00" to "16:00".</summary>
public readonly record struct DayHoursText(DayOfWeek Day, string? Opens, string? Closes);

/// <summary>A one-off day as written: closed when both times are absent, else special hours.</summary>
public readonly record struct ExceptionDayText(string? Date, string? Opens, string? Closes);

/// <summary>Checks a site's weekly hours and one-off days as they are written, with a coded refusal per row.</summary>
public static class OpeningHoursRules
{
    public static Refusals Check(IReadOnlyList<DayHoursText> hours, IReadOnlyList<ExceptionDayText> exceptions)
    {
        var refusals = new Refusals();
        for (var i = 0; i < hours.Count; i++)
        {
            var (day, opensText, closesText) = hours[i];
            var field = Invariant($"openingHours[{i}]");
            if (!ClockTime.TryParse(opensText, out var opens) || !ClockTime.TryParse(closesText, out var closes))
                refusals.Add(field, RefusalCodes.NotATime, "opens and closes must be times such as 08:00.", day);
            else if (opens >= closes)
                refusals.Add(field, RefusalCodes.TimesReversed, $"{day} opens at {opensText} but closes at {closesText}.", day, opens, closes);
        }
        if (hours.GroupBy(h => h.Day).FirstOrDefault(g => g.Count() > 1) is { } twice)
            refusals.Add("openingHours", RefusalCodes.Twice, $"{twice.Key} is given more than once.", twice.Key);
        for (var i = 0; i < exceptions.Count; i++)
        {
            var (dateText, opensText, closesText) = exceptions[i];
            if (!CalendarDate.TryParse(dateText, out var date))
            {
                refusals.Add(Invariant($"exceptions[{i}].date"), RefusalCodes.NotADate, "date must be a date such as 2026-11-26.");
                continue;
            }
            if (opensText is null && closesText is null)
                continue; // closed all day
            var field = Invariant($"exceptions[{i}]");
            if (!ClockTime.TryParse(opensText, out var opens) || !ClockTime.TryParse(closesText, out var closes))
                refusals.Add(field, RefusalCodes.NotATime, "Special hours need both opens and closes (08:00, 12:00); leave both out for a closed day.", date);
            else if (opens >= closes)
                refusals.Add(field, RefusalCodes.TimesReversed, $"Special hours need opens before closes; {dateText} opens at {opensText} but closes at {closesText}.", date, opens, closes);
        }
        return refusals;
    }

    /// <summary>The weekly hours of rows that passed <see cref="Check"/>.</summary>
    public static OpeningHours Hours(IEnumerable<DayHoursText> hours) =>
        new(hours.ToDictionary(h => h.Day, h => new DailyHours(Time(h.Opens), Time(h.Closes))));

    /// <summary>The one-off days of rows that passed <see cref="Check"/>.</summary>
    public static List<CalendarException> Exceptions(IEnumerable<ExceptionDayText> exceptions) =>
        exceptions.Select(e => new CalendarException(
            DateOnly.ParseExact(e.Date!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            e.Opens is null && e.Closes is null ? null : new DailyHours(Time(e.Opens), Time(e.Closes)))).ToList();

    private static TimeOnly Time(string? text) => ClockTime.TryParse(text, out var time) ? time : throw new FormatException($"'{text}' is not a time.");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
