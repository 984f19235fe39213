using Lagesbild.Core.Access;
using Lagesbild.Core.Alarms;
using Lagesbild.Core.Observations;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Observations;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Alarms;

/// <summary>
/// Alarms as people see and handle them. Guards and the control room see their own company's alarms; school
/// staff their own sites' history; the city's coordinators, the police and administrators all. Every move is a
/// conditional update, so of two guards acknowledging at once one wins and the other is told (409).
/// </summary>
public sealed class AlarmService(LagesbildDb db, ObservationWriter observations, AlarmViews views, AlarmPush push, TimeProvider time, AuditTrail audit, Readers readers)
{
    private static readonly Role[] Responders = [Role.Guard, Role.ControlRoom];

    /// <summary>The alarms a user may read: the one rule for the alarm, its timeline and its cameras' stills.</summary>
    public async Task<IQueryable<Alarm>> VisibleToAsync(CurrentUser user, CancellationToken ct)
    {
        var alarms = db.Alarms.AsNoTracking();
        if (Permissions.SeesAllAlarms(user.Roles))
        {
            // The city's roles see every alarm, but an organisation scoped to districts those of its districts' sites.
            if ((await readers.OfAsync(user, ct)).Districts is not { } area)
                return alarms;
            var districts = area.ToArray();
            return alarms.Where(a => db.Sites.Any(s => s.Id == a.SiteId && s.DistrictId != null && districts.Contains(s.DistrictId.Value)));
        }
        if (user.Roles.Any(Responders.Contains))
            return alarms.Where(a => a.GuardOrganisationId == user.OrganisationId);
        if (user.Roles.Contains(Role.SchoolManager) || user.Roles.Contains(Role.SchoolStaff))
            return alarms.Where(a => db.Sites.Any(s => s.Id == a.SiteId && s.OrganisationId == user.OrganisationId));
        return alarms.Where(_ => false);
    }

    /// <summary>How far back the console's history of closed alarms goes when no hours are asked for.</summary>
    public static readonly TimeSpan DefaultHistory = TimeSpan.FromHours(12);

    /// <summary>The longest history the console shows: three days.</summary>
    public static readonly TimeSpan MaxHistory = TimeSpan.FromHours(72);

    /// <summary>
    /// When the user's shift began: the start of the earliest of the guard shifts he is on now (at most three days
    /// back), or, for anyone not on a shift now (the control room, a guard off duty), twelve hours ago.
    /// </summary>
    public async Task<(DateTimeOffset Since, bool OnShift)> ShiftStartAsync(CurrentUser user, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var starts = await db.GuardShifts.AsNoTracking().Where(s => s.UserId == user.Id && s.From <= now && s.To > now).Select(s => s.From).ToListAsync(ct);
        if (starts.Count == 0)
            return (now - DefaultHistory, false);
        var earliest = starts.Min();
        return (earliest < now - MaxHistory ? now - MaxHistory : earliest, true);
    }

    /// <summary>Open alarms, all, or those closed (resolved or cancelled) since an instant, the latest closed first: the shift's history.</summary>
    public async Task<List<AlarmView>> ListAsync(CurrentUser user, AlarmList which, DateTimeOffset? closedSince, CancellationToken ct, int? siteId = null)
    {
        var query = (await VisibleToAsync(user, ct)).Include(a => a.Site).Include(a => a.Timeline).AsQueryable();
        if (siteId is { } site)
            query = query.Where(a => a.SiteId == site);
        query = which switch
        {
            AlarmList.Open => query.Where(a => a.Status != AlarmStatus.Resolved && a.Status != AlarmStatus.Cancelled).OrderByDescending(a => a.OpenedAt),
            AlarmList.Closed => query.Where(a => (a.Status == AlarmStatus.Resolved || a.Status == AlarmStatus.Cancelled) && a.ResolvedAt >= closedSince)
                .OrderByDescending(a => a.ResolvedAt),
            _ => query.OrderByDescending(a => a.OpenedAt),
        };
        var alarms = await query.Take(200).ToListAsync(ct);
        // Alarms are individual records (who, where, notes): their reads are audited, on the console and the API alike.
        if (alarms.Count > 0)
        {
            audit.Add(user, "read", "alarms", null, Core.Observations.Classification.Internal, alarms.Count,
                "ids " + string.Join(',', alarms.Select(a => a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            await audit.SaveAsync(ct);
        }
        return await views.ViewsAsync(alarms, ct);
    }

    public async Task<AlarmView?> GetAsync(long id, CurrentUser user, CancellationToken ct)
    {
        if (await (await VisibleToAsync(user, ct)).Include(a => a.Site).Include(a => a.Timeline).SingleOrDefaultAsync(a => a.Id == id, ct) is not { } alarm)
            return null;
        audit.Add(user, "read", nameof(Alarm), id.ToString(System.Globalization.CultureInfo.InvariantCulture), Core.Observations.Classification.Internal);
        await audit.SaveAsync(ct);
        return (await views.ViewsAsync([alarm], ct))[0];
    }

    public Task<Outcome<AlarmView>> AcknowledgeAsync(long id, CurrentUser user, CancellationToken ct) =>
        MoveAsync(id, user, AlarmAction.Acknowledge, AlarmTimeline.Acknowledged, null, ct);

    public Task<Outcome<AlarmView>> ArriveAsync(long id, CurrentUser user, CancellationToken ct) =>
        MoveAsync(id, user, AlarmAction.ArriveOnSite, AlarmTimeline.OnSite, null, ct);

    public async Task<Outcome<AlarmView>> ResolveAsync(long id, ResolveRequest request, CurrentUser user, CancellationToken ct)
    {
        if (Core.Privacy.PersonalNumbers.Contains(request.Note))
            return Outcome<AlarmView>.Field("note", "The note contains what looks like a personal identity number (personnummer).");
        return await MoveAsync(id, user, AlarmAction.Resolve, AlarmTimeline.Resolved, request, ct);
    }

    private async Task<Outcome<AlarmView>> MoveAsync(long id, CurrentUser user, AlarmAction action, string name, ResolveRequest? resolution, CancellationToken ct)
    {
        var alarm = await (await VisibleToAsync(user, ct)).Include(a => a.Site).SingleOrDefaultAsync(a => a.Id == id, ct);
        if (alarm is null)
            return new Outcome<AlarmView>.Missing();
        if (!user.Roles.Any(Responders.Contains) && !user.Roles.Contains(Role.Admin))
            return new Outcome<AlarmView>.Refused("Alarms are handled by guards and the control room.");
        var from = alarm.Status;
        if (AlarmRules.After(from, action) is not { } to)
            return new Outcome<AlarmView>.Conflict($"The alarm is {from}; it cannot be {name} now.");
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // An event joining the alarm now waits for this move, so that it reads the alarm as the move leaves it.
        await AlarmDispatcher.LockSitesAsync(db, [alarm.SiteId], ct);
        // Whoever acknowledges has the alarm, and its escalation stops.
        var acknowledging = action == AlarmAction.Acknowledge;
        var changed = await db.Alarms.Where(a => a.Id == id && a.Status == from).ExecuteUpdateAsync(s =>
        {
            s.SetProperty(a => a.Status, to).SetProperty(a => a.AcknowledgeBy, (DateTimeOffset?)null);
            if (acknowledging)
                s.SetProperty(a => a.AssignedUserId, user.Id).SetProperty(a => a.AssignedName, user.Name);
        }, ct);
        if (changed == 0)
            return new Outcome<AlarmView>.Conflict($"Someone else moved the alarm first; it is no longer {from}.");
        if (resolution is not null)
            await ResolveDetailsAsync(alarm, resolution, user, now, ct);
        var entry = AlarmDispatcher.Entry(now, name, user.Id, user.Name, resolution?.Outcome?.ToString());
        entry.AlarmId = id;
        db.AlarmEntries.Add(entry);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await push.AlarmChangedAsync(id, ct);
        return (await GetAsync(id, user, ct))!;
    }

    /// <summary>The outcome, and for drugs, damage or syringes an observation at the site over the alarm's time.</summary>
    private async Task ResolveDetailsAsync(Alarm alarm, ResolveRequest resolution, CurrentUser user, DateTimeOffset now, CancellationToken ct)
    {
        long? observationId = null;
        if (AlarmRules.ObservationOf(resolution.Outcome!.Value) is { } category)
        {
            var location = alarm.Site!.Location;
            var observation = observations.Build(new ObservationRequest(category, location.Y, location.X, alarm.OpenedAt, now, 1, Classification.Internal, null),
                ObservationSource.Alarm, now);
            observation.CreatedById = user.Id;
            observation.OrganisationId = user.OrganisationId;
            db.Observations.Add(observation);
            await db.SaveChangesAsync(ct);
            observationId = observation.Id;
        }
        var note = resolution.Note?.Trim();
        await db.Alarms.Where(a => a.Id == alarm.Id).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.Outcome, resolution.Outcome)
            .SetProperty(a => a.Note, note)
            .SetProperty(a => a.ResolvedAt, now)
            .SetProperty(a => a.ObservationId, observationId), ct);
    }
}
