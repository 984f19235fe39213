using Lagesbild.Core.Geo;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Scenes;
using Lagesbild.Core.Time;
using Lagesbild.Data;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Observations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;

namespace Lagesbild.Server.Features.Demo;

/// <summary>
/// Deterministic synthetic data on the real districts: demo accounts, about 25 scenes with lifecycles since
/// 2018 and about 50,000 observations over the last two years, concentrated in the scenes' active hours.
/// </summary>
public sealed class DemoSeeder(LagesbildDb db, ObservationWriter writer, DemoSchools schools, DemoAlarms alarms, DemoCameras cameras, DemoOutcomes outcomes, DemoReports reports, DemoMappings mappings, DemoLineage lineage, DemoAlerts childSafety, DemoPoliceEvents policeEvents, IPasswordHasher<User> hasher, TimeProvider time, IOptions<DemoOptions> options)
{
    private static readonly (ObservationCategory Category, double Weight)[] SceneMix =
    [
        (ObservationCategory.Dealing, 30), (ObservationCategory.Use, 25), (ObservationCategory.Syringes, 15), (ObservationCategory.Paraphernalia, 10),
        (ObservationCategory.Gathering, 8), (ObservationCategory.Intoxicated, 7), (ObservationCategory.Disturbance, 3), (ObservationCategory.Violence, 2),
    ];

    private static readonly (ObservationCategory Category, double Weight)[] BackgroundMix =
    [
        (ObservationCategory.Littering, 30), (ObservationCategory.Disturbance, 20), (ObservationCategory.Vandalism, 20), (ObservationCategory.Intoxicated, 10),
        (ObservationCategory.Gathering, 8), (ObservationCategory.DangerousObject, 4), (ObservationCategory.Syringes, 3), (ObservationCategory.Other, 5),
    ];

    public async Task<bool> SeedAsync(CancellationToken ct)
    {
        if (await db.Users.AnyAsync(ct) || await db.Scenes.AnyAsync(ct))
            return false;
        var random = new Random(options.Value.Seed);
        var now = time.GetUtcNow();
        var users = await SeedAccountsAsync(now, ct);
        var scenes = await SeedScenesAsync(random, users, now, ct);
        var schoolOrganisation = users.Values.First(u => u.Roles.Contains(Core.Access.Role.SchoolManager)).OrganisationId;
        await schools.SeedSitesAsync(random, scenes.Select(s => (s.Scene, s.Centre)).ToList(), schoolOrganisation, now, ct);
        await SeedObservationsAsync(random, scenes, users, now, ct);
        await schools.SeedRoundsAsync(random, users.Values, schoolOrganisation, now, ct);
        await alarms.SeedAsync(random, users.Values, now, ct);
        await cameras.SeedAsync(users["samordnare@lagesbild.example"], now, ct);
        await outcomes.SeedAsync(random, users.Values, now, ct);
        await mappings.SeedAsync(users["polis@lagesbild.example"], now, ct);
        await reports.SeedAsync(random, users["samordnare@lagesbild.example"].Id, ct);
        await SeedGovernanceAsync(random, users, now, ct);
        await lineage.SeedAsync(users, now, ct);
        await new DemoMeetings(db, time).SeedAsync(users, ct);
        await childSafety.SeedAsync(users.Values, ct);
        await policeEvents.SeedAsync(ct);
        return true;
    }

    private async Task<Dictionary<string, User>> SeedAccountsAsync(DateTimeOffset now, CancellationToken ct)
    {
        var organisations = DemoAccounts.Organisations.Select(o => new Organisation { Name = o.Name, Kind = o.Kind }).ToList();
        db.Organisations.AddRange(organisations);
        await db.SaveChangesAsync(ct);
        var users = DemoAccounts.All.Select(a => new User
        {
            Email = a.Email,
            DisplayName = a.Name,
            OrganisationId = organisations.Single(o => o.Name == a.Organisation).Id,
            Roles = [a.Role],
            CreatedAt = now,
        }).ToList();
        foreach (var user in users)
            user.PasswordHash = hasher.HashPassword(user, DemoAccounts.Password);
        db.Users.AddRange(users);
        await db.SaveChangesAsync(ct);
        return users.ToDictionary(u => u.Email);
    }

    /// <summary>
    /// The borough coordinator's area, the guard company's contracts for the sites with sensors, and a month of
    /// the police's and social services' reads in the audit log (the log's own chain links them).
    /// </summary>
    private async Task SeedGovernanceAsync(Random random, Dictionary<string, User> users, DateTimeOffset now, CancellationToken ct)
    {
        var borough = users[DemoAccounts.BoroughCoordinator];
        var districts = await db.Districts.AsNoTracking().Where(d => d.Borough == DemoAccounts.ScopedBorough).Select(d => d.Id).ToListAsync(ct);
        db.OrganisationAreas.AddRange(districts.Select(d => new OrganisationArea { OrganisationId = borough.OrganisationId, DistrictId = d }));
        var guardCompany = users["vaktare@lagesbild.example"].OrganisationId;
        var guarded = await db.Sensors.AsNoTracking().Select(s => s.SiteId).Distinct().ToListAsync(ct);
        db.GuardContracts.AddRange(guarded.Select(site => new GuardContract { OrganisationId = guardCompany, SiteId = site, CreatedAt = now.AddYears(-1) }));
        await db.SaveChangesAsync(ct);

        var readers = new[] { (users["polis@lagesbild.example"], Classification.Restricted), (users["socialtjanst@lagesbild.example"], Classification.Confidential) };
        var entries = new List<AuditEntry>();
        foreach (var (reader, tier) in readers)
        {
            var owned = await db.Observations.AsNoTracking().Where(o => o.Classification == tier)
                .OrderByDescending(o => o.OccurredFrom).Select(o => o.Id).Take(40).ToListAsync(ct);
            foreach (var id in owned.Where(_ => random.NextDouble() < 0.5))
            {
                entries.Add(new AuditEntry
                {
                    At = now.AddMinutes(-random.Next(60, 30 * 24 * 60)),
                    UserId = reader.Id,
                    ActorName = reader.DisplayName,
                    OrganisationId = reader.OrganisationId,
                    Action = "read",
                    Entity = nameof(Observation),
                    EntityId = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Owner = Core.Access.DataOwners.Of(tier).ToString(),
                    Route = random.NextDouble() < 0.7 ? "page /" : $"GET /api/observations/{id}",
                    Detail = $"{tier} (demo)",
                    PreviousHash = AuditChain.Genesis,
                    Hash = AuditChain.Genesis,
                });
            }
        }
        db.AuditEntries.AddRange(entries.OrderBy(e => e.At));
        await db.SaveChangesAsync(ct);
    }

    // Fixed, not drawn: the random sequence (and with it the rest of the demo) stays as it was before these notes.
    private const int PoliceNoteDays = 12, SocialNoteDays = 20;

    private sealed record SeededScene(Scene Scene, DemoScenes.Plan Plan, GridPoint Centre, List<StatusChange> Changes);

    private async Task<List<SeededScene>> SeedScenesAsync(Random random, Dictionary<string, User> users, DateTimeOffset now, CancellationToken ct)
    {
        var byName = await db.Districts.AsNoTracking().ToDictionaryAsync(d => d.Name, ct);
        var coordinator = users["samordnare@lagesbild.example"];
        var police = users["polis@lagesbild.example"];
        var social = users["socialtjanst@lagesbild.example"];
        var numbering = new Dictionary<string, int>();
        var seeded = new List<SeededScene>();
        foreach (var plan in DemoScenes.All)
        {
            var district = byName[plan.District];
            numbering[plan.District] = numbering.GetValueOrDefault(plan.District) + 1;
            var centre = RandomPointIn(random, district.Area);
            var scene = new Scene
            {
                Name = $"Scen {plan.District} {numbering[plan.District]}",
                Area = ScenePolygon(random, centre),
                DistrictId = district.Id,
                Description = "Demodata: påhittad scen på verklig geografi.",
                CreatedAt = MonthsAgo(now, plan.Suspected),
            };
            var steps = new (SceneStatus Status, int? MonthsAgo, string Reason)[]
            {
                (SceneStatus.Suspected, plan.Suspected, "Tips från fältassistenter och boende."),
                (SceneStatus.Active, plan.Active, "Bekräftad vid gemensam kartläggning med polisen."),
                (SceneStatus.Declining, plan.Declining, "Färre iakttagelser efter insatser."),
                (SceneStatus.Ceased, plan.Ceased, "Inga iakttagelser på tre månader."),
                (SceneStatus.Reopened, plan.Reopened, "Ny aktivitet rapporterad."),
                (SceneStatus.Ceased, plan.CeasedAgain, "Upphört efter ny insats."),
            };
            foreach (var (status, monthsAgo, reason) in steps)
            {
                if (monthsAgo is not { } months)
                    continue;
                var by = status is SceneStatus.Active or SceneStatus.Reopened ? police : coordinator;
                var at = MonthsAgo(now, months).AddHours(random.Next(-72, 72));
                scene.History.Add(new SceneStatusEntry { Status = status, At = at, Reason = reason, ByUserId = by.Id, ByName = by.DisplayName, RecordedAt = at });
                scene.Status = status;
            }
            scene.UpdatedAt = scene.History.Max(h => h.At);
            scene.Notes.Add(new SceneNote
            {
                Text = LocalKnowledge[random.Next(LocalKnowledge.Length)],
                OrganisationId = coordinator.OrganisationId,
                AuthorId = coordinator.Id,
                AuthorName = coordinator.DisplayName,
                CreatedAt = scene.CreatedAt.AddDays(random.Next(5, 40)),
            });
            // The police's own knowledge (Restricted) and social services' contacts (Confidential) on the same scene.
            scene.Notes.Add(new SceneNote
            {
                Text = "Spaning visar överlämningar vid cykelstället sena vardagskvällar; ärendet hos lokalpolisområdet (demo, sekretess).",
                Classification = Classification.Restricted,
                OrganisationId = police.OrganisationId,
                AuthorId = police.Id,
                AuthorName = police.DisplayName,
                CreatedAt = scene.CreatedAt.AddDays(PoliceNoteDays),
            });
            scene.Notes.Add(new SceneNote
            {
                Text = "Fältassistenterna har haft kontakt med tre unga vid platsen; uppföljning med familjerna pågår (demo, socialtjänstsekretess).",
                Classification = Classification.Confidential,
                OrganisationId = social.OrganisationId,
                AuthorId = social.Id,
                AuthorName = social.DisplayName,
                CreatedAt = scene.CreatedAt.AddDays(SocialNoteDays),
            });
            seeded.Add(new SeededScene(scene, plan, Sweref99Tm.Project(centre.X, centre.Y), scene.History.Select(h => new StatusChange(h.Status, h.At)).ToList()));
        }
        db.Scenes.AddRange(seeded.Select(s => s.Scene));
        await db.SaveChangesAsync(ct);
        return seeded;
    }

    private static readonly string[] LocalKnowledge =
    [
        "Samlas vid tunnelbaneuppgången efter 20. Vaktbolaget ser mest aktivitet fredag–lördag.",
        "Försäljning sker i skymundan bakom återvinningsstationen. Dålig belysning på gångvägen.",
        "Boende rapporterar kanyler i buskaget vid lekplatsen, oftast på morgonen.",
        "Aktivitet flyttar till parkeringen när polisen är på plats i centrum.",
        "Fältassistenterna möter unga här på kvällar; flera är under 18.",
    ];

    private async Task SeedObservationsAsync(Random random, List<SeededScene> scenes, Dictionary<string, User> users, DateTimeOffset now, CancellationToken ct)
    {
        var contacts = new Random(options.Value.Seed + 1);
        // A small share goes to the unregistered activity of the last weeks: enough to form a cluster also in a
        // small demo, where a quarter of the dealing is restricted from most roles.
        var emerging = Math.Min(options.Value.Observations / 10, Math.Clamp(options.Value.Observations / 300, 40, 150));
        var total = options.Value.Observations - emerging;
        var start = now.AddYears(-2);
        var span = (now - start).TotalSeconds;
        var districtAreas = await db.Districts.AsNoTracking().Select(d => d.Area).ToListAsync(ct);
        // The Järva coordinator writes none of the city-wide history: what she sees in detail is her area's.
        var authors = users.Values.Where(u => Core.Access.Permissions.CanWriteObservations(u.Roles) && u.Email != DemoAccounts.BoroughCoordinator).ToArray();
        var batch = new List<Observation>(5000);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var made = 0;
        while (made < total)
        {
            var at = start.AddSeconds(random.NextDouble() * span);
            var onScene = random.NextDouble() < 0.75;
            var scene = onScene ? PickActiveScene(random, scenes, at) : null;
            ObservationRequest? request = scene is not null ? SceneObservation(random, scene.Centre, scene.Plan.Profile, at, now)
                : random.NextDouble() < NeighbourhoodShare ? NeighbourhoodObservation(random, scenes[random.Next(scenes.Count)].Centre, at)
                : BackgroundObservation(random, districtAreas, at, now);
            if (request is null || (scene?.Plan.QuietWeeks is { } quiet && at > now.AddDays(-7 * quiet)))
                continue;
            if (request.Classification == Classification.Internal && request.Category is { } category && ConfidentialContact(contacts, category))
                request = request with { Classification = Classification.Confidential };
            var observation = writer.Build(request, ObservationSource.Demo, request.OccurredTo ?? request.OccurredFrom!.Value);
            // Restricted observations are the police's own, Confidential ones social services': each written by its owner.
            // (The draw is made for every observation, so that the rest of the demo stays as it was.)
            var drawn = authors[random.Next(authors.Length)];
            var author = request.Classification switch
            {
                Classification.Restricted => users["polis@lagesbild.example"],
                Classification.Confidential => users["socialtjanst@lagesbild.example"],
                _ => drawn,
            };
            observation.CreatedById = author.Id;
            observation.OrganisationId = author.OrganisationId;
            batch.Add(observation);
            made++;
            if (batch.Count == batch.Capacity || made == total)
            {
                db.Observations.AddRange(batch);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                batch.Clear();
            }
        }
        await SeedUnregisteredAsync(random, emerging, authors, now, ct);
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        if (db.Database.IsNpgsql())
        {
            // Fresh statistics and visibility map after the bulk load, so the picture's covering index is used
            // for index-only scans at once instead of after the first autovacuum.
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE \"Observations\"", ct);
        }
    }

    private async Task SeedUnregisteredAsync(Random random, int count, User[] authors, DateTimeOffset now, CancellationToken ct)
    {
        var plan = DemoScenes.Emerging;
        var area = await db.Districts.AsNoTracking().Where(d => d.Name == plan.District).Select(d => d.Area).SingleAsync(ct);
        var centre = RandomPointIn(random, area);
        var projected = Sweref99Tm.Project(centre.X, centre.Y);
        var start = now.AddDays(-7 * plan.Weeks);
        var made = new List<Observation>();
        while (made.Count < count)
        {
            var at = start.AddSeconds(random.NextDouble() * (now - start).TotalSeconds);
            if (SceneObservation(random, projected, plan.Profile, at, now) is not { } request)
                continue;
            var observation = writer.Build(request, ObservationSource.Demo, request.OccurredTo ?? request.OccurredFrom!.Value);
            // Restricted observations are the police's own.
            var drawn = authors[random.Next(authors.Length)];
            var author = request.Classification == Classification.Restricted ? authors.First(a => a.Roles.Contains(Core.Access.Role.Police)) : drawn;
            observation.CreatedById = author.Id;
            observation.OrganisationId = author.OrganisationId;
            made.Add(observation);
        }
        db.Observations.AddRange(made);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    private static SeededScene? PickActiveScene(Random random, List<SeededScene> scenes, DateTimeOffset at)
    {
        var active = scenes.Where(s => SceneLifecycle.StatusAt(s.Changes, at) is { } status && SceneLifecycle.IsActive(status)).ToList();
        if (active.Count == 0)
            return null;
        var scene = active[random.Next(active.Count)];
        // A declining scene yields half as much.
        return SceneLifecycle.StatusAt(scene.Changes, at) == SceneStatus.Declining && random.NextDouble() < 0.5 ? null : scene;
    }

    private static ObservationRequest? SceneObservation(Random random, GridPoint centre, DemoScenes.Evening profile, DateTimeOffset at, DateTimeOffset now)
    {
        var local = Stockholm.ToLocal(at);
        // Keep the draw only in proportion to the scene's activity at that hour of the week (rejection sampling).
        if (random.NextDouble() > Activity(profile, local))
            return null;
        var category = Pick(random, SceneMix);
        var point = new GridPoint(centre.X + (Gaussian(random) * 45), centre.Y + (Gaussian(random) * 45));
        var (lon, lat) = Sweref99Tm.Unproject(point);
        if (category == ObservationCategory.Syringes)
            return SyringesFoundNextMorning(random, category, lon, lat, local, now);
        return new ObservationRequest(category, lat, lon, at, null, 1, ClassificationFor(random, category), null);
    }

    /// <summary>Syringes are found on the morning round: left at some hour since the evening before.</summary>
    private static ObservationRequest? SyringesFoundNextMorning(Random random, ObservationCategory category, double lon, double lat, DateTime local, DateTimeOffset now)
    {
        var foundDay = local.Date.AddDays(local.Hour >= 7 ? 1 : 0);
        var found = Stockholm.ToInstant(foundDay.AddHours(6).AddMinutes(random.Next(0, 90)));
        var since = Stockholm.ToInstant(foundDay.AddDays(-1).AddHours(16));
        if (found > now)
            return null;
        return new ObservationRequest(category, lat, lon, since, found, random.Next(1, 6), Classification.Internal, "Hittade vid morgonrondering.");
    }

    /// <summary>The share of the off-scene reports that fall in a scene's neighbourhood rather than anywhere in the city.</summary>
    private const double NeighbourhoodShare = 0.4;

    /// <summary>
    /// A report 300 to 1,200 m from a scene, whatever its status: the streets around a scene see more of the same
    /// at a low, steady rate. It is what a measure's effect is compared with (a ring around its area).
    /// </summary>
    private static ObservationRequest? NeighbourhoodObservation(Random random, GridPoint centre, DateTimeOffset at)
    {
        var local = Stockholm.ToLocal(at);
        if (random.NextDouble() > (local.Hour is >= 7 and < 23 ? 1.0 : 0.3))
            return null;
        var angle = random.NextDouble() * 2 * Math.PI;
        // Uniform over the ring's area: the radius grows as the square root.
        var distance = Math.Sqrt((300 * 300) + (random.NextDouble() * ((1200 * 1200) - (300 * 300))));
        var (lon, lat) = Sweref99Tm.Unproject(new GridPoint(centre.X + (distance * Math.Cos(angle)), centre.Y + (distance * Math.Sin(angle))));
        var category = Pick(random, SceneMix);
        return new ObservationRequest(category, lat, lon, at, null, 1, ClassificationFor(random, category), null);
    }

    private static ObservationRequest? BackgroundObservation(Random random, List<Polygon> districts, DateTimeOffset at, DateTimeOffset now)
    {
        var local = Stockholm.ToLocal(at);
        // Background reports follow the day: few at night.
        if (random.NextDouble() > (local.Hour is >= 7 and < 22 ? 1.0 : 0.25))
            return null;
        var area = districts[random.Next(districts.Count)];
        var point = RandomPointIn(random, area);
        var category = Pick(random, BackgroundMix);
        return new ObservationRequest(category, point.Y, point.X, at, null, 1, random.NextDouble() < 0.3 ? Classification.Public : Classification.Internal, null);
    }

    /// <summary>How active a scene of a kind is at a local time, 0..1: evenings, nights or afternoons, more at weekends.</summary>
    private static double Activity(DemoScenes.Evening kind, DateTime local)
    {
        var hour = local.Hour;
        var weekend = local.DayOfWeek is DayOfWeek.Friday or DayOfWeek.Saturday;
        var level = kind switch
        {
            DemoScenes.Evening.Night => hour >= 22 || hour < 4 ? 1.0 : hour >= 18 ? 0.5 : 0.05,
            DemoScenes.Evening.Afternoon => hour is >= 14 and < 21 ? 1.0 : hour is >= 11 and < 23 ? 0.35 : 0.03,
            _ => hour is >= 18 and < 24 ? 1.0 : hour is >= 15 or < 2 ? 0.4 : 0.04,
        };
        return Math.Min(1, level * (weekend ? 1.0 : 0.7));
    }

    /// <summary>
    /// Some of the gatherings at scenes are social services' outreach contacts (Confidential). Drawn from a random
    /// source of their own, and never a drug category, so that the rest of the demo (and the effects it shows) stays.
    /// </summary>
    private static bool ConfidentialContact(Random contacts, ObservationCategory category) =>
        category == ObservationCategory.Gathering && contacts.NextDouble() < 0.15;

    private static Classification ClassificationFor(Random random, ObservationCategory category)
    {
        var roll = random.NextDouble();
        if (category == ObservationCategory.Dealing && roll < 0.25)
            return Classification.Restricted;
        return roll < 0.85 ? Classification.Internal : Classification.Public;
    }

    internal static T Pick<T>(Random random, (T Item, double Weight)[] mix)
    {
        var roll = random.NextDouble() * mix.Sum(m => m.Weight);
        foreach (var (item, weight) in mix)
        {
            roll -= weight;
            if (roll <= 0)
                return item;
        }
        return mix[^1].Item;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>A random point inside a polygon (lon as X, lat as Y), by rejection within its envelope.</summary>
    internal static Point RandomPointIn(Random random, Polygon area)
    {
        var box = area.EnvelopeInternal;
        for (var i = 0; i < 1000; i++)
        {
            var point = area.Factory.CreatePoint(new Coordinate(box.MinX + (random.NextDouble() * box.Width), box.MinY + (random.NextDouble() * box.Height)));
            if (area.Contains(point))
                return point;
        }
        return area.InteriorPoint;
    }

    /// <summary>An irregular eight-sided area, 80-180 m across, around a centre.</summary>
    private static Polygon ScenePolygon(Random random, Point centre)
    {
        var middle = Sweref99Tm.Project(centre.X, centre.Y);
        var ring = Enumerable.Range(0, 8).Select(i =>
        {
            var angle = i * Math.PI / 4;
            var radius = 80 + (random.NextDouble() * 100);
            var (lon, lat) = Sweref99Tm.Unproject(new GridPoint(middle.X + (radius * Math.Cos(angle)), middle.Y + (radius * Math.Sin(angle))));
            return new Coordinate(Math.Round(lon, 6), Math.Round(lat, 6));
        }).ToList();
        ring.Add(ring[0]);
        return PolygonInput.Wgs84.CreatePolygon([.. ring]);
    }

    private static DateTimeOffset MonthsAgo(DateTimeOffset now, int months) => now.AddMonths(-months);
}
