using Lagesbild.Core.Observations;
using NetTopologySuite.Geometries;

namespace Lagesbild.Data;

/// <summary>
/// A resident's report (an Open311 service request). Its id is the reference the resident is given. No name, e-mail
/// or telephone number of the resident is stored.
/// </summary>
public sealed class ServiceRequest
{
    public long Id { get; set; }
    /// <summary>A random token, answered by tokens/{token}.</summary>
    public required string Token { get; set; }
    public required string ServiceCode { get; set; }
    /// <summary>The service's name when the report was made, so that a later profile does not rename old reports.</summary>
    public required string ServiceName { get; set; }
    public ObservationCategory Category { get; set; }
    public string? Description { get; set; }
    /// <summary>The answers to the service's attributes, as JSON: {"count":["3"],"near_children":["yes"]}.</summary>
    public string Attributes { get; set; } = "{}";
    public double? Lat { get; set; }
    public double? Lon { get; set; }
    public double? X { get; set; }
    public double? Y { get; set; }
    public long? CellKey { get; set; }
    public Point? Location { get; set; }
    public int? DistrictId { get; set; }
    public string? AddressString { get; set; }
    public string? MediaUrl { get; set; }
    /// <summary>Whether the report counts on the public map (a copy of the service's setting when it was made).</summary>
    public bool OnPublicMap { get; set; }
    /// <summary>The extended status (mySociety's list); GeoReport v2's open or closed follows from it.</summary>
    public required string Status { get; set; }
    public string? StatusNotes { get; set; }
    public string? ServiceNotice { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ExpectedAt { get; set; }
    /// <summary>When the triage coordinators were told that the promise (<see cref="ExpectedAt"/>) was not kept; it is told once.</summary>
    public DateTimeOffset? PromiseOverdueAt { get; set; }
    /// <summary>The Open311 client's api_key, or null for Lägesbild's own public page.</summary>
    public int? ApiKeyId { get; set; }
    public long? DuplicateOfId { get; set; }
    /// <summary>The observation the report became when staff accepted it.</summary>
    public long? ObservationId { get; set; }
    /// <summary>When staff first handled it (accepted, linked, forwarded or closed); null while it waits in the queue.</summary>
    public DateTimeOffset? TriagedAt { get; set; }
    /// <summary>The authority the report was passed to ("police"); it then waits in that authority's queue.</summary>
    public string? ForwardedTo { get; set; }
    public DateTimeOffset? ForwardedAt { get; set; }
    /// <summary>When the receiving authority took it into its own observations (<see cref="ObservationId"/>).</summary>
    public DateTimeOffset? ReceivedAt { get; set; }
    /// <summary>When retention removed the resident's words, photo link and exact place (the cell and counts stay).</summary>
    public DateTimeOffset? CulledAt { get; set; }
    public string? IdempotencyKey { get; set; }
    public string? RequestHash { get; set; }
}

/// <summary>A change of a request's status with the note the resident reads (mySociety's request_update).</summary>
public sealed class ServiceRequestUpdate
{
    public long Id { get; set; }
    public long ServiceRequestId { get; set; }
    public required string Status { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int? ByUserId { get; set; }
    public string? IdempotencyKey { get; set; }
}

/// <summary>A setting an administrator changes at run time, stored as JSON under a key (e.g. the Open311 service profile).</summary>
public sealed class Setting
{
    public required string Key { get; set; }
    public required string Value { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int? UpdatedById { get; set; }
}
