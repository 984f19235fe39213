using System.Globalization;
using Lagesbild.Core.Validation;
using Lagesbild.Server.Features.Hosting;
using Microsoft.Extensions.Localization;

namespace Lagesbild.Server.Components.Shared;

/// <summary>
/// A rule's refusal in the reader's language, by its code: the page's own words for it (<c>{page}Refusal_{Code}</c>,
/// for residents, say) if it has them, the text <c>Refusal_{Code}_{field}</c> when a field needs its own words, else
/// <c>Refusal_{Code}</c>, with the refusal's numbers filled in. A field of a list row ("openingHours[2]",
/// "exceptions[0].date") finds its texts without the row numbers ("openingHours", "exceptions.date"). Enum values
/// among the numbers (a status, a weekday) are said in the reader's words, times as 07:30 and dates as 2026-11-26.
/// </summary>
public static partial class RefusalTexts
{
    public static string Say(this IStringLocalizer texts, Refusal refusal, string page = "")
    {
        var field = RowNumbers().Replace(refusal.Field, "");
        var text = page.Length > 0 ? texts[$"{page}Refusal_{refusal.Code}"] : texts[$"Refusal_{refusal.Code}_{field}"];
        if (text.ResourceNotFound && page.Length > 0)
            text = texts[$"Refusal_{refusal.Code}_{field}"];
        if (text.ResourceNotFound)
            text = texts[$"Refusal_{refusal.Code}"];
        if (text.ResourceNotFound)
            return refusal.Message;
        var args = (refusal.Args ?? []).Select(arg => Word(texts, arg)).ToArray();
        return string.Format(CultureInfo.CurrentCulture, text.Value, args);
    }

    /// <summary>Each refusal of a refused input in the reader's language; the server's words for a field no rule gave a code for.</summary>
    public static List<string> Say(this IStringLocalizer texts, IReadOnlyList<Refusal>? refusals, Dictionary<string, string[]> errors, string page = "")
    {
        var coded = refusals ?? [];
        var uncoded = errors.Where(e => coded.All(r => r.Field != e.Key)).SelectMany(e => e.Value);
        return [.. coded.Select(r => texts.Say(r, page)).Concat(uncoded).Distinct()];
    }

    /// <summary>
    /// A spreadsheet's refusals in the reader's language, a row's with its line in the file ("Rad 3: …", said by the
    /// text for its column); the server's words for a field no rule gave a code for.
    /// </summary>
    public static List<string> SayLines(this IStringLocalizer texts, IReadOnlyList<Refusal>? refusals, Dictionary<string, string[]> errors)
    {
        var coded = refusals ?? [];
        var said = coded.Select(r => CsvRows.Line(r.Field) is { } at
            ? string.Format(CultureInfo.CurrentCulture, texts["CsvLine"], at.Line, texts.Say(r with { Field = at.Column }))
            : texts.Say(r));
        var uncoded = errors.Where(e => coded.All(r => r.Field != e.Key)).SelectMany(e => e.Value);
        return [.. said.Concat(uncoded)];
    }

    private static object Word(IStringLocalizer texts, object arg) => arg switch
    {
        Core.Scenes.SceneStatus status => texts[$"Status{status}"].Value,
        DateTimeOffset instant => Formats.DateTime(instant),
        DayOfWeek day => CultureInfo.CurrentCulture.TextInfo.ToTitleCase(CultureInfo.CurrentCulture.DateTimeFormat.GetDayName(day)),
        TimeOnly time => Core.Time.ClockTime.Format(time),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => arg,
    };

    [System.Text.RegularExpressions.GeneratedRegex(@"\[\d+\]")]
    private static partial System.Text.RegularExpressions.Regex RowNumbers();
}
