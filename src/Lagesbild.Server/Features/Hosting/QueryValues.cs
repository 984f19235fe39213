using System.Globalization;

namespace Lagesbild.Server.Features.Hosting;

/// <summary>How query values are read: dates as yyyy-MM-dd, enum names without case and never as numbers.</summary>
public static class QueryValues
{
    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) && date.Year is >= 1900 and < 2200;

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
}
