using Lagesbild.Core.Scenes;

namespace Lagesbild.Server.Features.Scenes;

/// <summary>The scene register's settings ("Scenes" in configuration).</summary>
public sealed class SceneOptions
{
    public const string Section = "Scenes";

    /// <summary>
    /// Which party confirms a change to each status (Scenes:Confirmation:Ceased = Police; None turns it off). By
    /// default the police confirm Active and Ceased when anyone else proposes them.
    /// </summary>
    public Dictionary<SceneStatus, Party> Confirmation { get; set; } = StatusConfirmation.Defaults();
}
