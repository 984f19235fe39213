using System.Globalization;
using System.Text;
using Lagesbild.Bench;
using Lagesbild.Bench.Compare;
using Lagesbild.Core.Analysis.Clustering;

// lagesbild-bench-compare all [--postgres CS] [--sf DIR] [--sizes 10000,100000,1000000] [--picture-sizes 1000000,10000000] [--report FILE]
//     every peer on the same data in the same run; writes the tables to --report
// lagesbild-bench-compare generate --points N --seed S --output FILE
// lagesbild-bench-compare dbscan --input FILE --eps E [--eps-seconds S] --min-points M --runs R [--labels OUT]
return args.FirstOrDefault() switch
{
    "all" => All(Options.Parse(args[1..])),
    "generate" => Generate(Options.Parse(args[1..])),
    "dbscan" => Cluster(Options.Parse(args[1..])),
    _ => Usage(),
};

static int All(Options options)
{
    var report = new StringBuilder();
    var suites = new Suites(options, report);
    report.AppendLine(CultureInfo.InvariantCulture, $"Measured {TimeProvider.System.GetUtcNow():yyyy-MM-dd} on {Environment.ProcessorCount} cores; medians; ratios are the best peer's time divided by ours.");
    report.AppendLine();
    if (options.Get("only", "all") is "all" or "clustering")
        suites.Clustering();
    if (options.Get("only", "all") is "all" or "picture")
        suites.Picture();
    if (options.Maybe("report") is { } path)
        File.WriteAllText(path, report.ToString());
    return 0;
}

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
    Console.Error.WriteLine("usage: lagesbild-bench-compare all|generate|dbscan ...");
    return 2;
}
