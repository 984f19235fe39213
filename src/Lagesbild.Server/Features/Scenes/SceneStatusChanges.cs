using System.Globalization;
using Lagesbild.Core.Access;
using Lagesbild.Core.Privacy;
using Lagesbild.Core.Scenes;
using Lagesbild.Core.Validation;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Scenes;

/// <summary>
/// A scene's status changes, two-party where configured: a change the other party must confirm becomes a proposal
/// that notifies that party's register keepers; confirmed, it enters the history naming proposer and confirmer.
/// </summary>
public sealed class SceneStatusChanges(LagesbildDb db, SceneService scenes, Notifier notifier, AuditTrail audit, TimeProvider time, IOptions<SceneOptions> options)
{
    public const string ProposedKind = "scene.status-proposed";

    public async Task<Outcome<StatusAnswer>> ChangeAsync(int id, StatusRequest request, string? key, CurrentUser user, CancellationToken ct)
    {
        if (!Permissions.CanEditScenes(user.Roles))
            return new Outcome<StatusAnswer>.Refused("Only coordinators, the police and administrators change a scene's status.");
        if (PersonalNumbers.Contains(request.Reason))
            return Outcome<StatusAnswer>.Field("reason", SceneService.PersonalNumberMessage);
        var hash = Idempotency.Hash(new { id, request });
        var write = new KeyedWrite<object, StatusAnswer>(db, key)
        {
            FindEarlier = async k => await db.SceneStatusProposals.AsNoTracking().FirstOrDefaultAsync(p => p.ProposedByUserId == user.Id && p.IdempotencyKey == k, ct) as object
                ?? await db.SceneStatusEntries.AsNoTracking().FirstOrDefaultAsync(h => h.ByUserId == user.Id && h.IdempotencyKey == k, ct),
            IsSameRequest = earlier => (earlier as SceneStatusProposal)?.RequestHash == hash || (earlier as SceneStatusEntry)?.RequestHash == hash,
            Replay = async earlier => earlier is SceneStatusProposal proposal
                ? new StatusAnswer(null, SceneLineageReads.View(proposal, false))
                : new StatusAnswer(await scenes.GetAsync(((SceneStatusEntry)earlier).SceneId, user, ct), null),
            ReusedReason = "This Idempotency-Key was used for another status change.",
        };
        return await write.RunAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var scene = await db.Scenes.Include(s => s.History).SingleOrDefaultAsync(s => s.Id == id, ct);
            if (scene is null)
                return new Outcome<StatusAnswer>.Missing();
            if (await SceneLineageReads.EndedAsync(db, id, ct))
                return Outcome<StatusAnswer>.ConflictAt(SceneLineage.CheckOpen(scene.Status, true, "status")!);
            var now = time.GetUtcNow();
            var at = request.At?.ToUniversalTime() ?? now;
            var status = request.Status!.Value;
            if (SceneLifecycle.CheckChange(SceneService.Changes(scene), status, at, now) is { } refusal)
                return Outcome<StatusAnswer>.Field(refusal);
            var confirmer = StatusConfirmation.ConfirmerOf(options.Value.Confirmation, status, await SceneLineageReads.PartyOfAsync(db, user, ct));
            if (confirmer == Party.None)
            {
                scene.History.Add(new SceneStatusEntry
                {
                    Status = status,
                    At = at,
                    Reason = request.Reason!.Trim(),
                    ByUserId = user.Id,
                    ByName = user.Name,
                    RecordedAt = now,
                    IdempotencyKey = write.Key,
                    RequestHash = hash,
                });
                scene.Status = status;
                scene.UpdatedAt = now;
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return new StatusAnswer(await scenes.GetAsync(id, user, ct), null);
            }
            if (await db.SceneStatusProposals.AnyAsync(p => p.SceneId == id && p.State == ProposalState.Pending, ct))
            {
                return Outcome<StatusAnswer>.ConflictAt(new Refusal("status", RefusalCodes.Pending,
                    "A proposed status change of this scene waits for confirmation: confirm or reject it first."));
            }
            var proposal = new SceneStatusProposal
            {
                SceneId = id,
                Status = status,
                At = at,
                Reason = request.Reason!.Trim(),
                ConfirmingParty = confirmer,
                ProposedByUserId = user.Id,
                ProposedByName = user.Name,
                ProposedByOrganisationId = user.OrganisationId,
                ProposedAt = now,
                State = ProposalState.Pending,
                IdempotencyKey = write.Key,
                RequestHash = hash,
            };
            db.SceneStatusProposals.Add(proposal);
            await db.SaveChangesAsync(ct);
            notifier.Add(Proposed(scene, proposal), await ConfirmersAsync(confirmer, user.OrganisationId, ct));
            audit.AddSceneChange(user, "propose-status", id, $"{status} (proposal {proposal.Id}), confirmed by the {confirmer}");
            await db.SaveChangesAsync(ct);
            await audit.SaveAsync(ct);
            await transaction.CommitAsync(ct);
            return new StatusAnswer(null, SceneLineageReads.View(proposal, false));
        });
    }

    /// <summary>
    /// Confirms (the change enters the history, naming both parties) or rejects a pending proposal. Deciding a proposal
    /// again the same way answers as before; the other way, or after another user decided it, is a conflict.
    /// </summary>
    public async Task<Outcome<Feature<SceneDetail>>> DecideAsync(int id, long proposalId, bool confirm, ProposalDecisionRequest request, CurrentUser user, CancellationToken ct)
    {
        if (PersonalNumbers.Contains(request.Note))
            return Outcome<Feature<SceneDetail>>.Field("note", SceneService.PersonalNumberMessage);
        if (!confirm && string.IsNullOrWhiteSpace(request.Note))
            return Outcome<Feature<SceneDetail>>.Field(new Refusal("note", RefusalCodes.NoteNeeded, "Say why the proposal is rejected."));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var proposal = await db.SceneStatusProposals.SingleOrDefaultAsync(p => p.Id == proposalId && p.SceneId == id, ct);
        var scene = await db.Scenes.Include(s => s.History).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (proposal is null || scene is null)
            return new Outcome<Feature<SceneDetail>>.Missing();
        var decided = confirm ? ProposalState.Confirmed : ProposalState.Rejected;
        if (proposal.State != ProposalState.Pending)
        {
            return proposal.State == decided && proposal.DecidedByUserId == user.Id
                ? (await scenes.GetAsync(id, user, ct))!
                : Outcome<Feature<SceneDetail>>.ConflictAt(new Refusal("proposal", RefusalCodes.Decided,
                    $"The proposal was {proposal.State.ToString().ToLowerInvariant()} by {proposal.DecidedByName}.", [proposal.State, proposal.DecidedByName ?? ""]));
        }
        var party = await SceneLineageReads.PartyOfAsync(db, user, ct);
        if (StatusConfirmation.CheckDecider(proposal.ConfirmingParty, Permissions.CanEditScenes(user.Roles), party, user.OrganisationId, proposal.ProposedByOrganisationId) is { } refusal)
            return new Outcome<Feature<SceneDetail>>.Refused(refusal.Message);
        var now = time.GetUtcNow();
        if (confirm)
        {
            // The scene may have moved on since the proposal: the change must still follow from its history.
            if (await SceneLineageReads.EndedAsync(db, id, ct))
                return Outcome<Feature<SceneDetail>>.ConflictAt(SceneLineage.CheckOpen(scene.Status, true, "proposal")!);
            if (SceneLifecycle.CheckChange(SceneService.Changes(scene), proposal.Status, proposal.At, now, "proposal") is { } stale)
                return Outcome<Feature<SceneDetail>>.ConflictAt(stale with { Field = "proposal" });
            var reason = string.IsNullOrWhiteSpace(request.Note) ? proposal.Reason : $"{proposal.Reason} ({request.Note.Trim()})";
            scene.History.Add(new SceneStatusEntry
            {
                Status = proposal.Status,
                At = proposal.At,
                Reason = reason,
                ByUserId = proposal.ProposedByUserId,
                ByName = proposal.ProposedByName,
                RecordedAt = now,
                ConfirmedByUserId = user.Id,
                ConfirmedByName = user.Name,
                ConfirmedAt = now,
                ProposalId = proposal.Id,
            });
            scene.Status = proposal.Status;
            scene.UpdatedAt = now;
        }
        proposal.State = decided;
        proposal.DecidedByUserId = user.Id;
        proposal.DecidedByName = user.Name;
        proposal.DecidedAt = now;
        proposal.DecisionNote = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        await db.SaveChangesAsync(ct);
        audit.AddSceneChange(user, confirm ? "confirm-status" : "reject-status", id, $"{proposal.Status} (proposal {proposal.Id}) proposed by {proposal.ProposedByName}");
        await audit.SaveAsync(ct);
        await transaction.CommitAsync(ct);
        return (await scenes.GetAsync(id, user, ct))!;
    }

    /// <summary>The confirming party's register keepers, but none of the proposing organisation.</summary>
    private async Task<List<User>> ConfirmersAsync(Party party, int proposerOrganisation, CancellationToken ct)
    {
        var organisations = (await db.Organisations.AsNoTracking().ToListAsync(ct))
            .Where(o => o.Id != proposerOrganisation && StatusConfirmation.PartyOf(o.Kind) == party).Select(o => o.Id).ToList();
        var users = await db.Users.AsNoTracking().Where(u => u.IsActive && organisations.Contains(u.OrganisationId)).ToListAsync(ct);
        return users.Where(u => Permissions.CanEditScenes(u.Roles)).ToList();
    }

    private static Notice Proposed(Scene scene, SceneStatusProposal proposal)
    {
        var date = Core.Time.Stockholm.ToLocal(proposal.At).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var status = proposal.Status.ToString();
        return new Notice(
            ProposedKind,
            $"{proposal.ProposedByName} föreslår att {scene.Name} blir {status} från {date}: bekräfta eller avvisa.",
            new Dictionary<string, string> { ["scene"] = scene.Name, ["status"] = status, ["date"] = date, ["by"] = proposal.ProposedByName },
            $"/scenes/{scene.Id}#proposals",
            new { sceneId = scene.Id, proposalId = proposal.Id, scene = scene.Name, status, at = proposal.At, proposedBy = proposal.ProposedByName, confirmingParty = proposal.ConfirmingParty.ToString() },
            $"Statusändring att bekräfta: {scene.Name}",
            $"{proposal.ProposedByName} föreslår att {scene.Name} får status {status} från {date}. Skäl: {proposal.Reason}\n" +
            $"{proposal.ProposedByName} proposes that {scene.Name} becomes {status} from {date}. Reason: {proposal.Reason}");
    }
}
