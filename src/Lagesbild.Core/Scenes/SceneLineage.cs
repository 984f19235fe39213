using System.Globalization;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Validation;
using NetTopologySuite.Geometries;

namespace Lagesbild.Core.Scenes;

/// <summary>How one scene came from another: merged into it, or split off from it.</summary>
public enum LineageKind
{
    Merge,
    Split,
}

/// <summary>
/// The rules of a scene's lineage. A merged or split scene ends Ceased, with the lineage saying why; it takes no
/// further status change, so that its count lives on in the scenes that carry its place.
/// </summary>
public static class SceneLineage
{
    public const int MaxParts = 20;

    /// <summary>At least this share of each part's area must lie inside the scene it is split from.</summary>
    public const double MinShareInside = 0.5;

    /// <summary>Parts may share an edge: an overlap of up to this many square metres is drawing noise.</summary>
    public const double OverlapToleranceSquareMetres = 1.0;

    /// <summary>A scene may be merged into another while both are in the register and not ended.</summary>
    public static Refusal? CheckMerge(int id, SceneStatus status, bool ended, int into, SceneStatus? intoStatus, bool intoEnded)
    {
        if (id == into)
            return new Refusal("into", RefusalCodes.Itself, "A scene cannot be merged into itself.");
        if (intoStatus is null)
            return new Refusal("into", RefusalCodes.NotFound, $"There is no scene {into}.", [into]);
        return CheckOpen(status, ended, "scene") ?? CheckOpen(intoStatus.Value, intoEnded, "into");
    }

    /// <summary>A scene that has ceased, or been merged or split, takes no part in a merge or split.</summary>
    public static Refusal? CheckOpen(SceneStatus status, bool ended, string field) =>
        ended
            ? new Refusal(field, RefusalCodes.Ended, "The scene has been merged or split already; its place lives on in the scenes that followed it.")
            : status == SceneStatus.Ceased
                ? new Refusal(field, RefusalCodes.Ended, "The scene has ceased: reopen it first if it is active again.")
                : null;

    /// <summary>The area of two merged scenes: their union, which must be one area (they touch or overlap).</summary>
    public static (Polygon? Area, Refusal? Refusal) Union(Polygon receiving, Polygon merged)
    {
        var union = receiving.Union(merged);
        return union is Polygon polygon && polygon.IsValid
            ? (polygon, null)
            : (null, new Refusal("into", RefusalCodes.Apart, "The two areas neither touch nor overlap: merge scenes that have grown together, or redraw one first."));
    }

    /// <summary>
    /// The checks of a split: two parts or more, each lying mostly inside the original (at least
    /// <see cref="MinShareInside"/> of its area), none overlapping another beyond a shared edge. Geometry in WGS84;
    /// areas are compared in SWEREF 99 TM square metres.
    /// </summary>
    public static Refusals CheckSplit(Polygon original, IReadOnlyList<Polygon> parts)
    {
        var refusals = new Refusals();
        if (parts.Count < 2)
            return refusals.Add("parts", RefusalCodes.TooFew, "A split needs two parts or more.", 2);
        if (parts.Count > MaxParts)
            return refusals.Add("parts", RefusalCodes.TooMany, $"A split takes at most {MaxParts} parts.", MaxParts);
        var whole = Sweref99Tm.Project(original);
        var projected = parts.Select(Sweref99Tm.Project).ToList();
        for (var i = 0; i < projected.Count; i++)
        {
            var share = projected[i].Intersection(whole).Area / projected[i].Area;
            if (share < MinShareInside)
            {
                refusals.Add($"parts[{i}]", RefusalCodes.PartOutside,
                    string.Create(CultureInfo.InvariantCulture, $"Part {i + 1} lies mostly outside the scene ({share:P0} inside): a part must lie at least half inside it."), i + 1);
            }
        }
        for (var i = 0; i < projected.Count; i++)
        {
            for (var j = i + 1; j < projected.Count; j++)
            {
                if (projected[i].Intersection(projected[j]).Area > OverlapToleranceSquareMetres)
                    refusals.Add($"parts[{j}]", RefusalCodes.PartsOverlap, $"Part {j + 1} overlaps part {i + 1}: parts may share an edge but not an area.", j + 1, i + 1);
            }
        }
        return refusals;
    }
}
