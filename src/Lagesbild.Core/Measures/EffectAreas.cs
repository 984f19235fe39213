using Lagesbild.Core.Geo;
using NetTopologySuite.Geometries;

namespace Lagesbild.Core.Measures;

/// <summary>The two areas a measure's effect is judged on: where it acted, and a comparison ring around it.</summary>
/// <param name="Target">Where the measure acted (WGS 84).</param>
/// <param name="Comparison">What it is compared with (WGS 84), never overlapping the target.</param>
public sealed record EffectArea(Geometry Target, Geometry Comparison);

public static class EffectAreas
{
    /// <summary>The default ring: from 200 m outside the target (so that activity pushed just round the corner
    /// is not counted as the comparison's change) out to 1,000 m.</summary>
    public const double DefaultRingInner = 200, DefaultRingOuter = 1000;

    public const double MinRadius = 25, MaxRadius = 1000, MaxRingOuter = 5000;

    /// <summary>The target as an area: a polygon as it is, a point (a site) as the circle of the given radius.
    /// Null when the target is a point and no radius is given: a point has no area to count in.</summary>
    public static Geometry? TargetArea(Geometry target, double? radius)
    {
        if (target is IPolygonal)
            return target;
        if (radius is not { } metres)
            return null;
        return Sweref99Tm.Unproject(Sweref99Tm.Project(target).Buffer(metres, 16));
    }

    /// <summary>The ring from <paramref name="inner"/> to <paramref name="outer"/> metres outside the target.</summary>
    public static EffectArea Ring(Geometry target, double inner = DefaultRingInner, double outer = DefaultRingOuter)
    {
        if (!(inner >= 0 && outer > inner))
            throw new ArgumentOutOfRangeException(nameof(outer), outer, "The ring's outer edge must lie beyond its inner edge.");
        var grid = Sweref99Tm.Project(target);
        var ring = grid.Buffer(outer, 16).Difference(inner > 0 ? grid.Buffer(inner, 16) : grid);
        return new EffectArea(target, Sweref99Tm.Unproject(ring));
    }

    /// <summary>Chosen areas (districts) as the comparison, less the target itself.</summary>
    public static EffectArea Chosen(Geometry target, IEnumerable<Geometry> areas)
    {
        var union = NetTopologySuite.Operation.Union.UnaryUnionOp.Union(areas.ToList());
        return new EffectArea(target, union.Difference(target));
    }
}
