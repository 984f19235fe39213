using Microsoft.Extensions.Localization;

namespace Lagesbild.Server.Features.Measures.Pages;

/// <summary>
/// The service's refusals, for the pages: a field the user can fix gets a text in their language; anything
/// else keeps the server's own words.
/// </summary>
public static class MeasureErrors
{
    private static readonly Dictionary<string, string> Texts = new(StringComparer.Ordinal)
    {
        ["kind"] = "MeasureKindRequired",
        ["title"] = "MeasureTitleRequired",
        ["startsOn"] = "MeasureStartInvalid",
        ["endsOn"] = "MeasureEndInvalid",
        ["cost"] = "MeasureCostInvalid",
        ["sceneId"] = "MeasureTargetRequired",
        ["districtId"] = "MeasureTargetRequired",
        ["districts"] = "EffectDistrictsInvalid",
        ["weeks"] = "EffectWeeksInvalid",
        ["radius"] = "EffectRadiusInvalid",
    };

    public static List<string> Localise(Dictionary<string, string[]> errors, IStringLocalizer L) =>
        errors.SelectMany(e => Texts.TryGetValue(e.Key, out var key) ? [L[key].Value] : e.Value).Distinct().ToList();
}
