using System.Security.Claims;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace Lagesbild.Server.Features.Mappings;

public static class MappingsApi
{
    public static RouteGroupBuilder MapMappingsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/mappings").WithTags("Mappings");

        group.MapPost("/import", async (HttpRequest http, string? date, string? source, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
            ClaimsPrincipal principal, MappingService mappings, CancellationToken ct) =>
        {
            using var reader = new StreamReader(http.Body);
            var body = await reader.ReadToEndAsync(ct);
            var format = http.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true ? MappingService.CsvFormat : MappingService.GeoJsonFormat;
            return (await mappings.ImportAsync(new MappingUpload(format, body, date, source), CurrentUser.From(principal), idempotencyKey, ct))
                .ToCreated(http.HttpContext.Response, m => m, m => $"/api/mappings/{m.Id}");
        })
        .Accepts<string>("application/geo+json", "application/json", "text/csv")
        .WithSummary("Import a snapshot of the regional mapping (SSR kartläggning): the police and coordinators. GeoJSON (a FeatureCollection of Polygon or Point " +
            "features with properties name, area in m² and notes; date and source as top-level members or in the query) or CSV (Content-Type text/csv; columns name, " +
            "area, notes and either wkt, a POLYGON or POINT, or lon and lat; date and source in the query). All places or none; send an Idempotency-Key header.");

        group.MapGet("/", async (ClaimsPrincipal principal, MappingService mappings, CancellationToken ct) =>
            (await mappings.ListAsync(CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("The mapping's snapshots, newest date first: date, source, how many places, who imported it.");

        group.MapGet("/{id:int}", async (int id, ClaimsPrincipal principal, MappingService mappings, CancellationToken ct) =>
            (await mappings.GetAsync(id, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("One snapshot with its places (GeoJSON geometry, area in m², notes).");

        group.MapGet("/{id:int}/reconcile", async (int id, ClaimsPrincipal principal, MappingService mappings, CancellationToken ct) =>
            (await mappings.ReconcileAsync(id, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("The snapshot beside the scene register on its date: matched (place and active scene overlap, or a point within 100 m), only in the mapping, " +
            "only in the register (scenes active then that the mapping lacks), and area changes of at least 10 % against the matched scene and the same place in the mapping before.");
        return api;
    }
}
