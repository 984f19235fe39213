using Lagesbild.Core.Cameras;
using Lagesbild.Core.Sites;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Cameras;
using Lagesbild.Server.Features.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Demo;

/// <summary>
/// The demo's camera register: the camera at Förskola Rinkeby 1 and cameras at a few schools near active scenes, each
/// registered by the coordinator through the register's own rules (so a demo camera can never record while a school is open).
/// </summary>
public sealed class DemoCameras(LagesbildDb db, CameraRegister register)
{
    private const string AssessedBy = "Säkerhetschef, utbildningsförvaltningen (demo)";

    public async Task SeedAsync(User coordinator, DateTimeOffset now, CancellationToken ct)
    {
        var user = new CurrentUser(coordinator.Id, coordinator.OrganisationId, coordinator.DisplayName, coordinator.Roles);
        var madeOn = DateOnly.FromDateTime(Core.Time.Stockholm.ToLocal(now)).AddDays(-45);
        var home = await db.Sites.AsNoTracking().FirstAsync(s => s.Name == "Förskola Rinkeby 1", ct);
        var schools = (await db.Sites.AsNoTracking().Where(s => s.Kind == SiteKind.School).OrderBy(s => s.Id).ToListAsync(ct))
            .Where(s => s.Name.StartsWith("Skola Rinkeby", StringComparison.Ordinal) || s.Name.StartsWith("Skola Tensta", StringComparison.Ordinal))
            .Take(3).ToList();
        var cameras = new List<CameraRequest>
        {
            Request(home.Id, "Kamera gården", "Förebygga och utreda skadegörelse och fynd av kanyler på förskolegården när förskolan är stängd.",
                "Förskolegården från entrén till sandlådan och förrådet; inte gatan eller grannfastigheten.",
                "Kanyler och skadegörelse har hittats på gården flera morgnar i veckan under hösten; polisen har kartlagt en öppen scen 300 meter bort. " +
                "Bevakningen sker bara när förskolan är stängd, täcker bara gården och bilderna sparas kort; barn och personal filmas aldrig. " +
                "Intresset av att förebygga brott och skydda barnen väger tyngre än intrånget för dem som vistas på gården på kvällar och helger.",
                madeOn, null, 3, "Vid grinden mot gångvägen och vid huvudentrén", DemoCameraStill.Seeded),
            Request(home.Id, "Kamera förrådet", "Förebygga inbrott i förrådet.", "Förrådsdörren och ytan framför den.",
                "Två inbrott i förrådet under våren. Kameran ser bara förrådsdörren och spelar in nätter och helger inom fönster som ligger utanför öppettiden. " +
                "Intrånget är litet: platsen är inte en gångväg.",
                madeOn.AddDays(7), new RecordingHoursRequest(RecordingMode.Windows, [
                    new(DayOfWeek.Saturday, "00:00", "24:00"), new(DayOfWeek.Sunday, "00:00", "24:00"),
                ]), 7, "På förrådsdörren", DemoCameraStill.Seeded),
        };
        foreach (var school in schools)
        {
            cameras.Add(Request(school.Id, "Kamera skolgården", "Förebygga skadegörelse och narkotikahandel på skolgården när skolan är stängd.",
                "Skolgården och fasaden mot skolgården; inte gatan.",
                "Skolan ligger nära en aktiv öppen drogscen och rondernas fynd har ökat. Integritetsskyddsmyndighetens praxis för skolfasader tillåter " +
                "bevakning utanför skoltid; kameran spelar därför in bara när skolan är stängd enligt dess kalender, och inspelningar gallras efter en vecka.",
                madeOn.AddDays(14), null, 7, "Vid skolgårdens två ingångar", DemoCameraStill.Seeded));
        }
        foreach (var camera in cameras)
        {
            if (await register.CreateAsync(camera, user, null, ct) is not Outcome<Written<CameraView>>.Done)
                throw new InvalidOperationException($"The demo camera '{camera.Name}' breaks the register's rules.");
        }
    }

    private static CameraRequest Request(int siteId, string name, string purpose, string area, string assessment, DateOnly madeOn,
        RecordingHoursRequest? hours, int retentionDays, string? signs, string? snapshotUrl) =>
        new(siteId, name, purpose, area, new AssessmentRequest(assessment, madeOn, AssessedBy), hours, retentionDays, signs is not null, signs, snapshotUrl);
}
