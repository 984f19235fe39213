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

/// <summary>
/// Records what a round finds: the finding and the observation it becomes, in one transaction. The same
/// Idempotency-Key from the same user gives back the first finding, also when two retries race.
/// </summary>
public sealed class FindingRecorder(LagesbildDb db, RoundService rounds, SchoolYear schoolYear, ObservationWriter observations, DistrictCatalog districts, ChildSafetyAlerts alerts, TimeProvider time)
{
    /// <summary>A phone's clock may run a little ahead; a find this far in the future is taken as found now.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(15);

    public async Task<Outcome<Written<FindingView>>> RecordAsync(long roundId, FindingRequest request, string? idempotencyKey, CurrentUser user, CancellationToken ct)
    {
        var round = await rounds.FindAsync(roundId, user, ct);
        if (round is null)
            return new Outcome<Written<FindingView>>.Missing();
        var hash = Idempotency.Hash(request);
        var write = new KeyedWrite<Finding, Written<FindingView>>(db, idempotencyKey)
        {
            FindEarlier = key => db.Findings.AsNoTracking().SingleOrDefaultAsync(f => f.CreatedById == user.Id && f.IdempotencyKey == key, ct),
            IsSameRequest = earlier => earlier.RoundId == round.Id && earlier.RequestHash == hash,
            Replay = earlier => Task.FromResult<Outcome<Written<FindingView>>>(new Written<FindingView>(RoundService.View(earlier), Replayed: true)),
            ReusedReason = "This Idempotency-Key was already used for a different finding.",
        };
        return await write.RunAsync(async () =>
        {
            var now = time.GetUtcNow();
            var foundAt = DeviceTime(request.FoundAt, now);
            if (RoundService.CheckAct(round, user, RoundTransitions.CanRecord(round.Status, foundAt, round.CompletedAt), foundAt) is { } refusal)
                return refusal.As<Written<FindingView>>();
            if (Check(request, round, foundAt, now) is { Count: > 0 } errors)
                return new Outcome<Written<FindingView>>.Invalid(errors);
            var (finding, observation) = await BuildAsync(round, request, foundAt, now, user, ct);
            finding.IdempotencyKey = write.Key;
            finding.RequestHash = hash;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Observations.Add(observation);
            await db.SaveChangesAsync(ct);
            finding.ObservationId = observation.Id;
            db.Findings.Add(finding);
            await db.SaveChangesAsync(ct);
            // A syringe left in the yard is told at once, and only if the finding is written: same transaction.
            if (FindingRules.NeedsAlert(finding.Category, finding.RemovedSafely))
            {
                await alerts.AddNotRemovedAsync(round, finding, ct);
                await db.SaveChangesAsync(ct);
            }
            await rounds.MarkStartedAsync(round.Id, user, ct);
            await transaction.CommitAsync(ct);
            return new Written<FindingView>(RoundService.View(finding), Replayed: false);
        });
    }

    /// <summary>The finding, and the observation it becomes over the hours since the yard was last seen.</summary>
    private async Task<(Finding Finding, Observation Observation)> BuildAsync(Round round, FindingRequest request, DateTimeOffset foundAt, DateTimeOffset now, CurrentUser user, CancellationToken ct)
    {
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
        };
        return (finding, observation);
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
