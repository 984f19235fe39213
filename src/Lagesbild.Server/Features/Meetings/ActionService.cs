using System.Globalization;
using Lagesbild.Core.Meetings;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Privacy;
using Lagesbild.Core.Validation;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Measures;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Meetings;

/// <summary>Actions agreed in samverkan: recorded by a coordinator, moved on by their owner organisation, with their history.</summary>
public sealed class ActionService(LagesbildDb db, DistrictCatalog districts, ActionViews views, MeasureService measures, TimeProvider time, AuditTrail audit)
{
    private const string ReadersOnly = "Actions are read by the organisations in samverkan: coordinators, the police, social services, analysts, administrators, school managers and control rooms.";

    /// <summary>The actions, open ones only or all, of one owner organisation or all; the earliest due first.</summary>
    public async Task<Outcome<List<ActionView>>> ListAsync(bool openOnly, int? owner, CurrentUser user, CancellationToken ct)
    {
        if (!MeetingRules.CanReadMeetings(user.Roles))
            return new Outcome<List<ActionView>>.Refused(ReadersOnly);
        var query = db.AgreedActions.AsNoTracking().Include(a => a.History).AsQueryable();
        if (openOnly)
            query = query.Where(a => a.Status == ActionStatus.Open);
        if (owner is { } organisation)
            query = query.Where(a => a.OwnerOrganisationId == organisation);
        var actions = await query.OrderBy(a => a.Due).ThenBy(a => a.Id).Take(1000).ToListAsync(ct);
        if (actions.Count > 0)
        {
            audit.Add(user, "read", "actions", null, Classification.Internal, actions.Count);
            await audit.SaveAsync(ct);
        }
        return await views.ViewsAsync(actions, ct);
    }

    public async Task<Outcome<ActionView>> GetAsync(int id, CurrentUser user, CancellationToken ct)
    {
        if (await db.AgreedActions.AsNoTracking().Include(a => a.History).FirstOrDefaultAsync(a => a.Id == id, ct) is not { } action)
            return new Outcome<ActionView>.Missing();
        if (!MeetingRules.CanReadMeetings(user.Roles))
            return new Outcome<ActionView>.Refused(ReadersOnly);
        audit.Add(user, "read", nameof(AgreedAction), ActionViews.Key(id), Classification.Internal);
        await audit.SaveAsync(ct);
        return (await views.ViewsAsync([action], ct))[0];
    }

    /// <summary>Records an action; a retry with the same Idempotency-Key and body answers the first.</summary>
    public async Task<Outcome<ActionView>> CreateAsync(ActionRequest request, CurrentUser user, CancellationToken ct, string? idempotencyKey = null)
    {
        if (!MeetingRules.CanKeepMeetings(user.Roles))
            return new Outcome<ActionView>.Refused("Coordinators record the actions agreed in samverkan.");
        var hash = Idempotency.Hash(request);
        var write = new KeyedWrite<AgreedAction, ActionView>(db, idempotencyKey)
        {
            FindEarlier = key => db.AgreedActions.AsNoTracking().SingleOrDefaultAsync(a => a.CreatedById == user.Id && a.IdempotencyKey == key, ct),
            IsSameRequest = earlier => earlier.RequestHash == hash,
            Replay = earlier => GetAsync(earlier.Id, user, ct),
            ReusedReason = "This Idempotency-Key was already used for a different action.",
        };
        return await write.RunAsync(async () =>
        {
            var now = time.GetUtcNow();
            var refusals = new Refusals();
            if (MeetingService.CheckText(request.Text, "text") is { } text)
                refusals.Add(text);
            if (request.OwnerOrganisation is not { } owner)
                refusals.Add("ownerOrganisation", RefusalCodes.Required, "ownerOrganisation is required: the id of the organisation that owns the action.");
            else if (!await db.Organisations.AnyAsync(o => o.Id == owner, ct))
                refusals.Add("ownerOrganisation", RefusalCodes.NotFound, "No organisation has this id.");
            if (request.Due is not { } due)
                refusals.Add("due", RefusalCodes.Required, "due is required (a date, yyyy-MM-dd).");
            else if (MeetingRules.CheckDue(due, now) is { } dueRefused)
                refusals.Add(dueRefused);
            var area = await AreaAsync(request, refusals, ct);
            if (refusals.Count > 0)
                return Outcome<ActionView>.Because(refusals);
            var action = new AgreedAction
            {
                Text = request.Text!.Trim(),
                OwnerOrganisationId = request.OwnerOrganisation!.Value,
                Due = request.Due!.Value,
                OverdueAt = MeetingRules.OverdueFrom(request.Due!.Value),
                Status = ActionStatus.Open,
                SceneId = request.Scene,
                SiteId = request.Site,
                MeasureId = request.Measure,
                MeetingId = area.MeetingId,
                DecisionId = request.Decision,
                DistrictId = area.DistrictId,
                Borough = area.Borough,
                CreatedAt = now,
                UpdatedAt = now,
                CreatedById = user.Id,
                IdempotencyKey = write.Key,
                RequestHash = hash,
                History = [new AgreedActionStep { Status = ActionStatus.Open, At = now, ById = user.Id, ByName = user.Name }],
            };
            db.AgreedActions.Add(action);
            await db.SaveAuditedAsync(audit, () => audit.Add(user, "create", nameof(AgreedAction), ActionViews.Key(action.Id), Classification.Internal,
                detail: $"owner {ActionViews.Key(action.OwnerOrganisationId)}, due {action.Due:yyyy-MM-dd}"), ct);
            return (await views.ViewsAsync([action], ct))[0];
        });
    }

    /// <summary>
    /// The action's area: its meeting's; else the district of its scene, site or measure; else the city. Unknown ids,
    /// and a decision of another meeting, are refused.
    /// </summary>
    private async Task<(int? DistrictId, string? Borough, int? MeetingId)> AreaAsync(ActionRequest request, Refusals refusals, CancellationToken ct)
    {
        int? district = null;
        if (request.Scene is { } sceneId)
        {
            if (await db.Scenes.AsNoTracking().Where(s => s.Id == sceneId).Select(s => new { s.DistrictId }).FirstOrDefaultAsync(ct) is { } scene)
                district = scene.DistrictId;
            else
                refusals.Add("scene", RefusalCodes.NotFound, "No scene has this id.");
        }
        if (request.Site is { } siteId)
        {
            if (await db.Sites.AsNoTracking().Where(s => s.Id == siteId).Select(s => new { s.DistrictId }).FirstOrDefaultAsync(ct) is { } site)
                district ??= site.DistrictId;
            else
                refusals.Add("site", RefusalCodes.NotFound, "No site has this id.");
        }
        if (request.Measure is { } measureId)
        {
            if (await measures.GetAsync(measureId, ct) is { } measure)
                district ??= measure.Properties.DistrictId;
            else
                refusals.Add("measure", RefusalCodes.NotFound, "No measure has this id.");
        }
        int? decisionMeeting = null;
        if (request.Decision is { } decisionId)
        {
            decisionMeeting = await db.MeetingDecisions.Where(d => d.Id == decisionId).Select(d => (int?)d.MeetingId).FirstOrDefaultAsync(ct);
            if (decisionMeeting is null || (request.Meeting is { } given && given != decisionMeeting))
                refusals.Add("decision", RefusalCodes.NotFound, "No decision has this id (at this meeting).");
        }
        if ((request.Meeting ?? decisionMeeting) is { } id)
        {
            if (await db.Meetings.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) is { } meeting)
                return (meeting.DistrictId, meeting.Borough ?? (meeting.DistrictId is { } md ? districts.BoroughOf(md) : null), id);
            refusals.Add("meeting", RefusalCodes.NotFound, "No meeting has this id.");
        }
        return (district, district is { } known ? districts.BoroughOf(known) : null, null);
    }

    /// <summary>Moves an action to Open, Done or Cancelled with a note, kept in its history; a retry with the same Idempotency-Key and body answers the first.</summary>
    public async Task<Outcome<ActionView>> UpdateAsync(int id, ActionUpdate update, CurrentUser user, CancellationToken ct, string? idempotencyKey = null)
    {
        if (await db.AgreedActions.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) is not { } current)
            return new Outcome<ActionView>.Missing();
        if (!MeetingRules.CanUpdateAction(user.Roles, user.OrganisationId, current.OwnerOrganisationId))
            return new Outcome<ActionView>.Refused("An action is moved on by its owner organisation or a coordinator.");
        var hash = Idempotency.Hash(new { id, update });
        var write = new KeyedWrite<AgreedActionStep, ActionView>(db, idempotencyKey)
        {
            FindEarlier = key => db.AgreedActionSteps.AsNoTracking().SingleOrDefaultAsync(s => s.ById == user.Id && s.IdempotencyKey == key, ct),
            IsSameRequest = earlier => earlier.RequestHash == hash,
            Replay = earlier => GetAsync(earlier.ActionId, user, ct),
            ReusedReason = "This Idempotency-Key was already used for a different change.",
        };
        return await write.RunAsync(async () =>
        {
            var refusals = new Refusals();
            if (update.Status is not { } status || !Enum.IsDefined(status))
                refusals.Add("status", RefusalCodes.Required, "status is required: Open, Done or Cancelled.");
            else if (MeetingRules.CheckMove(current.Status, status, update.Note) is { } move)
                refusals.Add(move);
            if (update.Note is { Length: > MeetingRules.MaxNote })
                refusals.Add("note", RefusalCodes.TooLong, $"note must be at most {MeetingRules.MaxNote:N0} characters.", MeetingRules.MaxNote);
            else if (PersonalNumbers.Contains(update.Note))
                refusals.Add("note", RefusalCodes.PersonalNumber, "The note contains what looks like a personal identity number (personnummer).");
            if (refusals.Count > 0)
                return Outcome<ActionView>.Because(refusals);
            var now = time.GetUtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Conditional on the status read, so that two changes at once cannot both pass the rule.
            var changed = await db.AgreedActions.Where(a => a.Id == id && a.Status == current.Status)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, update.Status!.Value).SetProperty(a => a.UpdatedAt, now), ct);
            if (changed == 0)
                return Outcome<ActionView>.ConflictAt(new Refusal("status", RefusalCodes.NotAllowed, "The action changed meanwhile; read it again.", [current.Status, update.Status!.Value]));
            db.AgreedActionSteps.Add(new AgreedActionStep
            {
                ActionId = id,
                Status = update.Status!.Value,
                Note = string.IsNullOrWhiteSpace(update.Note) ? null : update.Note.Trim(),
                At = now,
                ById = user.Id,
                ByName = user.Name,
                IdempotencyKey = write.Key,
                RequestHash = hash,
            });
            audit.Add(user, "update", nameof(AgreedAction), ActionViews.Key(id), Classification.Internal, detail: $"{current.Status} -> {update.Status}");
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return await GetAsync(id, user, ct);
        });
    }
}
