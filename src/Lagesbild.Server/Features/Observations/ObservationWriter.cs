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
        var errors = Check(request, now);
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

    /// <summary>The rules a recorded or corrected observation must satisfy, keyed by the field at fault.</summary>
    public Dictionary<string, string[]> Check(ObservationRequest request, DateTimeOffset now)
    {
        var area = districts.ServiceArea;
        return ObservationRules.Check(
            request.Lat!.Value, request.Lon!.Value, request.OccurredFrom!.Value, request.OccurredTo, request.Count, request.Text,
            new LonLatBox(area.MinX, area.MinY, area.MaxX, area.MaxY), now);
    }

    /// <summary>Builds the stored row: projected once to SWEREF 99 TM, with grid cell, district and hour mask.</summary>
    public Observation Build(ObservationRequest request, ObservationSource source, DateTimeOffset now)
    {
        var observation = new Observation { Location = PointOf(request), ReportedAt = now, Source = source };
        Fill(observation, request);
        return observation;
    }

    /// <summary>
    /// Sets what the request says (place, time, category, count, classification, text) and what is derived from it
    /// (the projection, cell, district, hour of week and hour mask): once when recorded, again on each correction.
    /// </summary>
    public void Fill(Observation observation, ObservationRequest request)
    {
        var (lat, lon) = (request.Lat!.Value, request.Lon!.Value);
        var from = request.OccurredFrom!.Value.ToUniversalTime();
        var to = request.OccurredTo?.ToUniversalTime();
        var grid = Sweref99Tm.Project(lon, lat);
        var mask = HourMask.Of(from, to);
        observation.Category = request.Category!.Value;
        observation.Lat = lat;
        observation.Lon = lon;
        observation.X = grid.X;
        observation.Y = grid.Y;
        observation.CellKey = GridCell.Of(grid).Key;
        observation.Location = PointOf(request);
        observation.DistrictId = districts.Index.Locate(lon, lat);
        observation.OccurredFrom = from;
        observation.OccurredTo = to;
        observation.HourOfWeek = Core.Time.HourOfWeek.Of(from);
        observation.HoursMask0 = mask.Word0;
        observation.HoursMask1 = mask.Word1;
        observation.HoursMask2 = mask.Word2;
        observation.Count = request.Count ?? 1;
        observation.Classification = request.Classification!.Value;
        observation.Text = request.Text;
    }

    private static NetTopologySuite.Geometries.Point PointOf(ObservationRequest request) =>
        PolygonInput.Wgs84.CreatePoint(new NetTopologySuite.Geometries.Coordinate(request.Lon!.Value, request.Lat!.Value));

    private Task<Observation?> FindByKeyAsync(int userId, string key, CancellationToken ct) =>
        db.Observations.AsNoTracking().SingleOrDefaultAsync(o => o.CreatedById == userId && o.IdempotencyKey == key, ct);

    internal static string RequestHash(ObservationRequest request)
    {
        var canonical = System.Text.Json.JsonSerializer.Serialize(request with { OccurredFrom = request.OccurredFrom?.ToUniversalTime(), OccurredTo = request.OccurredTo?.ToUniversalTime() });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
