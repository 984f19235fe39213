using NetTopologySuite.Geometries;

namespace Lagesbild.Core.Mappings;

/// <summary>A place of a mapping or a scene of the register, in SWEREF 99 TM metres, with its area in m² when known.</summary>
public sealed record AreaShape(int Id, Geometry Geometry, double? AreaSquareMetres)
{
    /// <summary>The area a place states; else its polygon's; a point without a stated area has none.</summary>
    public static double? AreaOf(Geometry metres, double? stated) =>
        stated ?? (metres is Polygon or MultiPolygon ? metres.Area : null);
}

public sealed record MatchedPlace(int PlaceId, int SceneId, double Score, AreaChange? AgainstScene);

public sealed record PreviousPlace(int PlaceId, int PreviousPlaceId, AreaChange? Change);

/// <summary>A mapping beside the register: places that are scenes, places the register lacks, scenes the mapping lacks, and how areas changed.</summary>
public sealed record Reconciliation(
    IReadOnlyList<MatchedPlace> Matched,
    IReadOnlyList<int> OnlyInMapping,
    IReadOnlyList<int> OnlyInRegister,
    IReadOnlyList<PreviousPlace> SincePrevious);

public static class MappingReconciliation
{
    /// <param name="places">The mapping's places.</param>
    /// <param name="activeScenes">The scenes the register called active on the mapping's date.</param>
    /// <param name="previous">The places of the mapping before, when there is one.</param>
    public static Reconciliation Reconcile(IReadOnlyList<AreaShape> places, IReadOnlyList<AreaShape> activeScenes, IReadOnlyList<AreaShape> previous, double nearMetres = PlaceMatching.DefaultNearMetres)
    {
        var byPlace = places.ToDictionary(p => p.Id);
        var scenes = activeScenes.ToDictionary(s => s.Id);
        var before = previous.ToDictionary(p => p.Id);
        var matches = PlaceMatching.Match(Shapes(places), Shapes(activeScenes), nearMetres);
        var matched = matches
            .Select(m => new MatchedPlace(m.PlaceId, m.OtherId, m.Score, AreaChange.Between(scenes[m.OtherId].AreaSquareMetres, byPlace[m.PlaceId].AreaSquareMetres)))
            .OrderBy(m => m.PlaceId).ToList();
        var matchedPlaces = matched.Select(m => m.PlaceId).ToHashSet();
        var matchedScenes = matched.Select(m => m.SceneId).ToHashSet();
        var since = PlaceMatching.Match(Shapes(places), Shapes(previous), nearMetres)
            .Select(m => new PreviousPlace(m.PlaceId, m.OtherId, AreaChange.Between(before[m.OtherId].AreaSquareMetres, byPlace[m.PlaceId].AreaSquareMetres)))
            .OrderBy(m => m.PlaceId).ToList();
        return new Reconciliation(
            matched,
            places.Where(p => !matchedPlaces.Contains(p.Id)).Select(p => p.Id).Order().ToList(),
            activeScenes.Where(s => !matchedScenes.Contains(s.Id)).Select(s => s.Id).Order().ToList(),
            since);
    }

    private static List<Shape> Shapes(IReadOnlyList<AreaShape> shapes) => shapes.Select(s => new Shape(s.Id, s.Geometry)).ToList();
}
