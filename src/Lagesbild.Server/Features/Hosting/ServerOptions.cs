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
