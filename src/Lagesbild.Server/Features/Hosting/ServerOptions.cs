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
        // The settings files are read at the start, and a change to them is taken at the next start. Watching them
        // would watch the content root and all beneath it, where ./data (the default) keeps the database: each
        // commit would wake the watcher. Given on the command line after this, true turns watching on again.
        var result = new List<string> { "--hostBuilder:reloadConfigOnChange=false" };
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
