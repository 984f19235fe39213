using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Observations;

/// <summary>
/// Corrections and withdrawals of recorded observations. Each is one transaction: the observation as it stood goes
/// into a new <see cref="ObservationRevision"/>, the observation takes its new values (projected as when recorded)
/// and version, and an audit entry is written. Only the recording organisation or the data protection officer may
/// change an observation; others who may read it are refused, and those who may not read it find nothing.
/// </summary>
public sealed class ObservationCorrections(LagesbildDb db, ObservationWriter writer, AuditTrail audit, TimeProvider time, Readers readers)
{
    /// <summary>
    /// What a revision stores: the version before, and the Idempotency-Key and request hash of the change, so that a
    /// retry is known without a column of its own.
    /// </summary>
    public sealed record RevisionDocument(ObservationValues Before, string? IdempotencyKey, string? RequestHash)
    {
        /// <summary>The one way a revision's document is written: by corrections, withdrawals and retention alike.</summary>
        public string ToJson() => JsonSerializer.Serialize(this);
    }

    public async Task<Outcome<Observation>> CorrectAsync(long id, CorrectionRequest request, CurrentUser user, string? idempotencyKey, CancellationToken ct)
    {
        var hash = Idempotency.Hash(new { kind = "correct", request.Observation, request.Reason });
        return await ChangeAsync(id, user, idempotencyKey, hash, RevisionKind.Corrected, request.Reason, observation =>
        {
            var now = time.GetUtcNow();
            var errors = writer.Check(request.Observation, now);
            if (errors.Count > 0)
                return new Outcome<Observation>.Invalid(errors);
            if (!Corrections.MayMoveTo(user.Roles, observation.Classification, request.Classification!.Value))
                return new Outcome<Observation>.Refused($"Your role may not move an observation to {request.Classification}.");
            writer.Fill(observation, request.Observation);
            return observation;
        }, ct);
    }

    public Task<Outcome<Observation>> WithdrawAsync(long id, WithdrawalRequest request, CurrentUser user, string? idempotencyKey, CancellationToken ct)
    {
        var hash = Idempotency.Hash(new { kind = "withdraw", request.Reason });
        return ChangeAsync(id, user, idempotencyKey, hash, RevisionKind.Withdrawn, request.Reason, observation =>
        {
            observation.WithdrawnAt = time.GetUtcNow();
            return observation;
        }, ct);
    }

    private async Task<Outcome<Observation>> ChangeAsync(
        long id, CurrentUser user, string? idempotencyKey, string hash, RevisionKind kind, string? reason,
        Func<Observation, Outcome<Observation>> change, CancellationToken ct)
    {
        // A record the reader may not read one by one does not exist for them: 404, never 403.
        var reader = await readers.OfAsync(user, ct);
        var observation = await db.Observations.ReadableBy(reader).SingleOrDefaultAsync(o => o.Id == id, ct);
        if (observation is null)
            return new Outcome<Observation>.Missing();
        if (!Corrections.MayChange(user.Roles, user.OrganisationId, observation.OrganisationId))
        {
            // A withdrawn observation is gone for all but those who may change it.
            return observation.WithdrawnAt is null
                ? new Outcome<Observation>.Refused("Only the organisation that recorded the observation, or the data protection officer, may correct or withdraw it.")
                : new Outcome<Observation>.Missing();
        }
        var write = new KeyedWrite<RevisionDocument, Observation>(db, idempotencyKey)
        {
            // The key is kept in the document of the revision the change made.
            FindEarlier = async key => (await db.ObservationRevisions.AsNoTracking()
                .Where(r => r.ObservationId == id && r.ByUserId == user.Id).Select(r => r.Before).ToListAsync(ct))
                .Select(Document).FirstOrDefault(d => d.IdempotencyKey == key),
            IsSameRequest = earlier => earlier.RequestHash == hash,
            Replay = async _ => await db.Observations.AsNoTracking().SingleAsync(o => o.Id == id, ct),
            ReusedReason = "This Idempotency-Key was already used for another correction or withdrawal of this observation.",
            // Another change of the same version won (the revision's version is unique per observation).
            LostRace = () => Task.FromResult<Outcome<Observation>>(new Outcome<Observation>.Conflict("The observation was changed meanwhile; read it again and retry.")),
        };
        return await write.RunAsync(async () =>
        {
            if (Corrections.CheckReason(reason) is { } reasonError)
                return Outcome<Observation>.Field("reason", reasonError);
            if (observation.WithdrawnAt is not null)
                return new Outcome<Observation>.Conflict("The observation is withdrawn; it can no longer be corrected or withdrawn.");
            var before = ObservationValues.Of(observation);
            var outcome = change(observation);
            if (outcome is not Outcome<Observation>.Done)
                return outcome;
            observation.Version++;
            db.ObservationRevisions.Add(new ObservationRevision
            {
                ObservationId = id,
                Version = observation.Version,
                Kind = kind,
                At = time.GetUtcNow(),
                ByUserId = user.Id,
                ByName = user.Name,
                OrganisationId = user.OrganisationId,
                Reason = reason!.Trim(),
                Before = new RevisionDocument(before, write.Key, hash).ToJson(),
            });
            audit.Add(user, kind == RevisionKind.Withdrawn ? "withdraw" : "correct", observation);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return observation;
        });
    }

    private static RevisionDocument Document(string json) =>
        JsonSerializer.Deserialize<RevisionDocument>(json) ?? throw new InvalidOperationException("A revision without its document.");

    /// <summary>
    /// Every version, oldest first. Readable like the observation while it stands; once withdrawn only by those who
    /// may change it (its organisation and the data protection officer); others find nothing.
    /// </summary>
    public async Task<Outcome<ObservationHistory>> HistoryAsync(long id, CurrentUser user, CancellationToken ct)
    {
        var reader = await readers.OfAsync(user, ct);
        var observation = await db.Observations.AsNoTracking().ReadableBy(reader).SingleOrDefaultAsync(o => o.Id == id, ct);
        if (observation is null
            || (observation.WithdrawnAt is not null && !Corrections.MayChange(user.Roles, user.OrganisationId, observation.OrganisationId)))
        {
            return new Outcome<ObservationHistory>.Missing();
        }
        var revisions = await db.ObservationRevisions.AsNoTracking().Where(r => r.ObservationId == id).OrderBy(r => r.Version).ToListAsync(ct);
        var userIds = revisions.Select(r => r.ByUserId).Append(observation.CreatedById).OfType<int>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var organisationIds = revisions.Select(r => r.OrganisationId).Append(observation.OrganisationId).OfType<int>().Distinct().ToList();
        var organisations = await db.Organisations.AsNoTracking().Where(o => organisationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);

        // Version k said what the revision making version k+1 kept as "before"; the newest version is the row itself.
        var values = revisions.ToDictionary(r => r.Version - 1, r => Document(r.Before).Before);
        ObservationValues? ValuesOf(int version)
        {
            var said = values.GetValueOrDefault(version) ?? ObservationValues.Of(observation);
            // Each version as the reader may read it: none of a tier they may not read, and words only if they may.
            if (!reader.CanRead(said.Classification, Field.Record, observation.OrganisationId, said.DistrictId))
                return null;
            return reader.CanRead(said.Classification, Field.Text, observation.OrganisationId, said.DistrictId) ? said : said with { Text = null };
        }
        var first = revisions.Count > 0 ? revisions[0].Version - 1 : observation.Version;
        var versions = new List<ObservationVersion>
        {
            new(first, "recorded", observation.ReportedAt,
                observation.CreatedById is { } by ? names.GetValueOrDefault(by) : null,
                observation.OrganisationId, observation.OrganisationId is { } org ? organisations.GetValueOrDefault(org) : null,
                null, ValuesOf(first)),
        };
        versions.AddRange(revisions.Select(r => new ObservationVersion(
            r.Version, r.Kind.ToString().ToLowerInvariant(), r.At, r.ByName, r.OrganisationId,
            r.OrganisationId is { } org ? organisations.GetValueOrDefault(org) : null, r.Reason, ValuesOf(r.Version))));
        if (observation.Classification != Classification.Public)
        {
            audit.Add(user, "read-history", observation);
            await audit.SaveAsync(ct);
        }
        return new ObservationHistory(id, observation.WithdrawnAt is not null, versions);
    }
}
