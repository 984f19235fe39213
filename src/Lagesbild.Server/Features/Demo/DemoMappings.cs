using Lagesbild.Core.Geo;
using Lagesbild.Core.Scenes;
using Lagesbild.Core.Time;
using Lagesbild.Data;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Lagesbild.Server.Features.Demo;

/// <summary>
/// Two synthetic snapshots of the regional mapping, dated 15 October of the last two years before this one (2024
/// and 2025 when the demo runs in 2026), imported by the police. The earlier one counts the register's active scenes
/// as they were drawn; the later one shows each kind of difference beside the register: one active scene it lacks,
/// a place the register does not have, one scene grown by 40 m all round (an area change against the scene and against
/// the year before) and one given only as a point with its area.
/// </summary>
public sealed class DemoMappings(LagesbildDb db)
{
    public const string Source = "Polisen region Stockholm, SSR kartläggning (syntetiska demodata)";

    public async Task SeedAsync(User police, DateTimeOffset now, CancellationToken ct)
    {
        var year = Stockholm.ToLocal(now).Year;
        var scenes = await db.Scenes.AsNoTracking().Include(s => s.History).Include(s => s.District).OrderBy(s => s.Id).ToListAsync(ct);
        var districts = await db.Districts.AsNoTracking().OrderBy(d => d.Id).ToListAsync(ct);
        var earlier = new DateOnly(year - 2, 10, 15);
        var later = new DateOnly(year - 1, 10, 15);
        db.Mappings.Add(Mapping(earlier, police, now, ActiveOn(scenes, earlier).Select(s => Place(s, s.Area)).ToList()));

        var active = ActiveOn(scenes, later);
        var places = new List<MappingPlace>();
        for (var i = 0; i < active.Count - 1; i++) // the last one is only in the register
        {
            var scene = active[i];
            places.Add(i switch
            {
                0 => Place(scene, Grown(scene.Area, 40), "Området har vuxit mot parkeringen sedan förra kartläggningen."),
                1 => Place(scene, scene.Area.InteriorPoint, "Angiven som punkt med uppskattad yta.", Math.Round(Sweref99Tm.Project(scene.Area).Area)),
                _ => Place(scene, scene.Area),
            });
        }
        var far = Farthest(districts, active);
        places.Add(new MappingPlace { Name = $"Ny plats {far.Name} 1", Shape = far.Area.InteriorPoint, StatedArea = 3500, Notes = "Ny i årets kartläggning; saknas i stadens register." });
        db.Mappings.Add(Mapping(later, police, now, places));
        await db.SaveChangesAsync(ct);
    }

    private static List<Scene> ActiveOn(List<Scene> scenes, DateOnly date) =>
        scenes.Where(s => SceneLifecycle.IsActiveAt(s.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new StatusChange(h.Status, h.At)), Stockholm.StartOfDay(date))).ToList();

    private static Mapping Mapping(DateOnly date, User police, DateTimeOffset now, List<MappingPlace> places) => new()
    {
        Date = date,
        Source = $"{Source}, hösten {date.Year}",
        ImportedAt = Stockholm.StartOfDay(date.AddDays(14)) < now ? Stockholm.StartOfDay(date.AddDays(14)) : now,
        ImportedById = police.Id,
        ImportedByName = police.DisplayName,
        Places = places,
    };

    private static MappingPlace Place(Scene scene, Geometry shape, string? notes = null, double? area = null) =>
        new() { Name = scene.Name.Replace("Scen ", "Plats ", StringComparison.Ordinal), Shape = shape, StatedArea = area, Notes = notes };

    /// <summary>A scene's area grown by some metres all round, drawn in WGS84 again.</summary>
    private static Geometry Grown(Polygon area, double metres)
    {
        var grown = (Polygon)Sweref99Tm.Project(area).Buffer(metres, 2);
        var ring = ((Polygon)Sweref99Tm.Unproject(grown)).ExteriorRing.Coordinates.Select(c => new Coordinate(Math.Round(c.X, 6), Math.Round(c.Y, 6))).ToArray();
        return PolygonInput.Wgs84.CreatePolygon(ring);
    }

    /// <summary>The district whose inside lies farthest from every active scene: a new place nowhere near the register's.</summary>
    private static District Farthest(List<District> districts, List<Scene> active) =>
        districts.MaxBy(d => active.Count == 0 ? 0 : active.Min(s => Sweref99Tm.Project(s.Area).Distance(Sweref99Tm.Project(d.Area.InteriorPoint))))!;
}
