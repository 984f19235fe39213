using Lagesbild.Core.Geo;
using NetTopologySuite.Geometries;

namespace Lagesbild.Core.Measures;

/// <summary>The two areas a measure's effect is judged on: where it acted, and a comparison ring around it.</summary>
/// <param name="Target">Where the measure acted (WGS 84).</param>
/// <param name="Comparison">What it is compared with (WGS 84), never overlapping the target.</param>
public sealed record EffectArea(Geometry Target, Geometry Comparison);

/// <summary>The three areas of the displacement design: where the measure acted, the buffer around it where displaced
/// activity would land, and a control beyond both (WGS 84; none overlaps another).</summary>
public sealed record EffectZones(Geometry Target, Geometry Buffer, Geometry Control);

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

    /// <summary>The target, the buffer of <paramref name="buffer"/> metres around it and the control ring from <paramref name="inner"/> to <paramref name="outer"/> metres.</summary>
    public static EffectZones Zones(Geometry target, double buffer, double inner, double outer)
    {
        if (!(buffer > 0 && inner >= buffer && outer > inner))
            throw new ArgumentOutOfRangeException(nameof(inner), inner, "The control must lie beyond the buffer.");
        var grid = Sweref99Tm.Project(target);
        var ring = grid.Buffer(buffer, 16).Difference(grid);
        var control = grid.Buffer(outer, 16).Difference(grid.Buffer(inner, 16));
        return new EffectZones(target, Sweref99Tm.Unproject(ring), Sweref99Tm.Unproject(control));
    }

    /// <summary>The target, its buffer, and chosen areas (districts) as the control, less the target and the buffer.</summary>
    public static EffectZones ChosenZones(Geometry target, double buffer, IEnumerable<Geometry> areas)
    {
        var grid = Sweref99Tm.Project(target);
        var reach = Sweref99Tm.Unproject(grid.Buffer(buffer, 16));
        var union = NetTopologySuite.Operation.Union.UnaryUnionOp.Union(areas.ToList());
        return new EffectZones(target, Sweref99Tm.Unproject(grid.Buffer(buffer, 16).Difference(grid)), union.Difference(reach));
    }
}
