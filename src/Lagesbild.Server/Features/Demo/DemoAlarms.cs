using Lagesbild.Core.Alarms;
using Lagesbild.Data;
using Lagesbild.Server.Features.Alarms;
using Lagesbild.Server.Features.Alarms.Dc09;
using Lagesbild.Server.Features.Sites;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Demo;

/// <summary>
/// The demo's sensors and guard shifts: cameras at the schools and preschools near active scenes, and the demo
/// guard on duty over every district. The two sensors at Förskola Rinkeby 1 sign with a published demo secret,
/// so that the README's curl example can raise an alarm; every other sensor has a random secret. The preschool's
/// intrusion panel reports over DC-09 as account 1234, its zone 1 on the door alarm.
/// </summary>
public sealed class DemoAlarms(LagesbildDb db, ExposureService exposure, SensorDirectory directory)
{
    public const string Secret = "demo-sensor-secret";

    /// <summary>The demo's DC-09 panel account, at Förskola Rinkeby 1, in plain text.</summary>
    public const string PanelAccountNumber = "1234";

    public async Task SeedAsync(Random random, IReadOnlyCollection<User> users, DateTimeOffset now, CancellationToken ct)
    {
        var sites = await db.Sites.AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct);
        var active = await exposure.ActiveScenesAsync(ct);
        var home = sites.First(s => s.Name == "Förskola Rinkeby 1");
        var sensors = new List<Sensor>
        {
            New(home, SensorKind.Camera, "Kamera gården", ArmingMode.Schedule, directory.Protect(Secret), now),
            New(home, SensorKind.Door, "Dörrlarm förrådet", ArmingMode.AlwaysArmed, directory.Protect(Secret), now),
        };
        foreach (var site in sites.Where(s => s.Id != home.Id && ExposureService.NearbyOf(s, active, Core.Rounds.RoundPlan.AutoFlagMetres).Count > 0))
        {
            var secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            sensors.Add(New(site, random.NextDouble() < 0.7 ? SensorKind.Camera : SensorKind.Motion, "Kamera skolgården", ArmingMode.Schedule, directory.Protect(secret), now));
        }
        db.Sensors.AddRange(sensors);
        await db.SaveChangesAsync(ct);
        // The README's DC-09 example: the intrusion panel at the preschool, in plain text, zone 1 on the door alarm
        // that is always armed. Not supervised: nothing sends it supervision messages, and a line fault every few
        // minutes would bury the demo's alarms (a panel on a real line is supervised, e.g. every 600 s).
        db.PanelAccounts.Add(new PanelAccount
        {
            Account = PanelAccountNumber,
            Name = "Inbrottscentral (demo)",
            SiteId = home.Id,
            SensorId = sensors[1].Id,
            SupervisionSeconds = 0,
            GraceSeconds = PanelRules.DefaultGraceSeconds,
            CreatedAt = now,
            Zones = [new PanelZone { Zone = 1, SensorId = sensors[1].Id }],
        });
        var districts = string.Join(',', await db.Districts.AsNoTracking().OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(ct));
        foreach (var guard in users.Where(u => u.Roles.Contains(Core.Access.Role.Guard)))
            db.GuardShifts.Add(new GuardShift { UserId = guard.Id, From = now.AddDays(-1), To = now.AddDays(30), DistrictIds = districts });
        await db.SaveChangesAsync(ct);
        await SeedHistoryAsync(random, sensors, users, now, ct);
        await SeedStatisticsAsync(sensors, users, now, ct);
    }

    /// <summary>The second guard company of the demo, which has no accounts: its alarms are only history, for the statistics.</summary>
    public const string SecondCompany = "Nattskiftet Bevakning (demo)";

    /// <summary>
    /// Half a year of night alarms before the six weeks above for the demo's guard company, and half a year for a
    /// second company at other sites, so that "Larmstatistik" has months, sites, two companies, false alarms,
    /// escalations and cancellations to show. Its own random sequence, so that the rest of the demo stays as it was.
    /// </summary>
    private async Task SeedStatisticsAsync(List<Sensor> sensors, IReadOnlyCollection<User> users, DateTimeOffset now, CancellationToken ct)
    {
        var random = new Random(2020);
        var company = new Organisation { Name = SecondCompany, Kind = Core.Access.OrganisationKind.GuardCompany };
        db.Organisations.Add(company);
        await db.SaveChangesAsync(ct);
        var guard = users.First(u => u.Roles.Contains(Core.Access.Role.Guard));
        var controlRoom = users.FirstOrDefault(u => u.Roles.Contains(Core.Access.Role.ControlRoom));
        // The first company keeps its sites; the second guards every other one of them, as a city splits a procurement.
        var sites = sensors.Select(s => s.SiteId).Distinct().Order().ToList();
        var secondSites = sites.Where((_, i) => i % 2 == 1).ToHashSet();
        var sensorOf = sensors.GroupBy(s => s.SiteId).ToDictionary(g => g.Key, g => g.First());
        for (var day = 200; day >= 2; day--)
        {
            var (first, second) = (day > 42 ? random.Next(3) : 0, random.Next(2) + (random.NextDouble() < 0.3 ? 1 : 0));
            for (var n = 0; n < first + second; n++)
            {
                var ours = n < first;
                var candidates = sites.Where(s => secondSites.Contains(s) != ours).ToList();
                if (candidates.Count == 0)
                    continue;
                var sensor = sensorOf[candidates[random.Next(candidates.Count)]];
                var openedAt = new DateTimeOffset(now.AddDays(-day).Date.AddHours(random.Next(0, 5) + random.NextDouble()), TimeSpan.Zero);
                var (companyId, name, userId) = ours ? (guard.OrganisationId, guard.DisplayName, (int?)guard.Id) : (company.Id, "Väktare Nattskiftet (demo)", null);
                db.Alarms.Add(HistoricAlarm(random, sensor, openedAt, companyId, name, userId, ours ? 0 : 1, controlRoom?.DisplayName ?? "Larmcentralen"));
            }
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// One closed alarm with its timeline: mostly acknowledged within a minute or two and resolved on site; some
    /// escalated to the control room when the guard did not answer, and a few cancelled before anyone went there.
    /// The second company (<paramref name="slower"/> 1) takes a little longer to arrive.
    /// </summary>
    private static Alarm HistoricAlarm(Random random, Sensor sensor, DateTimeOffset openedAt, int companyId, string guardName, int? guardId, int slower, string controlRoom)
    {
        var escalated = random.NextDouble() < 0.12;
        var cancelled = !escalated && random.NextDouble() < 0.05;
        var acknowledged = openedAt.AddSeconds(escalated ? 65 + random.Next(90) : 15 + random.Next(75));
        var onSite = acknowledged.AddMinutes(6 + random.Next(14) + (slower * random.Next(8)));
        var resolved = onSite.AddMinutes(10 + random.Next(30));
        var total = Outcomes.Sum(o => o.Weight);
        var pick = random.NextDouble() * total;
        var outcome = Outcomes.First(o => (pick -= o.Weight) < 0).Outcome;
        var timeline = new List<AlarmEntry>
        {
            AlarmDispatcher.Entry(openedAt, Core.Alarms.AlarmTimeline.Opened, null, sensor.Name, null),
            AlarmDispatcher.Entry(openedAt.AddSeconds(2), Core.Alarms.AlarmTimeline.Dispatched, null, "Lägesbild", guardName),
        };
        if (escalated)
            timeline.Add(AlarmDispatcher.Entry(openedAt.AddSeconds(62), Core.Alarms.AlarmTimeline.Escalated, null, "Lägesbild", controlRoom));
        if (cancelled)
        {
            var at = openedAt.AddMinutes(1 + random.Next(4));
            timeline.Add(AlarmDispatcher.Entry(at, Core.Alarms.AlarmTimeline.Cancelled, null, controlRoom, "Återställt av larmcentralen"));
            return Historic(sensor, openedAt, companyId, AlarmStatus.Cancelled, null, null, at, timeline);
        }
        timeline.Add(AlarmDispatcher.Entry(acknowledged, Core.Alarms.AlarmTimeline.Acknowledged, guardId, guardName, null));
        timeline.Add(AlarmDispatcher.Entry(onSite, Core.Alarms.AlarmTimeline.OnSite, guardId, guardName, null));
        timeline.Add(AlarmDispatcher.Entry(resolved, Core.Alarms.AlarmTimeline.Resolved, guardId, guardName, outcome.ToString()));
        var alarm = Historic(sensor, openedAt, companyId, AlarmStatus.Resolved, outcome, guardName, resolved, timeline);
        alarm.EscalationLevel = escalated ? 1 : 0;
        alarm.AssignedUserId = guardId;
        return alarm;
    }

    private static Alarm Historic(Sensor sensor, DateTimeOffset openedAt, int companyId, AlarmStatus status, AlarmOutcome? outcome, string? assigned, DateTimeOffset closedAt, List<AlarmEntry> timeline) => new()
    {
        SiteId = sensor.SiteId,
        Status = status,
        OpenedAt = openedAt,
        LastEventAt = openedAt,
        EventCount = 1,
        AssignedName = assigned,
        GuardOrganisationId = companyId,
        Outcome = outcome,
        ResolvedAt = closedAt,
        Timeline = timeline,
    };

    private static readonly (AlarmOutcome Outcome, double Weight)[] Outcomes =
    [
        (AlarmOutcome.FalseAlarm, 30), (AlarmOutcome.PeopleMovedOn, 35), (AlarmOutcome.DrugActivity, 12), (AlarmOutcome.Vandalism, 10),
        (AlarmOutcome.SyringesFound, 8), (AlarmOutcome.PoliceCalled, 5),
    ];

    /// <summary>Six weeks of resolved night alarms, so that the weekly report has alarms and outcomes to show.</summary>
    private async Task SeedHistoryAsync(Random random, List<Sensor> sensors, IReadOnlyCollection<User> users, DateTimeOffset now, CancellationToken ct)
    {
        var guard = users.First(u => u.Roles.Contains(Core.Access.Role.Guard));
        for (var day = 42; day >= 2; day--)
        {
            for (var n = random.Next(3); n > 0; n--)
            {
                var sensor = sensors[random.Next(sensors.Count)];
                var opened = now.AddDays(-day).Date.AddHours(random.Next(1, 4) + random.NextDouble());
                var openedAt = new DateTimeOffset(opened, TimeSpan.Zero);
                var (acknowledged, onSite, resolved) = (openedAt.AddSeconds(20 + random.Next(60)), openedAt.AddMinutes(8 + random.Next(15)), openedAt.AddMinutes(30 + random.Next(40)));
                var total = Outcomes.Sum(o => o.Weight);
                var pick = random.NextDouble() * total;
                var outcome = Outcomes.First(o => (pick -= o.Weight) < 0).Outcome;
                db.Alarms.Add(new Alarm
                {
                    SiteId = sensor.SiteId,
                    Status = AlarmStatus.Resolved,
                    OpenedAt = openedAt,
                    LastEventAt = openedAt,
                    EventCount = 1,
                    AssignedUserId = guard.Id,
                    AssignedName = guard.DisplayName,
                    GuardOrganisationId = guard.OrganisationId,
                    Outcome = outcome,
                    ResolvedAt = resolved,
                    Timeline =
                    [
                        AlarmDispatcher.Entry(openedAt, "opened", null, sensor.Name, null),
                        AlarmDispatcher.Entry(openedAt.AddSeconds(2), "dispatched", null, "Lägesbild", guard.DisplayName),
                        AlarmDispatcher.Entry(acknowledged, "acknowledged", guard.Id, guard.DisplayName, null),
                        AlarmDispatcher.Entry(onSite, "on-site", guard.Id, guard.DisplayName, null),
                        AlarmDispatcher.Entry(resolved, "resolved", guard.Id, guard.DisplayName, outcome.ToString()),
                    ],
                });
            }
        }
        await db.SaveChangesAsync(ct);
    }

    private static Sensor New(Site site, SensorKind kind, string name, ArmingMode mode, string protectedSecret, DateTimeOffset now) => new()
    {
        SiteId = site.Id,
        Kind = kind,
        Name = name,
        ArmingMode = mode,
        ProtectedSecret = protectedSecret,
        CreatedAt = now,
        Lat = site.Location.Y,
        Lon = site.Location.X,
        AccessNotes = "Nyckel i nyckelskåpet vid grind B; koden finns hos larmcentralen (demo).",
    };
}
