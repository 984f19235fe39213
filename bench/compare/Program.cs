using System.Globalization;
using Lagesbild.Bench.Compare;
using Lagesbild.Core.Analysis.Clustering;

// lagesbild-bench-compare generate --points N --seed S --output FILE
// lagesbild-bench-compare dbscan --input FILE --eps E [--eps-seconds S] --min-points M --runs R --labels OUT
//     our DBSCAN (ST-DBSCAN with --eps-seconds); prints the median milliseconds
return args.FirstOrDefault() switch
{
    "generate" => Generate(Options.Parse(args[1..])),
    "dbscan" => Cluster(Options.Parse(args[1..])),
    _ => Usage(),
};

static int Generate(Options options)
{
    Observations.Generate(options.Int("points", 10_000), options.Int("seed", 1)).WriteCsv(options.Get("output"));
    return 0;
}

static int Cluster(Options options)
{
    var points = Observations.ReadCsv(options.Get("input"));
    var eps = options.Double("eps", 49.5);
    var minPoints = options.Int("min-points", 10);
    var epsSeconds = options.Maybe("eps-seconds");
    var (median, labels) = Timing.Median(options.Int("runs", 5), () => epsSeconds is null
        ? Dbscan.Cluster(points.X, points.Y, eps, minPoints)
        : StDbscan.Cluster(points.X, points.Y, points.T, eps, double.Parse(epsSeconds, CultureInfo.InvariantCulture), minPoints));
    if (options.Maybe("labels") is { } output)
        Timing.WriteLabels(output, labels);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{median:F2}"));
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: lagesbild-bench-compare generate|dbscan|postgis-dbscan|picture ...");
    return 2;
}
