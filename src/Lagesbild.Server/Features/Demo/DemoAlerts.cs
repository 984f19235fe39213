using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Rounds;
using Lagesbild.Core.Sites;
using Lagesbild.Data;
using Lagesbild.Server.Features.Observations;
using Lagesbild.Server.Features.Rounds;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Demo;

/// <summary>
/// The child-safety story of the demo: the principal's school has a property contact (a housing company's fault
/// desk), and its latest morning round (this morning on a school day) found two syringes by the fence that could not
/// be removed safely; the principal and the housing company have the notice in their lists.
/// </summary>
public sealed class DemoAlerts(LagesbildDb db, ObservationWriter writer)
{
    public static readonly string HousingCompany = DemoAccounts.Organisations[6].Name;
    public static readonly string PublicTransport = DemoAccounts.Organisations[7].Name;
    public const string FaultDesk = "felanmalan@bostadsbolaget.example";

    public async Task SeedAsync(IReadOnlyCollection<User> users, CancellationToken ct)
    {
        // The partners in samverkan see Järva in detail (the governed-sharing scope), like the borough's coordinator.
        var partners = await db.Organisations.Where(o => o.Name == HousingCompany || o.Name == PublicTransport).ToListAsync(ct);
        var jarva = await db.Districts.AsNoTracking().Where(d => d.Borough == DemoAccounts.ScopedBorough).Select(d => d.Id).ToListAsync(ct);
        db.OrganisationAreas.AddRange(partners.SelectMany(p => jarva.Select(d => new OrganisationArea { OrganisationId = p.Id, DistrictId = d })));
        var housing = partners.Single(o => o.Name == HousingCompany);

        var principal = users.First(u => u.Roles.Contains(Role.SchoolManager));
        var caretaker = users.First(u => u.Roles.Contains(Role.SchoolStaff));
        var school = await db.Sites.Where(s => s.OrganisationId == principal.OrganisationId && s.Kind == SiteKind.School).OrderBy(s => s.Id).FirstAsync(ct);
        school.PropertyContactEmail = FaultDesk;
        school.PropertyContactOrganisationId = housing.Id;
        var round = await db.Rounds.Include(r => r.Site).Where(r => r.SiteId == school.Id && r.StartedAt != null)
            .OrderByDescending(r => r.Date).FirstOrDefaultAsync(ct);
        if (round is null)
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        var foundAt = round.StartedAt!.Value.AddMinutes(4);
        var box = (round.Site!.Yard ?? (NetTopologySuite.Geometries.Geometry)round.Site.Location.Buffer(0.0003)).EnvelopeInternal;
        var (lon, lat) = (box.MinX + (box.Width * 0.1), box.MinY + (box.Height * 0.9)); // by the fence, in a corner of the yard
        var observation = writer.Build(new ObservationRequest(ObservationCategory.Syringes, lat, lon, foundAt.AddHours(-14), foundAt, 2, Classification.Internal, null),
            ObservationSource.Round, foundAt);
        observation.CreatedById = caretaker.Id;
        observation.OrganisationId = caretaker.OrganisationId;
        db.Observations.Add(observation);
        await db.SaveChangesAsync(ct);
        var finding = new Finding
        {
            RoundId = round.Id,
            Category = FindingCategory.Syringes,
            Count = 2,
            Lat = lat,
            Lon = lon,
            RemovedSafely = false,
            Text = "Två sprutor i buskarna vid staketet mot gångvägen. Kunde inte plocka upp dem säkert – området är avspärrat med koner.",
            FoundAt = foundAt,
            RecordedAt = foundAt,
            CreatedById = caretaker.Id,
            ObservationId = observation.Id,
        };
        db.Findings.Add(finding);
        await db.SaveChangesAsync(ct);
        var notice = ChildSafetyAlerts.NoticeOf(round, finding);
        db.Notifications.Add(Notifications.Notifier.InApp(notice, principal.Id, foundAt));
        db.Notifications.AddRange(users.Where(u => u.OrganisationId == housing.Id).Select(u => Notifications.Notifier.InApp(notice, u.Id, foundAt)));
        await db.SaveChangesAsync(ct);
    }
}
