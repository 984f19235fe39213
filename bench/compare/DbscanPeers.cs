using System.Diagnostics;
using System.Globalization;
using Lagesbild.Core.Analysis.Clustering;
using Npgsql;

namespace Lagesbild.Bench.Compare;

/// <summary>A clustering run: median milliseconds and the labels, or why there are none.</summary>
public sealed record ClusterRun(string Peer, double? Median, int Runs, int[]? Labels, string? Note = null);

public static class DbscanPeers
{
    public const double Eps = 49.5, EpsSeconds = 86399.5;

    public static ClusterRun Ours(Observations points, int minPoints, bool spaceTime, int runs)
    {
        // Warm-up runs (at least 40, or 3 s), so that the measured runs use fully optimised code, as a long-lived
        // server does: .NET compiles hot methods again with optimisations after about 30 calls.
        var warm = Stopwatch.StartNew();
        for (var i = 0; i < 40 && (i < 3 || warm.Elapsed < TimeSpan.FromSeconds(3)); i++)
            Run();
        var (median, labels) = Timing.Median(runs, Run);
        return new ClusterRun("Lägesbild core", median, runs, labels);

        int[] Run() => spaceTime
            ? StDbscan.Cluster(points.X, points.Y, points.T, Eps, EpsSeconds, minPoints)
            : Dbscan.Cluster(points.X, points.Y, Eps, minPoints);
    }

    /// <summary>scikit-learn through Debian's python3 (its fit() timed in Python), reading the same CSV.</summary>
    public static ClusterRun ScikitLearn(string csv, string folder, int minPoints, bool spaceTime, int runs)
    {
        var labelsFile = Path.Combine(folder, "sklearn-labels.csv");
        var script = Path.Combine(AppContext.BaseDirectory, "sklearn_dbscan.py");
        var arguments = string.Create(CultureInfo.InvariantCulture, $"\"{script}\" \"{csv}\" {Eps} {minPoints} {runs} \"{labelsFile}\"") + (spaceTime ? string.Create(CultureInfo.InvariantCulture, $" {EpsSeconds}") : "");
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            return new ClusterRun("scikit-learn", null, 0, null, $"failed: {error.Trim().Split('\n').LastOrDefault()}");
        var labels = File.ReadLines(labelsFile).Skip(1).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        return new ClusterRun("scikit-learn", double.Parse(output.Trim(), CultureInfo.InvariantCulture), runs, labels);
    }

    /// <summary>PostGIS ST_ClusterDBSCAN over a table of points (loaded once, not timed); noise comes back as NULL.</summary>
    public static ClusterRun PostGis(string connectionString, Observations points, int minPoints, int runs, TimeSpan budget)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        Sql.Run(connection, "CREATE EXTENSION IF NOT EXISTS postgis; DROP TABLE IF EXISTS raw, pts; CREATE TABLE raw(id INT, x DOUBLE PRECISION, y DOUBLE PRECISION);");
        using (var writer = connection.BeginBinaryImport("COPY raw (id, x, y) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < points.Count; i++)
            {
                writer.StartRow();
                writer.Write(i);
                writer.Write(points.X[i]);
                writer.Write(points.Y[i]);
            }
            writer.Complete();
        }
        Sql.Run(connection, "CREATE TABLE pts AS SELECT id, ST_MakePoint(x, y) AS geom FROM raw ORDER BY id; ALTER TABLE pts ADD PRIMARY KEY (id);");
        Sql.Run(connection, "VACUUM ANALYZE pts");
        var sql = string.Create(CultureInfo.InvariantCulture, $"SELECT id, ST_ClusterDBSCAN(geom, eps => {Eps}, minpoints => {minPoints}) OVER () FROM pts");
        var times = new List<double>();
        int[] labels = [];
        var spent = Stopwatch.StartNew();
        for (var run = 0; run < runs && (run == 0 || spent.Elapsed < budget); run++)
        {
            var clock = Stopwatch.StartNew();
            labels = new int[points.Count];
            Sql.Read(connection, sql, r => labels[r.GetInt32(0)] = r.IsDBNull(1) ? -1 : r.GetInt32(1));
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return new ClusterRun("PostGIS ST_ClusterDBSCAN", times[times.Count / 2], times.Count, labels);
    }

    /// <summary>
    /// How far labels are from scikit-learn's: identical, or the number of points in another cluster (or noise)
    /// than scikit-learn's once each cluster is matched to the scikit-learn cluster most of its points are in.
    /// </summary>
    public static (bool Identical, int Differing) Compare(int[] labels, int[] reference)
    {
        if (labels.SequenceEqual(reference))
            return (true, 0);
        var match = labels.Zip(reference).Where(p => p.First >= 0).GroupBy(p => p.First)
            .ToDictionary(g => g.Key, g => g.GroupBy(p => p.Second).MaxBy(r => r.Count())!.Key);
        return (false, labels.Zip(reference).Count(p => (p.First < 0 ? -1 : match[p.First]) != p.Second));
    }
}
