using System.Globalization;
using Lagesbild.Core.Validation;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Lagesbild.Core.Geo;

public enum AreaLevel
{
    Municipality,
    Borough,
    District,
}

/// <summary>An area of a municipality's file, read and valid on its own: its place in the file, name, level, parent and shape (WGS84).</summary>
public sealed record AreaInput(int Index, string Name, AreaLevel Level, string? Parent, Geometry Shape)
{
    /// <summary>The field of the file a refusal about this area names: "features[3].properties.parent".</summary>
    public string Field(string member) => string.Create(CultureInfo.InvariantCulture, $"features[{Index}].{member}");

    /// <summary>The area as a refusal names it for a reader: its place in the file and its name.</summary>
    public string Label => string.Create(CultureInfo.InvariantCulture, $"Feature {Index} ('{Name}')");
}

/// <summary>
/// The rules of a municipality's areas as one set: one municipality, boroughs in it, districts in their borough, each
/// name once per level, every parent known, every borough with a district, and no two districts sharing more than a
/// sliver. Borders drawn by different hands never meet exactly, so "in" and "apart" allow <see cref="Tolerance"/> of
/// the smaller area.
/// </summary>
public static class AreaHierarchy
{
    /// <summary>The share of an area that may lie outside its parent, or over a neighbour: 1 %.</summary>
    public const double Tolerance = 0.01;

    private static readonly string Percent = (Tolerance * 100).ToString("0", CultureInfo.InvariantCulture) + " %";

    public static Refusals Check(IReadOnlyList<AreaInput> areas, LonLatBox? bounds, Refusals refusals)
    {
        var municipalities = areas.Where(a => a.Level == AreaLevel.Municipality).ToList();
        if (municipalities.Count == 0)
            refusals.Add("features", RefusalCodes.Required, "The file needs one area with level municipality: the whole municipality.");
        foreach (var extra in municipalities.Skip(1))
            refusals.Add(extra.Field("properties.level"), RefusalCodes.Twice, $"{extra.Label} is a second municipality; a file has one.", extra.Index, extra.Name);
        var municipality = municipalities.FirstOrDefault();
        if (municipality is { Parent: not null })
            refusals.Add(municipality.Field("properties.parent"), RefusalCodes.Invalid, $"{municipality.Label} is the municipality: it has no parent.", municipality.Index, municipality.Name);
        if (municipality is not null && bounds is { } box && !box.Contains(municipality.Shape.EnvelopeInternal))
            refusals.Add(municipality.Field("geometry"), RefusalCodes.OffMap, $"{municipality.Label} reaches outside the configured Municipality:Bounds.", municipality.Index, municipality.Name);

        foreach (var level in new[] { AreaLevel.Borough, AreaLevel.District })
        {
            foreach (var twice in areas.Where(a => a.Level == level).GroupBy(a => a.Name, StringComparer.OrdinalIgnoreCase).SelectMany(g => g.Skip(1).Select(a => (a, First: g.First()))))
                refusals.Add(twice.a.Field("properties.name"), RefusalCodes.Twice, $"{twice.a.Label}: the name is given to feature {twice.First.Index} too; each {Word(level)} has a name of its own.", twice.a.Index, twice.a.Name);
        }

        var boroughs = areas.Where(a => a.Level == AreaLevel.Borough).GroupBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        foreach (var borough in areas.Where(a => a.Level == AreaLevel.Borough))
        {
            if (municipality is not null && !string.Equals(borough.Parent, municipality.Name, StringComparison.OrdinalIgnoreCase))
                refusals.Add(borough.Field("properties.parent"), RefusalCodes.NotFound, $"{borough.Label}: parent must be the municipality, '{municipality.Name}'.", borough.Index, borough.Name);
            else if (municipality is not null && Outside(borough.Shape, municipality.Shape))
                refusals.Add(borough.Field("geometry"), RefusalCodes.PartOutside, $"{borough.Label} lies outside the municipality by more than {Percent} of its area.", borough.Index, borough.Name);
        }
        var districts = areas.Where(a => a.Level == AreaLevel.District).ToList();
        foreach (var district in districts)
        {
            if (district.Parent is null || !boroughs.TryGetValue(district.Parent, out var parent))
                refusals.Add(district.Field("properties.parent"), RefusalCodes.NotFound, $"{district.Label}: parent '{district.Parent}' is not a borough of the file.", district.Index, district.Name);
            else if (Outside(district.Shape, parent.Shape))
                refusals.Add(district.Field("geometry"), RefusalCodes.PartOutside, $"{district.Label} lies outside its borough '{parent.Name}' by more than {Percent} of its area.", district.Index, district.Name);
        }
        foreach (var empty in boroughs.Values.Where(b => !districts.Any(d => string.Equals(d.Parent, b.Name, StringComparison.OrdinalIgnoreCase))))
            refusals.Add(empty.Field("properties.name"), RefusalCodes.TooFew, $"{empty.Label} has no district: every borough holds at least one.", empty.Index, empty.Name);
        if (districts.Count == 0 && municipality is not null)
            refusals.Add("features", RefusalCodes.Required, "The file needs areas with level district: the areas records are placed in.");
        foreach (var (later, earlier) in Overlaps(districts))
            refusals.Add(later.Field("geometry"), RefusalCodes.PartsOverlap, $"{later.Label} overlaps feature {earlier.Index} ('{earlier.Name}') by more than {Percent} of the smaller: districts may share a border, not an area.", later.Index, later.Name, earlier.Index, earlier.Name);
        return refusals;
    }

    private static string Word(AreaLevel level) => level == AreaLevel.Borough ? "borough" : "district";

    /// <summary>Whether more than the tolerance of an area lies outside another.</summary>
    private static bool Outside(Geometry area, Geometry parent) =>
        !parent.EnvelopeInternal.Intersects(area.EnvelopeInternal) || area.Difference(parent).Area > Tolerance * area.Area;

    /// <summary>Each pair of districts that share more than the tolerance of the smaller, the later one first.</summary>
    private static IEnumerable<(AreaInput Later, AreaInput Earlier)> Overlaps(IReadOnlyList<AreaInput> districts)
    {
        var tree = new STRtree<AreaInput>();
        foreach (var district in districts)
            tree.Insert(district.Shape.EnvelopeInternal, district);
        tree.Build();
        foreach (var district in districts)
        {
            foreach (var other in tree.Query(district.Shape.EnvelopeInternal).Where(o => o.Index < district.Index).OrderBy(o => o.Index))
            {
                if (other.Shape.Intersection(district.Shape).Area > Tolerance * Math.Min(other.Shape.Area, district.Shape.Area))
                {
                    yield return (district, other);
                    break;
                }
            }
        }
    }
}
