using Lagesbild.Core.Geo;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Rounds;
using Lagesbild.Core.Sites;
using Lagesbild.Core.Time;
using Lagesbild.Data;
using Lagesbild.Server.Features.Observations;
using Lagesbild.Server.Features.Rounds;
using Lagesbild.Server.Features.Sites;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Lagesbild.Server.Features.Demo;

/// <summary>
/// The demo's schools and preschools, and a month of their morning rounds. About 150 sites lie in the real
/// districts, named by district and number, each with a yard; one in five lies 150-450 m from a scene. The
/// demo school organisation runs the sites in Rinkeby, where a scene is active, so that its caretaker has a
/// round to walk today and its principal has rounds, findings and yard presence to look at.
/// </summary>
public sealed class DemoSchools(LagesbildDb db, RoundPlanner planner, SchoolYear schoolYear, ObservationWriter writer)
{
    public const string HomeDistrict = "Rinkeby";

    private static readonly (FindingCategory Category, double Weight)[] FindingMix =
    [
        (FindingCategory.Syringes, 40), (FindingCategory.Paraphernalia, 20), (FindingCategory.Vandalism, 15),
        (FindingCategory.PeoplePresent, 10), (FindingCategory.DangerousObject, 10), (FindingCategory.Other, 5),
    ];

    public async Task SeedSitesAsync(Random random, IReadOnlyList<(Scene Scene, GridPoint Centre)> scenes, int schoolOrganisationId, DateTimeOffset now, CancellationToken ct)
    {
        var districts = await db.Districts.AsNoTracking().ToListAsync(ct);
        var numbering = new Dictionary<string, int>();
        var home = scenes.First(s => s.Scene.Name.StartsWith($"Scen {HomeDistrict}", StringComparison.Ordinal));
        var homeDistrict = districts.Single(d => d.Name == HomeDistrict);
        var middle = Sweref99Tm.Project(homeDistrict.Area.InteriorPoint.X, homeDistrict.Area.InteriorPoint.Y);
        var inward = Math.Atan2(middle.Y - home.Centre.Y, middle.X - home.Centre.X);
        var sites = new List<Site>
        {
            // The caretaker's preschool and the principal's school: near the active scene in Rinkeby, towards the district's middle.
            NewSite(SiteKind.Preschool, Offset(home.Centre, 260, inward + 0.6), 70, 50, districts, numbering, now),
            NewSite(SiteKind.School, Offset(home.Centre, 380, inward - 0.4), 130, 90, districts, numbering, now),
        };
        sites[0].OrganisationId = sites[1].OrganisationId = schoolOrganisationId;
        for (var i = 0; i < 148; i++)
        {
            var kind = i % 5 < 3 ? SiteKind.Preschool : SiteKind.School;
            Point point;
            if (i % 5 == 0)
            {
                var scene = scenes[random.Next(scenes.Count)];
                point = Offset(scene.Centre, 150 + (random.NextDouble() * 300), random.NextDouble() * 2 * Math.PI);
            }
            else
            {
                point = DemoSeeder.RandomPointIn(random, districts[random.Next(districts.Count)].Area);
            }
            sites.Add(NewSite(kind, point, 40 + random.Next(60), 30 + random.Next(50), districts, numbering, now));
        }
        foreach (var site in sites.Where(s => s.DistrictId == homeDistrict.Id))
            site.OrganisationId = schoolOrganisationId;
        db.Sites.AddRange(sites);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The rounds of the last 30 days, today and tomorrow, as the planner plans them: most completed in time, some
    /// missed, with findings that also entered the picture. Today's rounds whose deadline has passed are done,
    /// except the caretaker's own, which waits for her.
    /// </summary>
    public async Task SeedRoundsAsync(Random random, IReadOnlyCollection<User> users, int schoolOrganisationId, DateTimeOffset now, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(Stockholm.ToLocal(now));
        for (var date = today.AddDays(-30); date <= today.AddDays(1); date = date.AddDays(1))
            await planner.PlanAsync(date, pastDeadlines: true, ct);
        var caretaker = users.First(u => u.Roles.Contains(Core.Access.Role.SchoolStaff));
        var principal = users.First(u => u.Roles.Contains(Core.Access.Role.SchoolManager));
        var rounds = await db.Rounds.Include(r => r.Site).Where(r => r.Date <= today).OrderBy(r => r.Date).ToListAsync(ct);
        var caretakersRound = rounds.Where(r => r.Date == today && r.Site!.OrganisationId == schoolOrganisationId && r.Site.Kind == SiteKind.Preschool)
            .OrderBy(r => r.SiteId).FirstOrDefault();
        var lastCompleted = new Dictionary<int, DateTimeOffset>();
        var findings = new List<(Finding Finding, Observation Observation)>();
        foreach (var round in rounds)
        {
            var own = round.Site!.OrganisationId == schoolOrganisationId;
            if (round == caretakersRound && round.Status == RoundStatus.Missed)
                db.Notifications.Add(MissedNotice(round, principal));
            if (round == caretakersRound || (round.Date == today && round.Deadline > now))
                continue;
            var missed = round.Date < today && random.NextDouble() < (own ? 0.05 : 0.08);
            if (missed)
            {
                round.Status = RoundStatus.Missed;
                round.MissedAt = round.Deadline;
                if (own)
                    db.Notifications.Add(MissedNotice(round, principal));
                continue;
            }
            var completedAt = round.Deadline.AddMinutes(-5 - random.Next(45));
            round.StartedAt = completedAt.AddMinutes(-10 - random.Next(15));
            round.StartedByName = own ? caretaker.DisplayName : "Vaktmästare (demo)";
            round.CompletedAt = completedAt;
            round.CompletedByName = round.StartedByName;
            round.CompletedById = own ? caretaker.Id : null;
            round.Status = RoundStatus.Completed;
            round.MissedAt = null;
            var checklist = RoundChecklist.Read(round.Checklist);
            round.Checklist = RoundChecklist.Write(checklist.Select(c => random.NextDouble() < 0.06
                ? c with { Ok = false, Note = "Trasigt – anmält till fastighetsförvaltningen." }
                : c with { Ok = true }).ToList());
            findings.AddRange(Findings(random, round, own ? caretaker : null, lastCompleted.TryGetValue(round.SiteId, out var previous) ? previous : null));
            lastCompleted[round.SiteId] = completedAt;
        }
        // The observations first: each finding points at its own.
        db.Observations.AddRange(findings.Select(f => f.Observation));
        await db.SaveChangesAsync(ct);
        foreach (var (finding, observation) in findings)
            finding.ObservationId = observation.Id;
        db.Findings.AddRange(findings.Select(f => f.Finding));
        await db.SaveChangesAsync(ct);
        await SeedPresenceAsync(schoolOrganisationId, ct);
    }

    private static Notification MissedNotice(Round round, User principal) =>
        Notifications.Notifier.InApp(MissedRounds.NoticeOf(round), principal.Id, round.Deadline);

    private IEnumerable<(Finding, Observation)> Findings(Random random, Round round, User? finder, DateTimeOffset? previousRound)
    {
        var count = random.NextDouble() switch { < 0.6 => 0, < 0.85 => 1, < 0.95 => 2, _ => 3 };
        var schedule = schoolYear.ScheduleOf(round.Site!, round.Date.Year);
        for (var i = 0; i < count; i++)
        {
            var category = DemoSeeder.Pick(random, FindingMix);
            var foundAt = round.StartedAt!.Value.AddMinutes(random.Next(1, 10));
            var (from, to) = RoundPlan.FindingInterval(foundAt, RoundPlan.PreviousClosing(schedule, round.Date), previousRound);
            var box = (round.Site!.Yard ?? (Geometry)round.Site.Location.Buffer(0.0003)).EnvelopeInternal;
            var (lon, lat) = (box.MinX + (random.NextDouble() * box.Width), box.MinY + (random.NextDouble() * box.Height));
            var amount = category is FindingCategory.Syringes or FindingCategory.Paraphernalia ? 1 + random.Next(4) : 1;
            var observation = writer.Build(new ObservationRequest(FindingRules.ObservationCategoryOf(category), lat, lon, from, to, amount, Classification.Internal, null),
                ObservationSource.Round, foundAt);
            observation.CreatedById = finder?.Id;
            observation.OrganisationId = finder?.OrganisationId;
            yield return (new Finding
            {
                RoundId = round.Id,
                Category = category,
                Count = amount,
                Lat = lat,
                Lon = lon,
                RemovedSafely = category != FindingCategory.PeoplePresent,
                MetresOutsideYard = 0,
                FoundAt = foundAt,
                RecordedAt = foundAt,
                CreatedById = finder?.Id ?? 0,
            }, observation);
        }
    }

    /// <summary>Adults in the yard at the demo organisation's sites: mornings and lunch, not the late afternoon.</summary>
    private async Task SeedPresenceAsync(int schoolOrganisationId, CancellationToken ct)
    {
        var sites = await db.Sites.Where(s => s.OrganisationId == schoolOrganisationId).ToListAsync(ct);
        foreach (var site in sites)
        {
            foreach (var day in new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday })
            {
                var (morningFrom, morningTo) = site.Kind == SiteKind.School ? (8 * 60, 9 * 60) : (7 * 60, 9 * 60);
                db.YardPresenceSlots.Add(new YardPresenceSlot { SiteId = site.Id, Day = day, FromMinute = morningFrom, ToMinute = morningTo, Who = "Rastvakt" });
                db.YardPresenceSlots.Add(new YardPresenceSlot { SiteId = site.Id, Day = day, FromMinute = (11 * 60) + 30, ToMinute = 13 * 60, Who = "Pedagog" });
                if (day != DayOfWeek.Friday)
                    db.YardPresenceSlots.Add(new YardPresenceSlot { SiteId = site.Id, Day = day, FromMinute = 14 * 60, ToMinute = 15 * 60, Who = "Fritidspersonal" });
            }
        }
        await db.SaveChangesAsync(ct);
    }

    private static Site NewSite(SiteKind kind, Point point, double width, double height, List<District> districts, Dictionary<string, int> numbering, DateTimeOffset now)
    {
        var district = districts.FirstOrDefault(d => d.Area.Covers(point)) ?? districts.OrderBy(d => d.Area.Distance(point)).First();
        var key = $"{kind} {district.Name}";
        numbering[key] = numbering.GetValueOrDefault(key) + 1;
        var hours = kind == SiteKind.School ? Weekdays("08:00", "16:00") : Weekdays("06:30", "18:00");
        return new Site
        {
            Name = $"{(kind == SiteKind.School ? "Skola" : "Förskola")} {district.Name} {numbering[key]}",
            Kind = kind,
            Location = point,
            Yard = Rectangle(point, width, height),
            DistrictId = district.Id,
            OpeningHours = SiteCalendar.Write(hours),
            OpenDuringBreaks = SiteSchedule.OpensDuringBreaksByDefault(kind),
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private static List<DayHours> Weekdays(string opens, string closes) =>
        new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(day => new DayHours(day, opens, closes)).ToList();

    private static Point Offset(GridPoint centre, double metres, double angle)
    {
        var (lon, lat) = Sweref99Tm.Unproject(new GridPoint(centre.X + (metres * Math.Cos(angle)), centre.Y + (metres * Math.Sin(angle))));
        return PolygonInput.Wgs84.CreatePoint(new Coordinate(lon, lat));
    }

    /// <summary>A yard: a rectangle of the given metres around the site's point.</summary>
    private static Polygon Rectangle(Point centre, double width, double height)
    {
        var middle = Sweref99Tm.Project(centre.X, centre.Y);
        var corners = new[] { (-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1) }.Select(c =>
        {
            var (lon, lat) = Sweref99Tm.Unproject(new GridPoint(middle.X + (c.Item1 * width / 2), middle.Y + (c.Item2 * height / 2)));
            return new Coordinate(Math.Round(lon, 6), Math.Round(lat, 6));
        }).ToArray();
        return PolygonInput.Wgs84.CreatePolygon(corners);
    }
}
