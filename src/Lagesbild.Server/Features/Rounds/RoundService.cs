using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lagesbild.Core.Access;
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
/// Rounds as the school sees them: today's list, walking a round, findings (each also an observation of the
/// picture) and completion. Every action checks that the round's site is the user's to see and act on.
/// </summary>
public sealed class RoundService(LagesbildDb db, RoundPlanner planner, SchoolYear schoolYear, ObservationWriter observations, DistrictCatalog districts, TimeProvider time)
{
    public DateOnly Today => DateOnly.FromDateTime(Stockholm.ToLocal(time.GetUtcNow()));

    public async Task<IReadOnlyList<RoundSummary>> ListAsync(DateOnly date, int? siteId, CurrentUser user, CancellationToken ct)
    {
        // Today's and tomorrow's rounds exist even before the worker's next pass.
        if (date >= Today && date <= Today.AddDays(1))
            await planner.PlanAsync(date, ct);
        var sites = db.Sites.AsNoTracking().VisibleTo(user);
        if (siteId is { } id)
            sites = sites.Where(s => s.Id == id);
        var rounds = await db.Rounds.AsNoTracking().Include(r => r.Site)
            .Where(r => r.Date == date && sites.Any(s => s.Id == r.SiteId))
            .ToListAsync(ct);
        var counts = await FindingCountsAsync(rounds.Select(r => r.Id).ToList(), ct);
        return rounds.OrderBy(r => r.Deadline).ThenBy(r => r.Site!.Name, StringComparer.Ordinal)
            .Select(r => Summary(r, counts.GetValueOrDefault(r.Id))).ToList();
    }

    /// <summary>A site's rounds over the last days, newest first.</summary>
    public async Task<IReadOnlyList<RoundSummary>> HistoryAsync(int siteId, int days, CurrentUser user, CancellationToken ct)
    {
        var since = Today.AddDays(-days);
        var rounds = await db.Rounds.AsNoTracking().Include(r => r.Site)
            .Where(r => r.SiteId == siteId && r.Date >= since && db.Sites.VisibleTo(user).Any(s => s.Id == r.SiteId))
            .OrderByDescending(r => r.Date).ToListAsync(ct);
        var counts = await FindingCountsAsync(rounds.Select(r => r.Id).ToList(), ct);
        return rounds.Select(r => Summary(r, counts.GetValueOrDefault(r.Id))).ToList();
    }

    public async Task<RoundDetail?> GetAsync(long id, CurrentUser user, CancellationToken ct)
    {
        var round = await FindAsync(id, user, tracking: false, ct);
        return round is null ? null : Detail(round);
    }

    public async Task<Outcome<RoundDetail>> StartAsync(long id, CurrentUser user, CancellationToken ct)
    {
        var round = await FindAsync(id, user, tracking: true, ct);
        if (round is null)
            return new Outcome<RoundDetail>.Missing();
        if (CheckAct(round, user, RoundTransitions.CanStart(round.Status)) is { } refusal)
            return refusal.As<RoundDetail>();
        Start(round, user);
        await db.SaveChangesAsync(ct);
        return Detail(round);
    }

    public async Task<Outcome<RecordedFinding>> RecordFindingAsync(long id, FindingRequest request, string? idempotencyKey, CurrentUser user, CancellationToken ct)
    {
        var round = await FindAsync(id, user, tracking: true, ct);
        if (round is null)
            return new Outcome<RecordedFinding>.Missing();
        var hash = Hash(request);
        if (!string.IsNullOrEmpty(idempotencyKey) && await FindByKeyAsync(user.Id, idempotencyKey, ct) is { } earlier)
            return Replay(earlier, round, hash);
        if (CheckAct(round, user, RoundTransitions.CanRecord(round.Status)) is { } refusal)
            return refusal.As<RecordedFinding>();

        var now = time.GetUtcNow();
        var foundAt = (request.FoundAt ?? now).ToUniversalTime();
        var category = request.Category!.Value;
        var (lat, lon) = (request.Lat!.Value, request.Lon!.Value);
        var area = districts.ServiceArea;
        var errors = ObservationRules.Check(lat, lon, foundAt, null, request.Count, request.Text, new LonLatBox(area.MinX, area.MinY, area.MaxX, area.MaxY), now);
        if (errors.Remove("occurredFrom", out var timeError))
            errors["foundAt"] = timeError;
        if (foundAt < Stockholm.StartOfDay(round.Date))
            errors["foundAt"] = [$"foundAt is before the day of the round ({round.Date:yyyy-MM-dd})."];
        if (FindingRules.CheckCount(category, request.Count) is { } countError)
            errors["count"] = [countError];
        if (errors.Count > 0)
            return new Outcome<RecordedFinding>.Invalid(errors);

        var (from, to) = RoundPlan.FindingInterval(foundAt, RoundPlan.PreviousClosing(schoolYear.ScheduleOf(round.Site!, round.Date.Year), round.Date),
            await PreviousRoundAsync(round, ct));
        var observation = observations.Build(new ObservationRequest(
            FindingRules.ObservationCategoryOf(category), lat, lon, from, to, request.Count ?? 1, Classification.Internal, request.Text), ObservationSource.Round, now);
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
        Start(round, user);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Observations.Add(observation);
            await db.SaveChangesAsync(ct);
            finding.ObservationId = observation.Id;
            db.Findings.Add(finding);
            await db.SaveChangesAsync(ct);
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
        return new RecordedFinding(View(finding), Replayed: false);
    }

    public async Task<Outcome<RoundDetail>> CompleteAsync(long id, CompleteRequest request, string? idempotencyKey, CurrentUser user, CancellationToken ct)
    {
        var round = await FindAsync(id, user, tracking: true, ct);
        if (round is null)
            return new Outcome<RoundDetail>.Missing();
        var key = string.IsNullOrEmpty(idempotencyKey) ? null : $"{user.Id}:{idempotencyKey}:{Hash(request)}";
        if (round.Status == RoundStatus.Completed && key is not null && round.CompletionKey == key)
            return Detail(round);
        if (CheckAct(round, user, round.Status == RoundStatus.Completed ? null : RoundTransitions.CanComplete(round.Status)) is { } refusal)
            return refusal.As<RoundDetail>();
        if (round.Status == RoundStatus.Completed)
            return new Outcome<RoundDetail>.Conflict($"The round was already completed at {round.CompletedAt:O} by {round.CompletedByName}.");

        var checklist = ReadChecklist(round);
        var answers = request.Checklist!;
        if (answers.Length != checklist.Count)
            return Outcome<RoundDetail>.Field("checklist", $"The round's checklist has {checklist.Count} items; {answers.Length} answers were sent.");
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < answers.Length; i++)
        {
            if (Core.Privacy.PersonalNumbers.Contains(answers[i].Note))
                errors[$"checklist[{i}].note"] = ["The note contains what looks like a personal identity number (personnummer)."];
        }
        if (Core.Privacy.PersonalNumbers.Contains(request.Note))
            errors["note"] = ["The note contains what looks like a personal identity number (personnummer)."];
        if (errors.Count > 0)
            return new Outcome<RoundDetail>.Invalid(errors);

        Start(round, user);
        round.Checklist = SiteCalendar.Write(checklist.Select((item, i) => item with { Ok = answers[i].Ok, Note = answers[i].Note?.Trim() }).ToList());
        round.Note = request.Note?.Trim();
        round.Status = RoundStatus.Completed;
        round.CompletedAt = time.GetUtcNow();
        round.CompletedById = user.Id;
        round.CompletedByName = user.Name;
        round.CompletionKey = key;
        await db.SaveChangesAsync(ct);
        return Detail(round);
    }

    public async Task<Finding?> FindingAsync(long roundId, long findingId, CurrentUser user, CancellationToken ct) =>
        await FindAsync(roundId, user, tracking: false, ct) is null
            ? null
            : await db.Findings.SingleOrDefaultAsync(f => f.Id == findingId && f.RoundId == roundId, ct);

    /// <summary>Whether the user may act on the round: walk it (role), on or after its day.</summary>
    public Outcome<bool>? CheckAct(Round round, CurrentUser user, string? stateError)
    {
        if (!Permissions.CanWalkRounds(user.Roles))
            return new Outcome<bool>.Refused("Your role does not walk morning rounds.");
        if (Today < round.Date)
            return new Outcome<bool>.Conflict($"The round of {round.Date:yyyy-MM-dd} can be walked from that day.");
        return stateError is null ? null : new Outcome<bool>.Conflict(stateError);
    }

    private Outcome<RecordedFinding> Replay(Finding earlier, Round round, string hash) =>
        earlier.RoundId != round.Id || earlier.RequestHash != hash
            ? new Outcome<RecordedFinding>.KeyReused("This Idempotency-Key was already used for a different finding.")
            : new RecordedFinding(View(earlier), Replayed: true);

    private void Start(Round round, CurrentUser user)
    {
        if (round.StartedAt is not null)
            return;
        round.StartedAt = time.GetUtcNow();
        round.StartedByName = user.Name;
        if (round.Status == RoundStatus.Due)
            round.Status = RoundStatus.InProgress;
    }

    private async Task<Round?> FindAsync(long id, CurrentUser user, bool tracking, CancellationToken ct)
    {
        var rounds = tracking ? db.Rounds : db.Rounds.AsNoTracking();
        return await rounds.Include(r => r.Site).Include(r => r.Findings)
            .Where(r => r.Id == id && db.Sites.VisibleTo(user).Any(s => s.Id == r.SiteId))
            .SingleOrDefaultAsync(ct);
    }

    private Task<Finding?> FindByKeyAsync(int userId, string key, CancellationToken ct) =>
        db.Findings.AsNoTracking().SingleOrDefaultAsync(f => f.CreatedById == userId && f.IdempotencyKey == key, ct);

    /// <summary>When the site's previous round was completed: since then its yard was seen.</summary>
    private async Task<DateTimeOffset?> PreviousRoundAsync(Round round, CancellationToken ct)
    {
        var previous = await db.Rounds.AsNoTracking()
            .Where(r => r.SiteId == round.SiteId && r.Date < round.Date && r.CompletedAt != null)
            .OrderByDescending(r => r.Date).Select(r => r.CompletedAt).FirstOrDefaultAsync(ct);
        return previous;
    }

    private async Task<Dictionary<long, int>> FindingCountsAsync(List<long> roundIds, CancellationToken ct) =>
        await db.Findings.AsNoTracking().Where(f => roundIds.Contains(f.RoundId))
            .GroupBy(f => f.RoundId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);

    private static List<ChecklistEntry> ReadChecklist(Round round) => SiteCalendar.Read<ChecklistEntry>(round.Checklist);

    public static RoundSummary Summary(Round r, int findings) => new(
        r.Id, r.Date, r.Deadline, r.Status, r.MissedAt is not null || r.CompletedAt > r.Deadline,
        new RoundSite(r.Site!.Id, r.Site.Name, r.Site.Kind, r.Site.Location.Y, r.Site.Location.X, r.Site.Yard),
        findings, r.StartedAt, r.CompletedAt, r.CompletedByName, r.MissedAt);

    private static RoundDetail Detail(Round r) => new(
        Summary(r, r.Findings.Count), ReadChecklist(r), r.Findings.OrderBy(f => f.FoundAt).Select(View).ToList(), r.Note);

    public static FindingView View(Finding f) => new(
        f.Id, f.Category, f.Count, f.Lat, f.Lon, f.RemovedSafely, f.Text, f.MetresOutsideYard, f.MetresOutsideYard > 0, f.FoundAt, f.ObservationId, f.HasPhoto);

    private static string Hash<T>(T request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request))));
}
