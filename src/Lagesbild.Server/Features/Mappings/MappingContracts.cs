using Lagesbild.Core.Scenes;
using NetTopologySuite.Geometries;

namespace Lagesbild.Server.Features.Mappings;

/// <summary>A mapping in the list: its date, source, how many places, who imported it and when.</summary>
public sealed record MappingSummary(int Id, DateOnly Date, string Source, int Places, DateTimeOffset ImportedAt, string ImportedBy);

/// <summary>A place of a mapping; <c>area</c> is the stated area, or the polygon's, in m².</summary>
public sealed record MappingPlaceView(int Id, string Name, Geometry Geometry, double? Area, double? StatedArea, string? Notes);

public sealed record MappingView(int Id, DateOnly Date, string Source, DateTimeOffset ImportedAt, string ImportedBy, IReadOnlyList<MappingPlaceView> Places);

/// <summary>A scene of the register as the reconciliation shows it: its status on the mapping's date and its area in m².</summary>
public sealed record RegisterSceneView(int Id, string Name, SceneStatus? Status, Geometry Geometry, double Area);

public sealed record AreaChangeView(double Before, double After, double Difference, double? Percent, bool Notable);

public sealed record MatchedView(MappingPlaceView Place, RegisterSceneView Scene, double Score, AreaChangeView? AreaChange);

/// <summary>How a place's area changed: against its matched scene, or against the same place in the mapping before.</summary>
public sealed record AreaChangeRow(MappingPlaceView Place, string Against, int? SceneId, string? SceneName, int? PreviousPlaceId, string? PreviousName, AreaChangeView Change);

public sealed record MappingRef(int Id, DateOnly Date, string Source);

public sealed record ReconciliationView(
    MappingRef Mapping,
    MappingRef? Previous,
    IReadOnlyList<MatchedView> Matched,
    IReadOnlyList<MappingPlaceView> OnlyInMapping,
    IReadOnlyList<RegisterSceneView> OnlyInRegister,
    IReadOnlyList<AreaChangeRow> AreaChanges);

/// <summary>How many places a mapping counted: the active scenes as the regional mapping sees them.</summary>
public sealed record MappedCount(DateOnly At, int Count, int MappingId, string MappingSource);
