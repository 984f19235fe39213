using Lagesbild.Core.Access;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Time;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Observations;

/// <summary>
/// Records observations: the one way in for staff, rounds, alarms and public reports alike. A write is one
/// transaction; the same Idempotency-Key from the same user gives back the first record.
/// </summary>
public sealed class ObservationWriter(LagesbildDb db, DistrictCatalog districts, TimeProvider time, AuditTrail audit)
{
    /// <summary>Where a signed-in user's observation comes from: a partner organisation, or the authorities' staff.</summary>
    public static ObservationSource SourceOf(CurrentUser user) =>
        user.Roles.All(r => r == Role.Partner) && user.Roles.Count > 0 ? ObservationSource.Partner : ObservationSource.Staff;

    public async Task<Outcome<Written<Observation>>> RecordAsync(ObservationRequest request, CurrentUser user, string? idempotencyKey, ObservationSource source, CancellationToken ct)
    {
        var classification = request.Classification!.Value;
        if (!Permissions.CanWrite(user.Roles, classification))
        {
            return new Outcome<Written<Observation>>.Refused(Permissions.CanWriteObservations(user.Roles)
                ? $"Your role may not record {classification} observations."
                : "Your role may not record observations.");
        }
        var hash = Idempotency.Hash(request);
        var write = new KeyedWrite<Observation, Written<Observation>>(db, idempotencyKey)
        {
            FindEarlier = key => db.Observations.AsNoTracking().SingleOrDefaultAsync(o => o.CreatedById == user.Id && o.IdempotencyKey == key, ct),
            IsSameRequest = earlier => earlier.RequestHash == hash,
            Replay = earlier => Task.FromResult<Outcome<Written<Observation>>>(new Written<Observation>(earlier, Replayed: true)),
            ReusedReason = "This Idempotency-Key was already used for a different observation.",
        };
        return await write.RunAsync(async () =>
        {
            var now = time.GetUtcNow();
            var errors = Check(request, now);
            if (errors.Count > 0)
                return new Outcome<Written<Observation>>.Invalid(errors);
            var observation = Build(request, source, now);
            observation.OrganisationId = user.OrganisationId;
            observation.CreatedById = user.Id;
            observation.IdempotencyKey = write.Key;
            observation.RequestHash = hash;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Observations.Add(observation);
            await db.SaveChangesAsync(ct);
            if (classification is not (Classification.Public or Classification.Internal))
            {
                audit.Add(user, "create", observation);
                await db.SaveChangesAsync(ct);
            }
            await transaction.CommitAsync(ct);
            return new Written<Observation>(observation, Replayed: false);
        });
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
}
