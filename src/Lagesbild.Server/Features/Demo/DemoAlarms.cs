using Lagesbild.Core.Alarms;
using Lagesbild.Data;
using Lagesbild.Server.Features.Alarms;
using Lagesbild.Server.Features.Sites;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Demo;

/// <summary>
/// The demo's sensors and guard shifts: cameras at the schools and preschools near active scenes, and the demo
/// guard on duty over every district. The two sensors at Förskola Rinkeby 1 sign with a published demo secret,
/// so that the README's curl example can raise an alarm; every other sensor has a random secret.
/// </summary>
public sealed class DemoAlarms(LagesbildDb db, ExposureService exposure, SensorDirectory directory)
{
    public const string Secret = "demo-sensor-secret";

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
        var districts = string.Join(',', await db.Districts.AsNoTracking().OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(ct));
        foreach (var guard in users.Where(u => u.Roles.Contains(Core.Access.Role.Guard)))
            db.GuardShifts.Add(new GuardShift { UserId = guard.Id, From = now.AddDays(-1), To = now.AddDays(30), DistrictIds = districts });
        await db.SaveChangesAsync(ct);
        await SeedHistoryAsync(random, sensors, users, now, ct);
    }

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
