using Lagesbild.Core.Geo;
using Lagesbild.Core.Scenes;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Scenes;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;

namespace Lagesbild.Server.Features.Demo;

/// <summary>
/// The lineage of the demo: a scene that arose next to Scen Kista 1 this term and grew into it (merged, with both
/// outlines kept), and the city's proposal that Scen Vällingby 1 has ceased, waiting for the police to confirm.
/// The merge comes and goes within the present term, so the city's reported counts at the terms' starts stay as they are.
/// </summary>
public sealed class DemoLineage(LagesbildDb db, SceneStatusChanges statusChanges)
{
    private const int ActiveDaysAgo = 25, MergedDaysAgo = 8;

    public async Task SeedAsync(IReadOnlyDictionary<string, User> users, DateTimeOffset now, CancellationToken ct)
    {
        var coordinator = users["samordnare@lagesbild.example"];
        var police = users["polis@lagesbild.example"];
        var byPolice = new CurrentUser(police.Id, police.OrganisationId, police.DisplayName, police.Roles);
        var receiving = await db.Scenes.Include(s => s.Areas).SingleAsync(s => s.Name == "Scen Kista 1", ct);
        // About 150 m east of Scen Kista 1, overlapping it (the demo's scenes reach 80-180 m from their centre).
        var shifted = (Polygon)Sweref99Tm.Unproject(AffineTransformation.TranslationInstance(150, 0).Transform(Sweref99Tm.Project(receiving.Area)));
        var (activeAt, mergedAt) = (now.AddDays(-ActiveDaysAgo), now.AddDays(-MergedDaysAgo));
        var grown = new Scene
        {
            Name = "Scen Kista 2",
            Area = shifted,
            DistrictId = receiving.DistrictId,
            Description = "Demodata: påhittad scen som växte ihop med Scen Kista 1.",
            Status = SceneStatus.Ceased,
            CreatedAt = activeAt.AddDays(-3),
            UpdatedAt = mergedAt,
        };
        grown.History.Add(Entry(SceneStatus.Suspected, activeAt.AddDays(-3), "Tips från boende om försäljning vid gångtunneln.", coordinator));
        grown.History.Add(Entry(SceneStatus.Active, activeAt, "Bekräftad vid gemensam kartläggning med polisen.", police));
        grown.History.Add(Entry(SceneStatus.Ceased, mergedAt, "Merged into Scen Kista 1. Platserna har vuxit ihop längs gångvägen.", police));
        SceneAreas.Redraw(grown, shifted, grown.CreatedAt, "Registered.", byPolice);
        db.Scenes.Add(grown);
        var (union, _) = SceneLineage.Union(receiving.Area, shifted);
        SceneAreas.Redraw(receiving, union!, mergedAt, "Merged with Scen Kista 2.", byPolice);
        receiving.UpdatedAt = mergedAt;
        await db.SaveChangesAsync(ct);
        db.SceneLinks.Add(new SceneLink { FromSceneId = grown.Id, ToSceneId = receiving.Id, Kind = LineageKind.Merge, At = mergedAt, ByUserId = police.Id, ByName = police.DisplayName });
        await db.SaveChangesAsync(ct);

        // The city proposes, through the same path as the page, so the police are told in the app.
        var vallingby = await db.Scenes.AsNoTracking().SingleAsync(s => s.Name == "Scen Vällingby 1", ct);
        var byCoordinator = new CurrentUser(coordinator.Id, coordinator.OrganisationId, coordinator.DisplayName, coordinator.Roles);
        await statusChanges.ChangeAsync(vallingby.Id, new StatusRequest(SceneStatus.Ceased, null, "Inga iakttagelser sedan i somras enligt stadens rondering och fältassistenterna."), null, byCoordinator, ct);
    }

    private static SceneStatusEntry Entry(SceneStatus status, DateTimeOffset at, string reason, User by) =>
        new() { Status = status, At = at, Reason = reason, ByUserId = by.Id, ByName = by.DisplayName, RecordedAt = at };
}
