using System.Globalization;
using System.Text.Json;
using Lagesbild.Core.Sites;

namespace Lagesbild.Server.Features.Sites;

/// <summary>Reads and checks a site's hours and exceptions as the API sends them, and builds its schedule.</summary>
public static class SiteCalendar
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static bool TryParseTime(string? text, out TimeOnly time)
    {
        if (text == "24:00")
        {
            time = TimeOnly.MaxValue; // the end of the day
            return true;
        }
        return TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }

    public static Dictionary<string, string[]> Check(IReadOnlyList<DayHours> hours, IReadOnlyList<ExceptionDay> exceptions)
    {
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < hours.Count; i++)
        {
            var day = hours[i];
            if (!TryParseTime(day.Opens, out var opens) || !TryParseTime(day.Closes, out var closes))
                errors[$"openingHours[{i}]"] = ["opens and closes must be times such as 08:00."];
            else if (opens >= closes)
                errors[$"openingHours[{i}]"] = [$"{day.Day} opens at {day.Opens} but closes at {day.Closes}."];
        }
        if (hours.GroupBy(h => h.Day).FirstOrDefault(g => g.Count() > 1) is { } twice)
            errors["openingHours"] = [$"{twice.Key} is given more than once."];
        for (var i = 0; i < exceptions.Count; i++)
        {
            var exception = exceptions[i];
            var closed = exception.Opens is null && exception.Closes is null;
            if (!QueryValuesDate(exception.Date))
                errors[$"exceptions[{i}].date"] = ["date must be a date such as 2026-11-26."];
            else if (!closed && (!TryParseTime(exception.Opens, out var opens) || !TryParseTime(exception.Closes, out var closes) || opens >= closes))
                errors[$"exceptions[{i}]"] = ["Special hours need opens before closes (08:00, 12:00); leave both out for a closed day."];
        }
        return errors;
    }

    public static OpeningHours Hours(IReadOnlyList<DayHours> hours) =>
        new(hours.ToDictionary(h => h.Day!.Value, h => new DailyHours(Time(h.Opens), Time(h.Closes))));

    /// <summary>A stored site's weekly opening hours.</summary>
    public static OpeningHours HoursOf(Data.Site site) => Hours(Read<DayHours>(site.OpeningHours));

    public static List<CalendarException> Exceptions(IReadOnlyList<ExceptionDay> exceptions) =>
        exceptions.Select(e => new CalendarException(
            DateOnly.ParseExact(e.Date!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            e.Opens is null && e.Closes is null ? null : new DailyHours(Time(e.Opens), Time(e.Closes)))).ToList();

    public static string Format(TimeOnly time) => time == TimeOnly.MaxValue ? "24:00" : time.ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Write<T>(IReadOnlyList<T> values) => JsonSerializer.Serialize(values, Json);

    public static List<T> Read<T>(string json) => JsonSerializer.Deserialize<List<T>>(json, Json) ?? [];

    public static TimeOnly Time(string? text) => TryParseTime(text, out var time) ? time : throw new FormatException($"'{text}' is not a time.");

    private static bool QueryValuesDate(string? text) => Hosting.QueryValues.TryParseDate(text, out _);
}
