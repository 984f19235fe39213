using Lagesbild.Core.PoliceEvents;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Lagesbild.Server.Features.PoliceEvents;

/// <summary>A police event on the map: what the police published, and how the product placed it.</summary>
public sealed record PoliceEventProperties(
    long PoliceId, DateTimeOffset At, string Type, string Name, string Summary, string? Url, string LocationName,
    EventPlacement Placement, int? DistrictId, string? District, string? NamedAs);

public static class PoliceEventsApi
{
    public const int MaxEvents = 2000;
    public const int MaxTypes = 20;

    private static readonly GeometryFactory Points = new(new PrecisionModel(), 4326);

    public static RouteGroupBuilder MapPoliceEventsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/police-events").WithTags("Police events");

        group.MapGet("/", async (string? from, string? to, string? type, int? district, LagesbildDb db, DistrictCatalog catalog, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var (fromInstant, toInstant) = QueryValues.ParseWindow(from, to, errors);
            var types = (type ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
            if (types.Count > MaxTypes || types.Any(t => t.Length > PoliceFeed.MaxType))
                errors["type"] = [$"type is a comma list of at most {MaxTypes} of the police's event types (e.g. Narkotikabrott), each at most {PoliceFeed.MaxType} characters."];
            if (district is { } id && catalog.NameOf(id) is null)
                errors["district"] = [$"There is no district {id}."];
            if (errors.Count > 0)
                return (IResult)TypedResults.ValidationProblem(errors);

            var query = db.PoliceEvents.AsNoTracking();
            if (fromInstant is { } start)
                query = query.Where(p => p.At >= start);
            if (toInstant is { } end)
                query = query.Where(p => p.At < end);
            if (types.Count > 0)
                query = query.Where(p => types.Contains(p.Type));
            if (district is { } districtId)
                query = query.Where(p => p.DistrictId == districtId);
            var matched = await query.CountAsync(ct);
            var events = await query.OrderByDescending(p => p.At).ThenByDescending(p => p.PoliceId).Take(MaxEvents).ToListAsync(ct);
            return TypedResults.Ok(GeoJson.Collection(events.Select(e => Feature(e, catalog))) with { NumberMatched = matched, NumberReturned = events.Count });
        })
        .WithSummary("The police's public events (polisen.se) in the municipality, as GeoJSON points, the latest first (at most 2,000): from and to " +
            "(dates or instants), type (a comma list of the police's types, e.g. Narkotikabrott), district (an id). Context, not observations: each " +
            "says how it was placed (placement District: its summary names the district; Municipality: the municipality's centroid, an approximate place).");

        group.MapPost("/import", async (HttpRequest request, PoliceEventImport import, CancellationToken ct) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, ct);
            if (PoliceFeed.TryRead(body.ToArray(), out var error) is not { } feed)
                return (IResult)TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [error!] });
            return TypedResults.Ok(await import.ImportAsync(feed, ct));
        })
        .AddEndpointFilter(AdminOnly.Filter("import police events"))
        .WithSummary("Load police events from a document in the feed's format (a JSON array as polisen.se/api/events answers it), for an installation " +
            "without access to the feed (administrators only). Only the municipality's events are kept; an event already held is not added again, so " +
            "loading the same document twice changes nothing. Answers how many were added, already held, of other places, and unreadable.");
        return api;
    }

    private static Feature<PoliceEventProperties> Feature(PoliceEvent e, DistrictCatalog catalog) => new(
        e.PoliceId,
        Points.CreatePoint(new Coordinate(e.Lon, e.Lat)),
        new PoliceEventProperties(e.PoliceId, e.At, e.Type, e.Name, e.Summary, e.Url, e.LocationName, e.Placement, e.DistrictId, catalog.NameOf(e.DistrictId), e.NamedAs));
}
