using Lagesbild.Core.Access;
using Lagesbild.Core.Alarms;
using Lagesbild.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Alarms;

/// <summary>How alarms are handled ("Alarms" in configuration).</summary>
public sealed class AlarmOptions
{
    public const string Section = "Alarms";

    [System.ComponentModel.DataAnnotations.Range(10, 3600)]
    public int AcknowledgeWithinSeconds { get; set; } = 60;

    public bool Worker { get; set; } = true;

    /// <summary>The guard company whose control room takes alarms that no guard is on duty for; needed when there are several.</summary>
    public int? ControlRoomOrganisationId { get; set; }

    [System.ComponentModel.DataAnnotations.Range(1, 60)]
    public int WorkerSeconds { get; set; } = 2;

    /// <summary>
    /// How many times the start rehearses the alarm path before the server listens (0: not at all). Past the
    /// runtime's 30 calls, the path's methods are compiled to optimised code before the first real event.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 1000)]
    public int WarmUpRounds { get; set; } = 40;

    /// <summary>
    /// How long the start may wait, after the rehearsal, for the runtime to finish compiling what it found hot (0:
    /// not at all), so that this compiling does not share the first seconds' processor time with real events.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 60)]
    public int WarmUpSettleSeconds { get; set; } = 5;

    /// <summary>
    /// How many rehearsal events the start then sends to the server's own HTTP address once it listens, before it
    /// reports healthy (0: none), so that the runtime also compiles the web server's path before the first sensor.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 100_000)]
    public int WarmUpRequests { get; set; } = 600;
}

/// <summary>
/// Opens alarms (or joins an open one at the site) and gives them to whoever is next in the escalation ladder:
/// the on-duty guards whose patrol area covers the site, then the control room. Works inside the caller's
/// transaction, so an event is never stored without the alarm it caused, nor an alarm without its dispatch.
/// </summary>
public sealed class AlarmDispatcher(LagesbildDb db, IOptions<AlarmOptions> options, TimeProvider time, ILogger<AlarmDispatcher> log)
{
    public const string ControlRoomName = "Larmcentralen";

    /// <summary>The first key of the advisory locks that serialise alarms per site.</summary>
    private const int AlarmLockSpace = 4711;

    /// <summary>
    /// Opens an alarm for each event's site, or joins the open one, for events stored together; says for each
    /// event which alarm (tracked) and whether it joined. Saves new alarms, so that they have their ids; the caller
    /// writes the count and last event of each alarm joined (<see cref="EventRows.UpdateCountsAsync"/>).
    /// </summary>
    public async Task<List<(Alarm Alarm, bool Joined)>> OpenOrJoinAsync(IReadOnlyList<(Sensor Sensor, SensorEvent Event)> events, CancellationToken ct)
    {
        if (events.Count == 0)
            return [];
        var siteIds = events.Select(e => e.Sensor.SiteId).Distinct().Order().ToList();
        // Two sensors of one site firing at once must make one alarm.
        await LockSitesAsync(db, siteIds, ct);
        // Most batches are one site's events: that query's SQL is made once, the one for a list of sites each time.
        // With their timelines: the alarms go out as the events leave them, and a joining event adds no entry.
        var onlySite = siteIds[0];
        var rows = siteIds.Count == 1
            ? await db.Alarms.Include(a => a.Timeline).Where(a => a.SiteId == onlySite && a.Status != AlarmStatus.Resolved && a.Status != AlarmStatus.Cancelled).ToListAsync(ct)
            : await db.Alarms.Include(a => a.Timeline).Where(a => siteIds.Contains(a.SiteId) && a.Status != AlarmStatus.Resolved && a.Status != AlarmStatus.Cancelled).ToListAsync(ct);
        var open = rows
            .GroupBy(a => a.SiteId).ToDictionary(g => g.Key, g => g.MaxBy(a => a.LastEventAt)!);
        var now = time.GetUtcNow();
        var touched = new List<(Alarm Alarm, bool Joined)>(events.Count);
        foreach (var (sensor, sent) in events)
        {
            if (open.TryGetValue(sensor.SiteId, out var alarm) && AlarmRules.JoinsOpenAlarm(alarm.LastEventAt, sent.OccurredAt))
            {
                // A joining event counts; the timeline keeps what people did, not every event (a camera may send many).
                alarm.EventCount++;
                if (sent.OccurredAt > alarm.LastEventAt)
                    alarm.LastEventAt = sent.OccurredAt;
                touched.Add((alarm, true));
                continue;
            }
            alarm = new Alarm { SiteId = sensor.SiteId, Status = AlarmStatus.New, OpenedAt = now, LastEventAt = sent.OccurredAt, EventCount = 1 };
            alarm.Timeline.Add(Entry(now, AlarmTimeline.Opened, null, sensor.Name, $"{sent.Type} ({sensor.Kind})"));
            await AssignAsync(alarm, sensor.Site!.DistrictId, 0, ct);
            db.Alarms.Add(alarm);
            open[sensor.SiteId] = alarm;
            touched.Add((alarm, false));
        }
        // New alarms need their ids now; a joined alarm's count is written with the caller's events.
        if (touched.Any(t => !t.Joined))
            await db.SaveChangesAsync(ct);
        return touched;
    }

    /// <summary>
    /// Serialises what changes the alarms of these sites, to the end of the caller's transaction: events opening or
    /// joining one, a guard's moves, an escalation, a line fault. SQLite has one writer at a time; on PostgreSQL an
    /// advisory lock per site, taken in one order. So an event joining an alarm reads it as the last committed move
    /// left it, and never writes or pushes a view read before a move that committed ahead of it. (Pushes themselves
    /// are sent after the commits, each as its sender read the alarm; the next push or read shows the latest.)
    /// </summary>
    public static async Task LockSitesAsync(LagesbildDb db, IEnumerable<int> siteIds, CancellationToken ct)
    {
        if (!db.IsPostgres)
            return;
        foreach (var siteId in siteIds.Distinct().Order())
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AlarmLockSpace}, {siteId})", ct);
    }

    /// <summary>Gives the alarm to the target of an escalation level, with a new deadline unless it is the last level.</summary>
    public async Task AssignAsync(Alarm alarm, int? districtId, int level, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var guards = await GuardsOnDutyAsync(districtId, now, ct);
        // A site guarded by contract goes to its guard companies only: another company on patrol nearby neither sees
        // the alarm nor the site's access notes.
        var contracted = await db.GuardContracts.AsNoTracking().Where(c => c.SiteId == alarm.SiteId).OrderBy(c => c.OrganisationId).Select(c => c.OrganisationId).ToListAsync(ct);
        if (contracted.Count > 0)
            guards = guards.Where(g => contracted.Contains(g.OrganisationId)).ToList();
        // Once a company has the alarm, it escalates within that company: another company neither sees it nor takes it.
        if (alarm.GuardOrganisationId is { } company)
            guards = guards.Where(g => g.OrganisationId == company).ToList();
        var target = Escalation.At(level, guards.Select(g => g.Id).ToList());
        alarm.EscalationLevel = level;
        alarm.Status = AlarmStatus.Dispatched;
        if (target is Escalation.Target.Guard guard)
        {
            var user = guards.Single(g => g.Id == guard.UserId);
            (alarm.AssignedUserId, alarm.AssignedName, alarm.GuardOrganisationId) = (user.Id, user.DisplayName, user.OrganisationId);
            alarm.AcknowledgeBy = now.AddSeconds(options.Value.AcknowledgeWithinSeconds);
        }
        else
            await ToControlRoomAsync(alarm, guards.FirstOrDefault()?.OrganisationId ?? (contracted.Count > 0 ? contracted[0] : null), ct);
        alarm.Timeline.Add(Entry(now, level == 0 ? AlarmTimeline.Dispatched : AlarmTimeline.Escalated, null, "Lägesbild", alarm.AssignedName));
    }

    /// <summary>
    /// Opens an alarm no sensor raised (a panel's line gone silent) at a site and gives it to the control room
    /// straight away: the site's guard company by contract, else the configured one. Saved, so that it has its id.
    /// </summary>
    public async Task<Alarm> OpenForControlRoomAsync(Site site, string by, string detail, CancellationToken ct)
    {
        await LockSitesAsync(db, [site.Id], ct);
        var now = time.GetUtcNow();
        var alarm = new Alarm { SiteId = site.Id, OpenedAt = now, LastEventAt = now, EventCount = 0 };
        alarm.Timeline.Add(Entry(now, AlarmTimeline.Opened, null, by, detail));
        var contracted = await db.GuardContracts.AsNoTracking().Where(c => c.SiteId == site.Id).OrderBy(c => c.OrganisationId).Select(c => (int?)c.OrganisationId).FirstOrDefaultAsync(ct);
        await ToControlRoomAsync(alarm, contracted, ct);
        alarm.Status = AlarmStatus.Dispatched;
        alarm.Timeline.Add(Entry(now, AlarmTimeline.Dispatched, null, "Lägesbild", alarm.AssignedName));
        db.Alarms.Add(alarm);
        await db.SaveChangesAsync(ct);
        return alarm;
    }

    private async Task ToControlRoomAsync(Alarm alarm, int? company, CancellationToken ct)
    {
        alarm.AssignedUserId = null;
        alarm.AssignedName = ControlRoomName;
        alarm.GuardOrganisationId ??= company ?? await ControlRoomOrganisationAsync(ct);
        alarm.AcknowledgeBy = null;
    }

    private async Task<List<User>> GuardsOnDutyAsync(int? districtId, DateTimeOffset now, CancellationToken ct)
    {
        var shifts = await db.GuardShifts.AsNoTracking().Where(s => s.From <= now && s.To > now).OrderBy(s => s.From).ThenBy(s => s.UserId).ToListAsync(ct);
        var covering = shifts.Where(s => districtId is { } d && s.DistrictIds.Split(',').Contains(d.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Select(s => s.UserId).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => covering.Contains(u.Id) && u.IsActive).ToListAsync(ct);
        return covering.Select(id => users.SingleOrDefault(u => u.Id == id)).OfType<User>().Where(u => u.Roles.Contains(Role.Guard)).ToList();
    }

    /// <summary>
    /// The control room that takes an alarm no guard is on duty for: the configured guard company, or the only
    /// guard company there is. With several and none configured, nobody can be chosen fairly: the alarm stays
    /// with the city (coordinators, police, administrators see it) and the gap is logged.
    /// </summary>
    private async Task<int?> ControlRoomOrganisationAsync(CancellationToken ct)
    {
        if (options.Value.ControlRoomOrganisationId is { } configured)
            return configured;
        var companies = await db.Organisations.AsNoTracking().Where(o => o.Kind == OrganisationKind.GuardCompany).Select(o => o.Id).Take(2).ToListAsync(ct);
        if (companies.Count == 1)
            return companies[0];
        log.LogError("An alarm has no guard on duty and no control room could be chosen: set Alarms:ControlRoomOrganisationId.");
        return null;
    }

    public static AlarmEntry Entry(DateTimeOffset at, string action, int? userId, string by, string? detail) =>
        new() { At = at, Action = action, UserId = userId, ByName = by, Detail = detail };
}
