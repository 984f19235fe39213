using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Core.Rounds;
using Lagesbild.Core.Time;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Sites;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Rounds;

/// <summary>
/// Rounds as the school sees them: the day's list, one round, starting and completing it. Every action checks
/// that the round's site is the user's to see and act on. State changes are conditional updates, so that the
/// missed-round pass and two phones on one round cannot overwrite each other.
/// </summary>
public sealed class RoundService(LagesbildDb db, RoundPlanner planner, TimeProvider time, AuditTrail audit, Readers readers)
{
    private const string PersonalNumberError = "The note contains what looks like a personal identity number (personnummer).";

    public DateOnly Today => DateOnly.FromDateTime(Stockholm.ToLocal(time.GetUtcNow()));

    public async Task<IReadOnlyList<RoundSummary>> ListAsync(DateOnly date, int? siteId, CurrentUser user, CancellationToken ct)
    {
        // Today's and tomorrow's rounds exist even before the worker's next pass.
        if (date >= Today && date <= Today.AddDays(1))
            await planner.PlanAsync(date, ct);
        var sites = db.Sites.AsNoTracking().OperatedBy(user, db.GuardContracts);
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
            .Where(r => r.SiteId == siteId && r.Date >= since && db.Sites.OperatedBy(user, db.GuardContracts).Any(s => s.Id == r.SiteId))
            .OrderByDescending(r => r.Date).ToListAsync(ct);
        var counts = await FindingCountsAsync(rounds.Select(r => r.Id).ToList(), ct);
        return rounds.Select(r => Summary(r, counts.GetValueOrDefault(r.Id))).ToList();
    }

    public async Task<RoundDetail?> GetAsync(long id, CurrentUser user, CancellationToken ct)
    {
        if (await FindAsync(id, user, ct) is not { } round)
            return null;
        // The night's alarms at the site, with what the guard found: the round looks there first.
        var since = Stockholm.StartOfDay(round.Date).AddHours(-12);
        var alarms = await db.Alarms.AsNoTracking()
            .Where(a => a.SiteId == round.SiteId && a.OpenedAt >= since && a.OpenedAt < Stockholm.StartOfDay(round.Date.AddDays(1)))
            .OrderBy(a => a.OpenedAt).Select(a => new RoundAlert(a.OpenedAt, a.Status, a.Outcome, a.Note)).ToListAsync(ct);
        // Findings' words are a field of their own: the school's own staff, and those who read free text in the city.
        var reader = await readers.OfAsync(user, ct);
        var detail = Detail(round) with { Alarms = alarms };
        if (!reader.CanRead(Core.Observations.Classification.Internal, Core.Access.Field.Text, round.Site!.OrganisationId, round.Site.DistrictId))
        {
            detail = detail with
            {
                Findings = detail.Findings.Select(f => f with { Text = null }).ToList(),
                Alarms = alarms.Select(a => a with { Note = null }).ToList(),
                Checklist = detail.Checklist.Select(c => c with { Note = null }).ToList(),
                Note = null,
            };
        }
        audit.Add(user, "read", nameof(Round), round.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Core.Observations.Classification.Internal,
            detail: $"{round.Findings.Count} findings");
        await audit.SaveAsync(ct);
        return detail;
    }

    public async Task<Outcome<RoundDetail>> StartAsync(long id, CurrentUser user, CancellationToken ct)
    {
        var round = await FindAsync(id, user, ct);
        if (round is null)
            return new Outcome<RoundDetail>.Missing();
        if (CheckAct(round, user, RoundTransitions.CanStart(round.Status), time.GetUtcNow()) is { } refusal)
            return refusal.As<RoundDetail>();
        await MarkStartedAsync(round.Id, user, ct);
        return Detail((await FindAsync(id, user, ct))!);
    }

    public async Task<Outcome<RoundDetail>> CompleteAsync(long id, CompleteRequest request, string? idempotencyKey, CurrentUser user, CancellationToken ct)
    {
        var round = await FindAsync(id, user, ct);
        if (round is null)
            return new Outcome<RoundDetail>.Missing();
        // The round keeps its completion's key as "user:key:hash of the request".
        var hash = Idempotency.Hash(request);
        var write = new KeyedWrite<Round, RoundDetail>(db, idempotencyKey)
        {
            FindEarlier = async key => await FindAsync(id, user, ct) is { CompletionKey: { } stored } completed
                && stored[..stored.LastIndexOf(':')] == $"{user.Id}:{key}" ? completed : null,
            IsSameRequest = earlier => earlier.CompletionKey!.EndsWith($":{hash}", StringComparison.Ordinal),
            Replay = earlier => Task.FromResult<Outcome<RoundDetail>>(Detail(earlier)),
            ReusedReason = "This Idempotency-Key was already used for another completion of this round.",
            // Another phone completed it a moment earlier.
            LostRace = async () => CompletedAlready((await FindAsync(id, user, ct))!, user),
        };
        return await write.RunAsync(async () =>
        {
            if (round.Status == RoundStatus.Completed)
                return CompletedAlready(round, user);
            var now = time.GetUtcNow();
            var completedAt = FindingRecorder.DeviceTime(request.CompletedAt, now);
            if (completedAt > now || completedAt < Stockholm.StartOfDay(round.Date))
                return Outcome<RoundDetail>.Field("completedAt", $"completedAt must lie on the day of the round ({round.Date:yyyy-MM-dd}) and not in the future.");
            if (CheckAct(round, user, RoundTransitions.CanComplete(round.Status), completedAt) is { } refusal)
                return refusal.As<RoundDetail>();
            var checklist = ReadChecklist(round);
            if (CheckAnswers(request, checklist) is { } invalid)
                return invalid;
            var answered = RoundChecklist.Write(checklist.Select((item, i) => item with { Ok = request.Checklist![i].Ok, Note = request.Checklist[i].Note?.Trim() }).ToList());
            var note = request.Note?.Trim();
            var key = write.Key is null ? null : $"{user.Id}:{write.Key}:{hash}";
            var changed = await db.Rounds.Where(r => r.Id == id && r.Status != RoundStatus.Completed).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Checklist, answered)
                .SetProperty(r => r.Note, note)
                .SetProperty(r => r.Status, RoundStatus.Completed)
                .SetProperty(r => r.CompletedAt, completedAt)
                .SetProperty(r => r.CompletedById, user.Id)
                .SetProperty(r => r.CompletedByName, user.Name)
                .SetProperty(r => r.CompletionKey, key)
                .SetProperty(r => r.StartedAt, r => r.StartedAt ?? completedAt)
                .SetProperty(r => r.StartedByName, r => r.StartedByName ?? user.Name), ct);
            if (changed == 0)
                return null;
            return Detail((await FindAsync(id, user, ct))!);
        });
    }

    private static Outcome<RoundDetail>? CheckAnswers(CompleteRequest request, List<ChecklistEntry> checklist)
    {
        var answers = request.Checklist!;
        if (answers.Length != checklist.Count)
            return Outcome<RoundDetail>.Field("checklist", $"The round's checklist has {checklist.Count} items; {answers.Length} answers were sent.");
        var errors = new Dictionary<string, string[]>();
        foreach (var i in ChecklistAnswers.WithoutNote([.. answers.Select(a => (a.Ok, a.Note))]))
            errors[$"checklist[{i}].note"] = ["An item that is not OK needs a note saying what is wrong."];
        for (var i = 0; i < answers.Length; i++)
        {
            if (Core.Privacy.PersonalNumbers.Contains(answers[i].Note))
                errors[$"checklist[{i}].note"] = [PersonalNumberError];
        }
        if (Core.Privacy.PersonalNumbers.Contains(request.Note))
            errors["note"] = [PersonalNumberError];
        return errors.Count > 0 ? new Outcome<RoundDetail>.Invalid(errors) : null;
    }

    /// <summary>A round completed by another request: a conflict for those who walk rounds.</summary>
    private static Outcome<RoundDetail> CompletedAlready(Round round, CurrentUser user) =>
        Permissions.CanWalkRounds(user.Roles)
            ? new Outcome<RoundDetail>.Conflict($"The round was already completed at {round.CompletedAt:O} by {round.CompletedByName}.")
            : new Outcome<RoundDetail>.Refused("Your role does not walk morning rounds.");

    /// <summary>Marks a round started, once: a due round becomes in progress; a missed one stays missed.</summary>
    public async Task MarkStartedAsync(long roundId, CurrentUser user, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await db.Rounds.Where(r => r.Id == roundId && r.StartedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.StartedAt, now).SetProperty(r => r.StartedByName, user.Name), ct);
        await db.Rounds.Where(r => r.Id == roundId && r.Status == RoundStatus.Due)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RoundStatus.InProgress), ct);
    }

    /// <summary>
    /// Whether the user may act on the round at an instant (now, or when the phone did it): walk rounds (role),
    /// and on the round's own day, Stockholm time.
    /// </summary>
    public static Outcome<bool>? CheckAct(Round round, CurrentUser user, string? stateError, DateTimeOffset at)
    {
        if (!Permissions.CanWalkRounds(user.Roles))
            return new Outcome<bool>.Refused("Your role does not walk morning rounds.");
        var day = DateOnly.FromDateTime(Stockholm.ToLocal(at));
        if (day != round.Date)
        {
            return new Outcome<bool>.Conflict(day < round.Date
                ? $"The round of {round.Date:yyyy-MM-dd} can be walked from that day."
                : $"The round of {round.Date:yyyy-MM-dd} was for that day and can no longer be walked.");
        }
        return stateError is null ? null : new Outcome<bool>.Conflict(stateError);
    }

    /// <summary>The round, if its site is one the user may see; read fresh, never tracked.</summary>
    public async Task<Round?> FindAsync(long id, CurrentUser user, CancellationToken ct) =>
        await db.Rounds.AsNoTracking().Include(r => r.Site).Include(r => r.Findings)
            .Where(r => r.Id == id && db.Sites.OperatedBy(user, db.GuardContracts).Any(s => s.Id == r.SiteId))
            .SingleOrDefaultAsync(ct);

    private async Task<Dictionary<long, int>> FindingCountsAsync(List<long> roundIds, CancellationToken ct) =>
        await db.Findings.AsNoTracking().Where(f => roundIds.Contains(f.RoundId))
            .GroupBy(f => f.RoundId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);

    private static List<ChecklistEntry> ReadChecklist(Round round) => RoundChecklist.Read(round.Checklist);

    /// <summary>Late: completed after the deadline, or not completed and missed.</summary>
    public static RoundSummary Summary(Round r, int findings) => new(
        r.Id, r.Date, r.Deadline, r.Status, r.CompletedAt is { } completed ? completed > r.Deadline : r.MissedAt is not null,
        new RoundSite(r.Site!.Id, r.Site.Name, r.Site.Kind, r.Site.Location.Y, r.Site.Location.X, r.Site.Yard),
        findings, r.StartedAt, r.CompletedAt, r.CompletedByName, r.MissedAt);

    private static RoundDetail Detail(Round r) => new(
        Summary(r, r.Findings.Count), ReadChecklist(r), r.Findings.OrderBy(f => f.FoundAt).Select(View).ToList(), r.Note);

    public static FindingView View(Finding f) => new(
        f.Id, f.Category, f.Count, f.Lat, f.Lon, f.RemovedSafely, f.Text, f.MetresOutsideYard, f.MetresOutsideYard > 0, f.FoundAt, f.ObservationId, f.HasPhoto);
}
