using Lagesbild.Core.Geo;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Rounds;
using Lagesbild.Core.Time;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Observations;
using Lagesbild.Server.Features.Sites;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Rounds;

/// <summary>A finding as answered, and whether it is the first answer or a replay of it.</summary>
public sealed record RecordedFinding(FindingView Finding, bool Replayed);

/// <summary>
/// Records what a round finds: the finding and the observation it becomes, in one transaction. The same
/// Idempotency-Key from the same user gives back the first finding, also when two retries race.
/// </summary>
public sealed class FindingRecorder(LagesbildDb db, RoundService rounds, SchoolYear schoolYear, ObservationWriter observations, DistrictCatalog districts, TimeProvider time)
{
    /// <summary>A phone's clock may run a little ahead; a find this far in the future is taken as found now.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(15);

    public async Task<Outcome<RecordedFinding>> RecordAsync(long roundId, FindingRequest request, string? idempotencyKey, CurrentUser user, CancellationToken ct)
    {
        var round = await rounds.FindAsync(roundId, user, ct);
        if (round is null)
            return new Outcome<RecordedFinding>.Missing();
        var hash = RoundService.Hash(request);
        if (!string.IsNullOrEmpty(idempotencyKey) && await FindByKeyAsync(user.Id, idempotencyKey, ct) is { } earlier)
            return Replay(earlier, round, hash);
        var now = time.GetUtcNow();
        var foundAt = DeviceTime(request.FoundAt, now);
        if (RoundService.CheckAct(round, user, RoundTransitions.CanRecord(round.Status, foundAt, round.CompletedAt), foundAt) is { } refusal)
            return refusal.As<RecordedFinding>();
        if (Check(request, round, foundAt, now) is { Count: > 0 } errors)
            return new Outcome<RecordedFinding>.Invalid(errors);
        var (from, to) = RoundPlan.FindingInterval(foundAt, RoundPlan.PreviousClosing(schoolYear.ScheduleOf(round.Site!, round.Date.Year), round.Date),
            await PreviousRoundAsync(round, ct));
        var category = request.Category!.Value;
        var (lat, lon) = (request.Lat!.Value, request.Lon!.Value);
        // The observation carries no free text: the finding's words stay with the school, the picture gets what and where.
        var observation = observations.Build(new ObservationRequest(
            FindingRules.ObservationCategoryOf(category), lat, lon, from, to, request.Count ?? 1, Classification.Internal, null), ObservationSource.Round, now);
        observation.OrganisationId = user.OrganisationId;
        observation.CreatedById = user.Id;
        var finding = new Finding
        {
            RoundId = round.Id,
            Category = category,
            Count = request.Count ?? 1,
            Lat = lat,
            Lon = lon,
            RemovedSafely = request.RemovedSafely ?? false,
            Text = request.Text,
            MetresOutsideYard = FindingRules.MetresOutside(lon, lat, round.Site!.Location, round.Site.Yard),
            FoundAt = foundAt,
            RecordedAt = now,
            CreatedById = user.Id,
            IdempotencyKey = string.IsNullOrEmpty(idempotencyKey) ? null : idempotencyKey,
            RequestHash = hash,
        };
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Observations.Add(observation);
            await db.SaveChangesAsync(ct);
            finding.ObservationId = observation.Id;
            db.Findings.Add(finding);
            await db.SaveChangesAsync(ct);
            await rounds.MarkStartedAsync(round.Id, user, ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException) when (finding.IdempotencyKey is { } key)
        {
            // A concurrent retry with the same key won: answer with its finding.
            db.ChangeTracker.Clear();
            if (await FindByKeyAsync(user.Id, key, ct) is { } winner)
                return Replay(winner, round, hash);
            throw;
        }
        return new RecordedFinding(RoundService.View(finding), Replayed: false);
    }

    /// <summary>When the phone says something happened: now if it did not say, and now if its clock runs a little ahead.</summary>
    public static DateTimeOffset DeviceTime(DateTimeOffset? sent, DateTimeOffset now)
    {
        var at = sent?.ToUniversalTime() ?? now;
        return at > now && at <= now + ClockSkew ? now : at;
    }

    private Dictionary<string, string[]> Check(FindingRequest request, Round round, DateTimeOffset foundAt, DateTimeOffset now)
    {
        var area = districts.ServiceArea;
        var errors = ObservationRules.Check(request.Lat!.Value, request.Lon!.Value, foundAt, null, request.Count, request.Text,
            new LonLatBox(area.MinX, area.MinY, area.MaxX, area.MaxY), now);
        if (errors.Remove("occurredFrom", out var timeError))
            errors["foundAt"] = timeError;
        if (foundAt < Stockholm.StartOfDay(round.Date))
            errors["foundAt"] = [$"foundAt is before the day of the round ({round.Date:yyyy-MM-dd})."];
        if (FindingRules.CheckCount(request.Category!.Value, request.Count) is { } countError)
            errors["count"] = [countError];
        return errors;
    }

    private static Outcome<RecordedFinding> Replay(Finding earlier, Round round, string hash) =>
        earlier.RoundId != round.Id || earlier.RequestHash != hash
            ? new Outcome<RecordedFinding>.KeyReused("This Idempotency-Key was already used for a different finding.")
            : new RecordedFinding(RoundService.View(earlier), Replayed: true);

    private Task<Finding?> FindByKeyAsync(int userId, string key, CancellationToken ct) =>
        db.Findings.AsNoTracking().SingleOrDefaultAsync(f => f.CreatedById == userId && f.IdempotencyKey == key, ct);

    /// <summary>When the site's previous round was completed: since then its yard was seen.</summary>
    private Task<DateTimeOffset?> PreviousRoundAsync(Round round, CancellationToken ct) =>
        db.Rounds.AsNoTracking()
            .Where(r => r.SiteId == round.SiteId && r.Date < round.Date && r.CompletedAt != null)
            .OrderByDescending(r => r.Date).Select(r => r.CompletedAt).FirstOrDefaultAsync(ct);

    /// <summary>A finding of a round the user may see.</summary>
    public async Task<Finding?> FindingAsync(long roundId, long findingId, CurrentUser user, CancellationToken ct) =>
        await rounds.FindAsync(roundId, user, ct) is null
            ? null
            : await db.Findings.SingleOrDefaultAsync(f => f.Id == findingId && f.RoundId == roundId, ct);
}
