using System.ComponentModel.DataAnnotations;
using Lagesbild.Data;

namespace Lagesbild.Server.Features.Hosting;

public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}

public sealed class DataOptions
{
    public const string Section = "Data";
    [Required]
    public string Directory { get; set; } = "./data";
}

public sealed class DemoOptions
{
    public const string Section = "Demo";
    public bool Enabled { get; set; }
    /// <summary>Observations the demo generates over the last two years.</summary>
    [Range(0, 2_000_000)]
    public int Observations { get; set; } = 50_000;
    public int Seed { get; set; } = 2018;
}

public sealed class MapOptions
{
    public const string Section = "Map";
    /// <summary>The base map's tile URL; empty for none (the district polygons alone still make a readable map).</summary>
    public string TileUrl { get; set; } = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
    public string TileAttribution { get; set; } = "&copy; OpenStreetMap contributors";
    /// <summary>
    /// A folder of the city's own tiles ({z}/{x}/{y}.png and the like), served at /tiles for <see cref="TileUrl"/>
    /// "/tiles/{z}/{x}/{y}.png": a base map with no outside server. Empty for none.
    /// </summary>
    public string TileDirectory { get; set; } = "";
}

/// <summary>The program's own switches, turned into configuration keys before the host reads them.</summary>
public static class CommandLine
{
    public static string[] Normalize(string[] args)
    {
        var result = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--demo":
                    result.Add("--Demo:Enabled=true");
                    break;
                case "--data" when i + 1 < args.Length:
                    result.Add($"--Data:Directory={args[++i]}");
                    break;
                default:
                    result.Add(args[i]);
                    break;
            }
        }
        return [.. result];
    }
}
