using System.Text.Json;
using Lagesbild.Core.Sites;
using Lagesbild.Core.Validation;

namespace Lagesbild.Server.Features.Sites;

/// <summary>A site's hours and exceptions as the API sends them and the database keeps them (JSON), checked by the core's rules.</summary>
public static class SiteCalendar
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static Refusals Check(IReadOnlyList<DayHours> hours, IReadOnlyList<ExceptionDay> exceptions) =>
        OpeningHoursRules.Check(Texts(hours), Texts(exceptions));

    /// <summary>A stored site's weekly opening hours.</summary>
    public static OpeningHours HoursOf(Data.Site site) => OpeningHoursRules.Hours(Texts(Read<DayHours>(site.OpeningHours)));

    /// <summary>A stored site's one-off days.</summary>
    public static List<CalendarException> ExceptionsOf(Data.Site site) => OpeningHoursRules.Exceptions(Texts(Read<ExceptionDay>(site.Exceptions)));

    public static string Write<T>(IReadOnlyList<T> values) => JsonSerializer.Serialize(values, Json);

    public static List<T> Read<T>(string json) => JsonSerializer.Deserialize<List<T>>(json, Json) ?? [];

    private static List<DayHoursText> Texts(IEnumerable<DayHours> hours) => hours.Select(h => new DayHoursText(h.Day!.Value, h.Opens, h.Closes)).ToList();

    private static List<ExceptionDayText> Texts(IEnumerable<ExceptionDay> exceptions) => exceptions.Select(e => new ExceptionDayText(e.Date, e.Opens, e.Closes)).ToList();
}
