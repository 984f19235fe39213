using System.ComponentModel.DataAnnotations;
using Lagesbild.Core.Observations;
using Lagesbild.Data;

namespace Lagesbild.Server.Features.Observations;

public sealed record ObservationRequest(
    [property: Required] ObservationCategory? Category,
    [property: Required] double? Lat,
    [property: Required] double? Lon,
    [property: Required] DateTimeOffset? OccurredFrom,
    DateTimeOffset? OccurredTo,
    int? Count,
    [property: Required] Classification? Classification,
    string? Text);

public sealed record ObservationProperties(
    ObservationCategory Category,
    double Lat,
    double Lon,
    int? DistrictId,
    string? District,
    DateTimeOffset OccurredFrom,
    DateTimeOffset? OccurredTo,
    DateTimeOffset ReportedAt,
    int Count,
    Classification Classification,
    string? Text,
    ObservationSource Source);

/// <summary>A correction: the observation as it should have been recorded, and why.</summary>
public sealed record CorrectionRequest(
    [property: Required] ObservationCategory? Category,
    [property: Required] double? Lat,
    [property: Required] double? Lon,
    [property: Required] DateTimeOffset? OccurredFrom,
    DateTimeOffset? OccurredTo,
    int? Count,
    [property: Required] Classification? Classification,
    string? Text,
    string? Reason)
{
    public ObservationRequest Observation => new(Category, Lat, Lon, OccurredFrom, OccurredTo, Count, Classification, Text);
}

public sealed record WithdrawalRequest(string? Reason);

/// <summary>What a version of an observation said.</summary>
public sealed record ObservationValues(
    ObservationCategory Category,
    double Lat,
    double Lon,
    int? DistrictId,
    DateTimeOffset OccurredFrom,
    DateTimeOffset? OccurredTo,
    int Count,
    Classification Classification,
    string? Text)
{
    public static ObservationValues Of(Observation o) =>
        new(o.Category, o.Lat, o.Lon, o.DistrictId, o.OccurredFrom, o.OccurredTo, o.Count, o.Classification, o.Text);
}

/// <summary>
/// One version in an observation's history: recorded (version 1), corrected or withdrawn, by whom, for which
/// organisation, when and why, with what it said. Values are left out of a version in a tier the reader may not read.
/// </summary>
public sealed record ObservationVersion(
    int Version,
    string Kind,
    DateTimeOffset At,
    string? By,
    int? OrganisationId,
    string? Organisation,
    string? Reason,
    ObservationValues? Values);

public sealed record ObservationHistory(long Id, bool Withdrawn, IReadOnlyList<ObservationVersion> Versions);
