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
