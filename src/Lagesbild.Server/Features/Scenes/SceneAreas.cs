using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using NetTopologySuite.Geometries;

namespace Lagesbild.Server.Features.Scenes;

/// <summary>The area's history: each new outline of a scene is dated and kept.</summary>
public static class SceneAreas
{
    /// <summary>
    /// Gives the scene a new outline from <paramref name="at"/>. A scene registered before outlines were kept first
    /// gets its present outline, dated when it was registered, so that no outline is lost. The scene's Areas must be loaded.
    /// </summary>
    public static void Redraw(Scene scene, Polygon area, DateTimeOffset at, string reason, CurrentUser user)
    {
        if (scene.Areas.Count == 0 && scene.Id != 0)
            scene.Areas.Add(new SceneArea { Area = scene.Area, From = scene.CreatedAt, Reason = "Registered.", ByName = "" });
        scene.Area = area;
        scene.Areas.Add(new SceneArea { Area = area, From = at, Reason = reason, ByUserId = user.Id == 0 ? null : user.Id, ByName = user.Name });
    }
}
