using NetTopologySuite.Geometries;

namespace Lagesbild.Core.Mappings;

/// <summary>A place or a scene to match, in SWEREF 99 TM metres: a polygon, or a point where only the place is known.</summary>
public sealed record Shape(int Id, Geometry Geometry);

/// <summary>One pair the matching kept: how well they agree (0..1), how much they overlap and how far apart their centres are.</summary>
public sealed record PlaceMatch(int PlaceId, int OtherId, double Score, double OverlapSquareMetres, double DistanceMetres);

/// <summary>
/// Which place of a mapping is which scene of the register (or which place of the previous mapping). Two polygons
/// agree by the share of the smaller one that the other covers, from <see cref="MinimumOverlapShare"/>; a point and
/// anything agree when the point lies within <c>nearMetres</c> of it, 1 inside and falling to 0 at that distance.
/// Pairs are taken one-to-one, greedily, best agreement first (then nearest centres, then lowest ids), so a place
/// that two scenes touch is the scene it overlaps most.
/// </summary>
public static class PlaceMatching
{
    public const double DefaultNearMetres = 100;

    /// <summary>Two polygons that share less than a tenth of the smaller one only touch: neighbours, not the same place.</summary>
    public const double MinimumOverlapShare = 0.1;

    public static IReadOnlyList<PlaceMatch> Match(IReadOnlyList<Shape> places, IReadOnlyList<Shape> others, double nearMetres = DefaultNearMetres)
    {
        var candidates = new List<PlaceMatch>();
        foreach (var place in places)
        {
            foreach (var other in others)
            {
                if (Agreement(place.Geometry, other.Geometry, nearMetres) is { } pair)
                    candidates.Add(new PlaceMatch(place.Id, other.Id, pair.Score, pair.Overlap, place.Geometry.Centroid.Distance(other.Geometry.Centroid)));
            }
        }
        var takenPlaces = new HashSet<int>();
        var takenOthers = new HashSet<int>();
        var kept = new List<PlaceMatch>();
        foreach (var candidate in candidates.OrderByDescending(c => c.Score).ThenBy(c => c.DistanceMetres).ThenBy(c => c.PlaceId).ThenBy(c => c.OtherId))
        {
            if (takenPlaces.Contains(candidate.PlaceId) || takenOthers.Contains(candidate.OtherId))
                continue;
            takenPlaces.Add(candidate.PlaceId);
            takenOthers.Add(candidate.OtherId);
            kept.Add(candidate);
        }
        return kept;
    }

    /// <summary>How well two shapes agree (0..1) and their overlap in m², or null when they are not the same place.</summary>
    public static (double Score, double Overlap)? Agreement(Geometry a, Geometry b, double nearMetres = DefaultNearMetres)
    {
        if (a is Polygon or MultiPolygon && b is Polygon or MultiPolygon)
        {
            var smaller = Math.Min(a.Area, b.Area);
            if (smaller <= 0 || !a.Intersects(b))
                return null;
            var overlap = a.Intersection(b).Area;
            var share = overlap / smaller;
            return share >= MinimumOverlapShare ? (Math.Min(1, share), overlap) : null;
        }
        var distance = a.Distance(b);
        return distance <= nearMetres ? (1 - (distance / nearMetres), 0) : null;
    }
}

/// <summary>A change of area between two figures, in m² and in per cent of the first.</summary>
public sealed record AreaChange(double Before, double After)
{
    /// <summary>A change of at least a tenth is a change worth showing; less is the drawing's own noise.</summary>
    public const double NotablePercent = 10;

    public double Difference => After - Before;

    /// <summary>The change as a share of the area before, or null when there was no area before.</summary>
    public double? Percent => Before > 0 ? 100 * (After - Before) / Before : null;

    public bool Notable => Percent is not { } percent || Math.Abs(percent) >= NotablePercent;

    public static AreaChange? Between(double? before, double? after) =>
        before is { } b && after is { } a ? new AreaChange(b, a) : null;
}
