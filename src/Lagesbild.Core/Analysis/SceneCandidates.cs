using Lagesbild.Core.Geo;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Time;
using NetTopologySuite.Geometries;

namespace Lagesbild.Core.Analysis;

/// <summary>What candidate scenes need of one observation: its place in grid metres, its time and category.</summary>
public readonly record struct ClusterPoint(
    double X, double Y, DateTimeOffset From, DateTimeOffset? To, ObservationCategory Category, Classification Classification = Classification.Internal);

/// <summary>One cluster as a candidate scene: its hull in grid metres, its hour-of-week profile and its strength.</summary>
public sealed record ClusterSummary(
    int Label,
    int Observations,
    Polygon Hull,
    GridPoint Centre,
    double[] ActiveHours,
    int Days,
    DateTimeOffset First,
    DateTimeOffset Last,
    IReadOnlyDictionary<ObservationCategory, int> ByCategory,
    int Restricted);

/// <summary>Clusters of observations read as candidate scenes, and matched against the scenes already registered.</summary>
public static class SceneCandidates
{
    /// <summary>The hull is drawn this far outside the outermost observations, so that a scene made from it holds them.</summary>
    public const double HullMargin = 15;

    /// <summary>A candidate matches a registered scene whose area lies within this distance of its hull.</summary>
    public const double MatchDistance = 100;

    private static readonly GeometryFactory Grid = new(new PrecisionModel(), Sweref99Tm.Srid);

    /// <summary>One summary per cluster label (noise left out), strongest first (most observations, then label).</summary>
    public static IReadOnlyList<ClusterSummary> Summarise(IReadOnlyList<ClusterPoint> points, IReadOnlyList<int> labels)
    {
        if (points.Count != labels.Count)
            throw new ArgumentException("One label per point is needed.", nameof(labels));
        return Enumerable.Range(0, points.Count)
            .Where(i => labels[i] >= 0)
            .GroupBy(i => labels[i])
            .Select(cluster => Summary(cluster.Key, cluster.Select(i => points[i]).ToList()))
            .OrderByDescending(c => c.Observations).ThenBy(c => c.Label)
            .ToList();
    }

    private static ClusterSummary Summary(int label, List<ClusterPoint> members)
    {
        var coordinates = members.Select(p => new Coordinate(p.X, p.Y)).ToArray();
        var hull = (Polygon)Grid.CreateMultiPointFromCoords(coordinates).ConvexHull().Buffer(HullMargin, 4);
        var centre = new GridPoint(members.Average(p => p.X), members.Average(p => p.Y));
        return new ClusterSummary(
            label,
            members.Count,
            hull,
            centre,
            ActivityProfile.FromObservations(members.Select(p => (p.From, p.To))),
            members.Select(p => Stockholm.ToLocal(p.From).Date).Distinct().Count(),
            members.Min(p => p.From),
            members.Max(p => p.To ?? p.From),
            members.GroupBy(p => p.Category).ToDictionary(g => g.Key, g => g.Count()),
            members.Count(p => p.Classification == Classification.Restricted));
    }

    /// <summary>The registered scene nearest the hull among those within <see cref="MatchDistance"/>, if any (areas in grid metres).</summary>
    public static int? Match(Polygon hull, IEnumerable<(int Id, Geometry Area)> scenes)
    {
        return scenes
            .Select(s => (s.Id, Distance: s.Area.Distance(hull), Apart: s.Area.Centroid.Distance(hull.Centroid)))
            .Where(s => s.Distance <= MatchDistance)
            .OrderBy(s => s.Distance).ThenBy(s => s.Apart).ThenBy(s => s.Id)
            .Select(s => (int?)s.Id)
            .FirstOrDefault();
    }

    /// <summary>Whether any of the points lies within a registered scene's area or its margin (grid metres).</summary>
    public static bool HasEvidence(Geometry area, IEnumerable<ClusterPoint> points)
    {
        var reach = area.Buffer(HullMargin);
        var prepared = NetTopologySuite.Geometries.Prepared.PreparedGeometryFactory.Prepare(reach);
        var envelope = reach.EnvelopeInternal;
        return points.Any(p => envelope.Contains(p.X, p.Y) && prepared.Covers(Grid.CreatePoint(new Coordinate(p.X, p.Y))));
    }
}
