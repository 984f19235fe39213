using System.Globalization;
using Lagesbild.Core.Time;

namespace Lagesbild.Server.Features.Hosting;

/// <summary>How query values are read: dates as yyyy-MM-dd, instants with an offset, enum names without case and never as numbers.</summary>
public static class QueryValues
{
    public static bool TryParseDate(string? text, out DateOnly date) => CalendarDate.TryParse(text, out date);

    public static bool TryParseName<T>(string? text, out T value)
        where T : struct, Enum =>
        Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(text, CultureInfo.InvariantCulture, out _);

    /// <summary>A comma list of names; an unknown one is an error on the field that lists the known ones.</summary>
    public static List<T> ParseNames<T>(string? text, string field, Dictionary<string, string[]> errors)
        where T : struct, Enum
    {
        var list = new List<T>();
        foreach (var name in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (TryParseName<T>(name, out var value))
                list.Add(value);
            else
                errors[field] = [$"'{name}' is not known. Known: {string.Join(", ", Enum.GetNames<T>())}."];
        }
        return list;
    }

    /// <summary>
    /// A district's id, or null when left out or empty: a page's form sends district= for "the whole city".
    /// </summary>
    public static int? ParseDistrictId(string? text, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return id;
        errors["district"] = ["district must be a district's id (a whole number), or left out for the whole city."];
        return null;
    }

    /// <summary>An instant with offset, or a date read as Stockholm midnight (an end date includes its whole day).</summary>
    public static DateTimeOffset? ParseInstant(string? text, string field, bool endOfDay, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (TryParseDate(text, out var date))
            return Stockholm.StartOfDay(endOfDay ? date.AddDays(1) : date);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant) && HasOffset(text) && instant.Year is >= 1900 and < 2200)
            return instant.ToUniversalTime();
        errors[field] = [$"{field} must be a date (2026-05-01) or an instant with offset (2026-05-01T18:00:00+02:00)."];
        return null;
    }

    /// <summary>A time window from and to as <see cref="ParseInstant"/> reads them, either open; a reversed one is an error on "to".</summary>
    public static (DateTimeOffset? From, DateTimeOffset? To) ParseWindow(string? from, string? to, Dictionary<string, string[]> errors)
    {
        var start = ParseInstant(from, "from", endOfDay: false, errors);
        var end = ParseInstant(to, "to", endOfDay: true, errors);
        if (start > end)
            errors["to"] = [ReversedWindow];
        return (start, end);
    }

    public const string ReversedWindow = "to is before from: the time window is reversed.";

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');

    /// <summary>The link to the next page of a paged list: the same filters, the next page number.</summary>
    public static string NextPage(HttpRequest request, int page, int size)
    {
        var query = request.Query
            .Where(q => q.Key is not ("page" or "pageSize"))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new("page", page.ToString(CultureInfo.InvariantCulture)))
            .Append(new("pageSize", size.ToString(CultureInfo.InvariantCulture)));
        return request.PathBase + request.Path + QueryString.Create(query).ToUriComponent();
    }
}
