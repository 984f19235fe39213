using System.Security.Cryptography;
using System.Text;
using Lagesbild.Core.Access;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Time;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Districts;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Observations;

public abstract record WriteResult
{
    public sealed record Created(Observation Observation, bool Replayed) : WriteResult;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : WriteResult;
    public sealed record Forbidden(string Reason) : WriteResult;
    public sealed record KeyConflict : WriteResult;
}

/// <summary>
/// Records observations: the one way in for staff, rounds, alarms and public reports alike. A write is one
/// transaction; the same Idempotency-Key from the same user gives back the first record.
/// </summary>
public sealed class ObservationWriter(LagesbildDb db, DistrictCatalog districts, TimeProvider time, AuditTrail audit)
{
    public async Task<WriteResult> RecordAsync(ObservationRequest request, CurrentUser user, string? idempotencyKey, ObservationSource source, CancellationToken ct)
    {
        var classification = request.Classification!.Value;
        if (!Permissions.CanWrite(user.Roles, classification))
        {
            return new WriteResult.Forbidden(Permissions.CanWriteObservations(user.Roles)
                ? $"Your role may not record {classification} observations."
                : "Your role may not record observations.");
        }
        var hash = RequestHash(request);
        if (!string.IsNullOrEmpty(idempotencyKey) && await FindByKeyAsync(user.Id, idempotencyKey, ct) is { } earlier)
            return earlier.RequestHash == hash ? new WriteResult.Created(earlier, Replayed: true) : new WriteResult.KeyConflict();

        var now = time.GetUtcNow();
        var area = districts.ServiceArea;
        var errors = ObservationRules.Check(
            request.Lat!.Value, request.Lon!.Value, request.OccurredFrom!.Value, request.OccurredTo, request.Count, request.Text,
            new LonLatBox(area.MinX, area.MinY, area.MaxX, area.MaxY), now);
        if (errors.Count > 0)
            return new WriteResult.Invalid(errors);

        var observation = Build(request, source, now);
        observation.OrganisationId = user.OrganisationId;
        observation.CreatedById = user.Id;
        observation.IdempotencyKey = string.IsNullOrEmpty(idempotencyKey) ? null : idempotencyKey;
        observation.RequestHash = hash;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Observations.Add(observation);
            await db.SaveChangesAsync(ct);
            if (classification is not (Classification.Public or Classification.Internal))
            {
                audit.Add(user, "create", observation);
                await db.SaveChangesAsync(ct);
            }
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException) when (observation.IdempotencyKey is { } key)
        {
            // A concurrent retry with the same key won the race: answer with its record.
            db.ChangeTracker.Clear();
            if (await FindByKeyAsync(user.Id, key, ct) is { } winner)
                return winner.RequestHash == hash ? new WriteResult.Created(winner, Replayed: true) : new WriteResult.KeyConflict();
            throw;
        }
        return new WriteResult.Created(observation, Replayed: false);
    }

    /// <summary>Builds the stored row: projected once to SWEREF 99 TM, with grid cell, district and hour mask.</summary>
    public Observation Build(ObservationRequest request, ObservationSource source, DateTimeOffset now)
    {
        var (lat, lon) = (request.Lat!.Value, request.Lon!.Value);
        var from = request.OccurredFrom!.Value.ToUniversalTime();
        var to = request.OccurredTo?.ToUniversalTime();
        var grid = Sweref99Tm.Project(lon, lat);
        var mask = HourMask.Of(from, to);
        return new Observation
        {
            Category = request.Category!.Value,
            Lat = lat,
            Lon = lon,
            X = grid.X,
            Y = grid.Y,
            CellKey = GridCell.Of(grid).Key,
            Location = PolygonInput.Wgs84.CreatePoint(new NetTopologySuite.Geometries.Coordinate(lon, lat)),
            DistrictId = districts.Index.Locate(lon, lat),
            OccurredFrom = from,
            OccurredTo = to,
            HourOfWeek = Core.Time.HourOfWeek.Of(from),
            HoursMask0 = mask.Word0,
            HoursMask1 = mask.Word1,
            HoursMask2 = mask.Word2,
            ReportedAt = now,
            Count = request.Count ?? 1,
            Classification = request.Classification!.Value,
            Text = request.Text,
            Source = source,
        };
    }

    private Task<Observation?> FindByKeyAsync(int userId, string key, CancellationToken ct) =>
        db.Observations.AsNoTracking().SingleOrDefaultAsync(o => o.CreatedById == userId && o.IdempotencyKey == key, ct);

    private static string RequestHash(ObservationRequest request)
    {
        var canonical = System.Text.Json.JsonSerializer.Serialize(request with { OccurredFrom = request.OccurredFrom?.ToUniversalTime(), OccurredTo = request.OccurredTo?.ToUniversalTime() });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
