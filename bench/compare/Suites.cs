using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Lagesbild.Bench.Compare;

/// <summary>Runs every peer on the same data in the same run and writes the tables (Markdown).</summary>
public sealed class Suites(Options options, StringBuilder report)
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lagesbild-compare-").FullName;
    private readonly string? _postgres = options.Maybe("postgres");

    private static string Ms(double? value) => value is { } v ? v.ToString(v < 10 ? "0.00" : v < 100 ? "0.0" : "0", CultureInfo.InvariantCulture) : "–";

    private static string Ratio(double? peer, double? ours) => peer is { } p && ours is { } o && o > 0 ? (p / o).ToString("0.0", CultureInfo.InvariantCulture) + "×" : "–";

    private void Line(string text)
    {
        report.AppendLine(text);
        Console.WriteLine(text);
    }

    public void Clustering()
    {
        Line("### DBSCAN and ST-DBSCAN (eps 49.5 m, ST: 86,399.5 s)");
        Line("");
        Line("| data | points | minPoints | Lägesbild | scikit-learn | PostGIS | best peer ÷ ours | labels vs scikit-learn |");
        Line("|---|---|---|---|---|---|---|---|");
        foreach (var size in options.Get("sizes", "10000,100000,1000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)))
            Cluster($"synthetic (seed 1)", Observations.Generate(size, 1), 10, spaceTime: false);
        Cluster("synthetic (seed 1), ST-DBSCAN", Observations.Generate(100_000, 1), 10, spaceTime: true);
        if (options.Maybe("sf") is { } sf)
        {
            foreach (var (file, label) in new[] { ("sf_drug_narcotic_2017.csv", "San Francisco drug incidents 2017"), ("sf_crime_2017_sample.csv", "San Francisco incidents 2017") })
            {
                if (RealData.SanFrancisco(sf, file) is { } points)
                    Cluster(label, points, 5, spaceTime: false);
            }
        }
        Line("");
    }

    private void Cluster(string name, Observations points, int minPoints, bool spaceTime)
    {
        var csv = Path.Combine(_folder, "points.csv");
        points.WriteCsv(csv);
        var runs = points.Count >= 1_000_000 ? 3 : 5;
        var ours = DbscanPeers.Ours(points, minPoints, spaceTime, options.Int("runs", 7));
        var sklearn = DbscanPeers.ScikitLearn(csv, _folder, minPoints, spaceTime, runs);
        ClusterRun? postgis = spaceTime || _postgres is null ? null : DbscanPeers.PostGis(_postgres, points, minPoints, runs, TimeSpan.FromMinutes(2));
        var best = new[] { sklearn, postgis }.Where(p => p?.Median is not null && p.Labels is not null).MinBy(p => p!.Median);
        var labels = new List<string>();
        foreach (var run in new[] { ours, postgis })
        {
            if (run?.Labels is null || sklearn.Labels is null)
                continue;
            var (identical, differing) = DbscanPeers.Compare(run.Labels, sklearn.Labels);
            labels.Add(identical ? $"{run.Peer}: identical" : differing == 0 ? $"{run.Peer}: same clusters, numbered differently" : $"{run.Peer}: **{differing} points differ**");
        }
        var clusters = sklearn.Labels?.Where(l => l >= 0).Distinct().Count();
        Line($"| {name} | {points.Count:N0} | {minPoints} | {Ms(ours.Median)} ms | {Ms(sklearn.Median)} ms{Note(sklearn)} | {(postgis is null ? "n/a" : Ms(postgis.Median) + " ms" + Note(postgis))} | " +
            $"{Ratio(best?.Median, ours.Median)} | {string.Join("; ", labels)} ({clusters} clusters) |");
    }

    private static string Note(ClusterRun run) => run.Note is { } note ? $" ({note})" : run.Runs < 3 ? $" ({run.Runs} run)" : "";

    public void Picture()
    {
        Line("### The full picture of a window (grid counts, hour of week, quartic KDE 500 m, Gi* band 500 m)");
        Line("");
        Line("| observations | Lägesbild core | DuckDB | PostGIS SQL | SQLite GROUP BY | DuckDB ÷ ours | results |");
        Line("|---|---|---|---|---|---|---|");
        foreach (var size in options.Get("picture-sizes", "1000000,10000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)))
        {
            var data = PictureData.Generate(size, 2);
            var engines = new List<IPictureEngine> { new OursPicture(), new DuckDbPicture() };
            if (_postgres is not null)
                engines.Add(new PostgisPicture(_postgres));
            engines.Add(new SqlitePicture(_folder));
            var results = new Dictionary<string, double>();
            PictureAnswer? reference = null;
            var checks = new List<string>();
            foreach (var engine in engines)
            {
                using (engine)
                {
                    var load = Stopwatch.StartNew();
                    engine.Load(data);
                    Console.Error.WriteLine($"{engine.Name}: loaded {size:N0} in {load.Elapsed.TotalSeconds:0.0} s");
                    var runs = engine is OursPicture ? 11 : size >= 10_000_000 && engine is not DuckDbPicture ? 3 : 5;
                    for (var i = 0; i < (engine is OursPicture ? 10 : 1); i++)
                        engine.Compute(data);
                    var (median, answer) = Timing.Median(runs, () => engine.Compute(data));
                    results[engine.Name] = median;
                    reference ??= answer;
                    if (answer.DiffersFrom(reference) is { } difference)
                        checks.Add($"{engine.Name}: **{difference}**");
                }
            }
            var ours = results["Lägesbild core (in memory)"];
            var duck = results["DuckDB (in process)"];
            Line($"| {size:N0} | {Ms(ours)} ms | {Ms(duck)} ms | {Ms(results.GetValueOrDefault("PostgreSQL 15 + PostGIS (SQL)", double.NaN))} ms | " +
                $"{Ms(results["SQLite GROUP BY (+ core KDE, Gi*)"])} ms | {Ratio(duck, ours)} | {(checks.Count == 0 ? "all engines agree" : string.Join("; ", checks))} |");
        }
        Line("");
    }
}
