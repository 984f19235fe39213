using System.Globalization;
using Lagesbild.Core.Access;
using Lagesbild.Core.Meetings;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Privacy;
using Lagesbild.Core.Time;
using Lagesbild.Core.Validation;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Reports;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Meetings;

/// <summary>Samverkan meetings: called by a coordinator for an area, with an agenda made for each reader, and their decisions.</summary>
public sealed class MeetingService(LagesbildDb db, DistrictCatalog districts, ActionViews views, WeeklyReportService reports, TimeProvider time, AuditTrail audit)
{
    private const string ReadersOnly = "Meetings are read by the organisations in samverkan: coordinators, the police, social services, analysts, administrators, school managers and control rooms.";
    private const string KeepersOnly = "Coordinators call meetings and record their decisions and actions.";

    public async Task<Outcome<List<MeetingSummary>>> ListAsync(CurrentUser user, CancellationToken ct)
    {
        if (!MeetingRules.CanReadMeetings(user.Roles))
            return new Outcome<List<MeetingSummary>>.Refused(ReadersOnly);
        var meetings = await db.Meetings.AsNoTracking().OrderByDescending(m => m.At).ThenByDescending(m => m.Id).Take(500)
            .Select(m => new { m.Id, m.At, m.DistrictId, m.Borough, Decisions = m.Decisions.Count, Actions = db.AgreedActions.Count(a => a.MeetingId == m.Id) })
            .ToListAsync(ct);
        if (meetings.Count > 0)
        {
            audit.Add(user, "read", "meetings", null, Classification.Internal, meetings.Count);
            await audit.SaveAsync(ct);
        }
        return meetings.Select(m => new MeetingSummary(m.Id, m.At, KindOf(m.DistrictId, m.Borough), views.AreaName(m.DistrictId, m.Borough), m.DistrictId, m.Borough, m.Decisions, m.Actions)).ToList();
    }

    /// <summary>A meeting with its agenda for this reader: the actions due, the weekly picture as the reader's role may see it, the other open actions.</summary>
    public async Task<Outcome<MeetingView>> GetAsync(int id, CurrentUser user, CancellationToken ct)
    {
        if (await db.Meetings.AsNoTracking().Include(m => m.Decisions).FirstOrDefaultAsync(m => m.Id == id, ct) is not { } meeting)
            return new Outcome<MeetingView>.Missing();
        if (!MeetingRules.CanReadMeetings(user.Roles))
            return new Outcome<MeetingView>.Refused(ReadersOnly);
        var week = IsoWeekId.LastComplete(meeting.At);
        WeeklyReport? picture = null;
        string? notShown = null;
        if (Permissions.CanAnalyse(user.Roles))
        {
            var report = await reports.BuildAsync(week, meeting.DistrictId, user, ct, meeting.Borough);
            picture = (report as Outcome<WeeklyReport>.Done)?.Value;
        }
        else
        {
            notShown = "The weekly picture counts observations, which the reader's role does not see; the actions are shown.";
        }
        var (due, other) = await AgendaActionsAsync(meeting, ct);
        var agreed = await db.AgreedActions.AsNoTracking().Include(a => a.History).Where(a => a.MeetingId == id).OrderBy(a => a.Id).ToListAsync(ct);
        audit.Add(user, "read", nameof(Meeting), ActionViews.Key(id), Classification.Internal);
        await audit.SaveAsync(ct);
        return new MeetingView(meeting.Id, meeting.At, KindOf(meeting.DistrictId, meeting.Borough), views.AreaName(meeting.DistrictId, meeting.Borough),
            meeting.DistrictId, meeting.Borough, week.ToString(), meeting.CreatedAt, new AgendaView(due, picture, notShown, other),
            meeting.Decisions.OrderBy(d => d.RecordedAt).ThenBy(d => d.Id).Select(d => new DecisionView(d.Id, d.Text, d.RecordedAt)).ToList(),
            await views.ViewsAsync(agreed, ct));
    }

    /// <summary>The actions of the meeting's area that were open when it began, due ones first (<see cref="MeetingRules.Agenda"/>).</summary>
    private async Task<(List<AgendaItem> Due, List<AgendaItem> Other)> AgendaActionsAsync(Meeting meeting, CancellationToken ct)
    {
        var query = db.AgreedActions.AsNoTracking().Include(a => a.History).Where(a => a.CreatedAt <= meeting.At);
        query = meeting.DistrictId is { } district ? query.Where(a => a.DistrictId == district)
            : meeting.Borough is { } borough ? query.Where(a => a.Borough == borough)
            : query;
        var actions = (await query.ToListAsync(ct))
            .Where(a => MeetingRules.StatusAt(a.History.Select(h => new ActionStep(h.Status, h.At)), meeting.At) == ActionStatus.Open)
            .ToList();
        var shown = (await views.ViewsAsync(actions, ct)).ToDictionary(v => v.Id);
        var lines = MeetingRules.Agenda(shown.Values.Select(v => new AgendaAction(v.Id, v.Due, v.Owner)), meeting.At)
            .Select(l => new AgendaItem(shown[l.Action.Id], l.Due, l.Overdue)).ToList();
        return (lines.Where(l => l.Due).ToList(), lines.Where(l => !l.Due).ToList());
    }

    /// <summary>Calls a meeting; a retry with the same Idempotency-Key and body answers the first.</summary>
    public async Task<Outcome<MeetingView>> CreateAsync(MeetingRequest request, CurrentUser user, CancellationToken ct, string? idempotencyKey = null)
    {
        if (!MeetingRules.CanKeepMeetings(user.Roles))
            return new Outcome<MeetingView>.Refused(KeepersOnly);
        var hash = Idempotency.Hash(request);
        var write = new KeyedWrite<Meeting, MeetingView>(db, idempotencyKey)
        {
            FindEarlier = key => db.Meetings.AsNoTracking().SingleOrDefaultAsync(m => m.CreatedById == user.Id && m.IdempotencyKey == key, ct),
            IsSameRequest = earlier => earlier.RequestHash == hash,
            Replay = earlier => GetAsync(earlier.Id, user, ct),
            ReusedReason = "This Idempotency-Key was already used for a different meeting.",
        };
        return await write.RunAsync(async () =>
        {
            var refusals = new Refusals();
            var now = time.GetUtcNow();
            if (request.At is not { } at)
                refusals.Add("at", RefusalCodes.Required, "at is required.");
            else if (MeetingRules.CheckMeetingTime(at, now) is { } when)
                refusals.Add(when);
            var area = ResolveArea(request.Area);
            if (area is null)
                refusals.Add("area", RefusalCodes.NotFound, "area must be a district's or a borough's name, or Stockholm (or nothing) for the whole city.");
            if (refusals.Count > 0)
                return Outcome<MeetingView>.Because(refusals);
            var meeting = new Meeting
            {
                At = request.At!.Value.ToUniversalTime(),
                DistrictId = area!.Value.DistrictId,
                Borough = area.Value.Borough,
                CreatedAt = now,
                CreatedById = user.Id,
                IdempotencyKey = write.Key,
                RequestHash = hash,
            };
            db.Meetings.Add(meeting);
            await db.SaveAuditedAsync(audit, () => audit.Add(user, "create", nameof(Meeting), ActionViews.Key(meeting.Id), Classification.Internal,
                detail: views.AreaName(meeting.DistrictId, meeting.Borough)), ct);
            return await GetAsync(meeting.Id, user, ct);
        });
    }

    /// <summary>Records a decision of a meeting; a retry with the same Idempotency-Key and body answers the first.</summary>
    public async Task<Outcome<DecisionView>> DecideAsync(int meetingId, DecisionRequest request, CurrentUser user, CancellationToken ct, string? idempotencyKey = null)
    {
        if (!await db.Meetings.AnyAsync(m => m.Id == meetingId, ct))
            return new Outcome<DecisionView>.Missing();
        if (!MeetingRules.CanKeepMeetings(user.Roles))
            return new Outcome<DecisionView>.Refused(KeepersOnly);
        var hash = Idempotency.Hash(new { meetingId, request });
        var write = new KeyedWrite<MeetingDecision, DecisionView>(db, idempotencyKey)
        {
            FindEarlier = key => db.MeetingDecisions.AsNoTracking().SingleOrDefaultAsync(d => d.RecordedById == user.Id && d.IdempotencyKey == key, ct),
            IsSameRequest = earlier => earlier.RequestHash == hash,
            Replay = earlier => Task.FromResult<Outcome<DecisionView>>(new DecisionView(earlier.Id, earlier.Text, earlier.RecordedAt)),
            ReusedReason = "This Idempotency-Key was already used for a different decision.",
        };
        return await write.RunAsync(async () =>
        {
            if (CheckText(request.Text, "text") is { } refused)
                return Outcome<DecisionView>.Field(refused);
            var decision = new MeetingDecision
            {
                MeetingId = meetingId,
                Text = request.Text!.Trim(),
                RecordedAt = time.GetUtcNow(),
                RecordedById = user.Id,
                IdempotencyKey = write.Key,
                RequestHash = hash,
            };
            db.MeetingDecisions.Add(decision);
            await db.SaveAuditedAsync(audit, () => audit.Add(user, "create", nameof(MeetingDecision), ActionViews.Key(decision.Id), Classification.Internal,
                detail: $"meeting {ActionViews.Key(meetingId)}"), ct);
            return new DecisionView(decision.Id, decision.Text, decision.RecordedAt);
        });
    }

    /// <summary>What is wrong with a decision's or an action's text, or null: 2 to 4,000 characters, no personal identity number.</summary>
    public static Refusal? CheckText(string? text, string field)
    {
        if (text?.Trim() is not { Length: >= 2 } trimmed)
            return new Refusal(field, RefusalCodes.Required, $"{field} must be at least 2 characters.");
        if (trimmed.Length > MeetingRules.MaxText)
            return new Refusal(field, RefusalCodes.TooLong, $"{field} must be at most {MeetingRules.MaxText:N0} characters.", [MeetingRules.MaxText]);
        return PersonalNumbers.Contains(trimmed)
            ? new Refusal(field, RefusalCodes.PersonalNumber, "The text contains what looks like a personal identity number (personnummer). Write about places and work, not people.")
            : null;
    }

    private static MeetingAreaKind KindOf(int? districtId, string? borough) =>
        districtId is not null ? MeetingAreaKind.District : borough is not null ? MeetingAreaKind.Borough : MeetingAreaKind.City;

    /// <summary>
    /// The area a meeting is for, by name: none or Stockholm for the city, a borough (a bare name that is also a district's,
    /// such as Kungsholmen, is the borough), or a district ("Kungsholmen (stadsdel)"); null for a name the register lacks.
    /// </summary>
    public (int? DistrictId, string? Borough)? ResolveArea(string? area)
    {
        var name = area?.Trim() ?? "";
        if (name.Length == 0 || string.Equals(name, ActionViews.City, StringComparison.OrdinalIgnoreCase))
            return (null, null);
        var all = districts.All.ToList();
        if (all.Select(d => d.Borough).FirstOrDefault(b => string.Equals(b, name, StringComparison.OrdinalIgnoreCase)) is { } borough)
            return (null, borough);
        const string DistrictSuffix = " (stadsdel)";
        var districtName = name.EndsWith(DistrictSuffix, StringComparison.OrdinalIgnoreCase) ? name[..^DistrictSuffix.Length] : name;
        return all.Where(d => string.Equals(d.Name, districtName, StringComparison.OrdinalIgnoreCase)).Select(d => ((int?, string?)?)(d.Id, null)).FirstOrDefault();
    }
}
