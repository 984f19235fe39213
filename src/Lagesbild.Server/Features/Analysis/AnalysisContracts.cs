using System.Text.Json.Serialization;
using Lagesbild.Core.Analysis;
using Lagesbild.Core.Scenes;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Picture;

namespace Lagesbild.Server.Features.Analysis;

/// <summary>One grid cell of a hot spot layer; which fields are filled depends on the method.</summary>
public sealed record HotSpotCell(
    int Column,
    int Row,
    double Count,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Z = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? P = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Bin = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Density = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] HotSpotPattern? Pattern = null);

public sealed record HotSpotParameters(double CellSize, double? Band, double? Bandwidth, int? Weeks, string Categories, string Hours);

/// <summary>A hot spot layer as GeoJSON: one square per cell worth showing, with the method and window as foreign members.</summary>
public sealed record HotSpotLayer(
    HotSpotMethod Method,
    PictureWindow Window,
    HotSpotParameters Parameters,
    int StudyCells,
    double Observations,
    IReadOnlyList<Feature<HotSpotCell>> Features)
{
    public string Type => "FeatureCollection";
}

public enum CandidateMatch
{
    /// <summary>No registered scene here.</summary>
    New,

    /// <summary>A registered scene lies here.</summary>
    Matches,
}

public sealed record MatchedScene(int Id, string Name, SceneStatus Status);

public sealed record Candidate(
    int Cluster,
    int Observations,
    double PerWeek,
    int Days,
    IReadOnlyDictionary<Core.Observations.ObservationCategory, int> ByCategory,
    DateTimeOffset First,
    DateTimeOffset Last,
    double[] Centre,
    string? District,
    double[] ActiveHours,
    int RestrictedObservations,
    CandidateMatch Match,
    MatchedScene? Scene,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SceneStatus? Suggest);

/// <summary>An active registered scene without evidence in the window: a reason to consider Declining.</summary>
public sealed record QuietScene(int Id, string Name, SceneStatus Status, DateTimeOffset? LastEvidence, int QuietWeeks, SceneStatus Suggest);

public sealed record CandidateParameters(ClusterMethod Method, double Eps, double? EpsSeconds, int MinPoints, int Weeks, string Categories);

/// <summary>Candidate scenes as GeoJSON (hull polygons), with the quiet scenes and the window as foreign members.</summary>
public sealed record CandidateCollection(
    PictureWindow Window,
    CandidateParameters Parameters,
    int ObservationsClustered,
    IReadOnlyList<QuietScene> QuietScenes,
    IReadOnlyList<Feature<Candidate>> Features)
{
    public string Type => "FeatureCollection";
}
