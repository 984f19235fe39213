using System.Globalization;
using Lagesbild.Core.Sites;
using Lagesbild.Core.Validation;

namespace Lagesbild.Core.Rounds;

/// <summary>The morning round's checklist per kind of site: what a new city starts with, and what a saved list may hold.</summary>
public static class Checklists
{
    public const int MaxItems = 40, MinItemLength = 2, MaxItemLength = 200;

    /// <summary>The checklist a kind of site starts with, until a coordinator edits it (in Swedish: the caretakers' language).</summary>
    public static IReadOnlyList<string> Default(SiteKind kind) => kind switch
    {
        SiteKind.Preschool =>
        [
            "Grindar och staket", "Sandlådan", "Lekredskap och gungor", "Entréer och dörrar", "Papperskorgar",
            "Buskage och gömställen", "Förråd och vagnsskjul",
        ],
        SiteKind.School =>
        [
            "Grindar och staket", "Entréer och dörrar", "Lekredskap", "Sandlådan", "Papperskorgar",
            "Buskage och gömställen", "Cykelställ och hörn", "Toaletter med ingång utifrån",
        ],
        _ => ["Grindar och staket", "Entréer och dörrar", "Papperskorgar", "Buskage och gömställen"],
    };

    /// <summary>A checklist has 1 to 40 items of 2 to 200 characters; null when it may be saved.</summary>
    public static Refusal? Check(IReadOnlyList<string> items)
    {
        if (items.Count is 0 or > MaxItems)
            return new Refusal("items", RefusalCodes.OutOfRange, Invariant($"A checklist has 1 to {MaxItems} items."), [1, MaxItems]);
        if (items.FirstOrDefault(i => i.Length is < MinItemLength or > MaxItemLength) is { } bad)
            return new Refusal("items", RefusalCodes.ItemLength, Invariant($"Each item is {MinItemLength} to {MaxItemLength} characters; \"{bad}\" is not."), [MinItemLength, MaxItemLength, bad]);
        return null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
