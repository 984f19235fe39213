using System.CommandLine;
using System.Globalization;
using Lagesbild.Core.Analysis.Clustering;
using nietras.SeparatedValues;

namespace Lagesbild.Server.Features.Analysis;

/// <summary>
/// `lagesbild cluster`: the product's own DBSCAN and ST-DBSCAN on an analyst's CSV (x,y[,t] in metres and
/// seconds, with a header), read and written as streams, so that a file too large for the API (millions of
/// points, as many as fit in memory at 24 bytes each) can be clustered.
/// </summary>
public static class ClusterCommand
{
    public static bool Matches(string[] args) => args is ["cluster", ..];

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var method = new Option<string>("--method") { Description = "dbscan or st-dbscan", DefaultValueFactory = _ => "dbscan" };
        method.AcceptOnlyFromAmong("dbscan", "st-dbscan");
        var eps = new Option<double>("--eps") { Description = "Neighbourhood radius in metres (distance <= eps).", Required = true };
        var epsSeconds = new Option<double?>("--eps-seconds") { Description = "ST-DBSCAN: neighbours are also at most this many seconds apart." };
        var minPoints = new Option<int>("--min-points") { Description = "Points (itself included) within eps that make a point core.", Required = true };
        var input = new Option<string>("--input") { Description = "CSV with a header naming x, y and, for st-dbscan, t; '-' reads standard input.", Required = true };
        var outputFile = new Option<string>("--output") { Description = "CSV to write, one column 'label' per input row (-1 is noise); '-' writes standard output.", Required = true };
        eps.Validators.Add(r => Check(r, ClusterSettings.CheckEps(r.GetValueOrDefault<double>(), "--eps")));
        epsSeconds.Validators.Add(r => Check(r, r.GetValueOrDefault<double?>() is { } s ? ClusterSettings.CheckEps(s, "--eps-seconds") : null));
        minPoints.Validators.Add(r => Check(r, ClusterSettings.CheckMinPoints(r.GetValueOrDefault<int>()) is null ? null : "--min-points must be at least 1."));
        var command = new Command("cluster", "Cluster points with DBSCAN or ST-DBSCAN, with scikit-learn's labels.") { method, eps, epsSeconds, minPoints, input, outputFile };
        command.SetAction(result =>
        {
            var spaceTime = result.GetValue(method) == "st-dbscan";
            if (spaceTime && result.GetValue(epsSeconds) is null)
            {
                error.WriteLine("--eps-seconds is required with --method st-dbscan.");
                return 1;
            }
            try
            {
                var points = Read(result.GetValue(input)!, spaceTime);
                var labels = spaceTime
                    ? StDbscan.Cluster(points.X, points.Y, points.T, result.GetValue(eps), result.GetValue(epsSeconds)!.Value, result.GetValue(minPoints))
                    : Dbscan.Cluster(points.X, points.Y, result.GetValue(eps), result.GetValue(minPoints));
                Write(result.GetValue(outputFile)!, labels, output);
                error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{labels.Length} points, {labels.Where(l => l >= 0).Distinct().Count()} clusters, {labels.Count(l => l < 0)} noise."));
                return 0;
            }
            catch (InvalidDataException e)
            {
                error.WriteLine(e.Message);
                return 1;
            }
            catch (IOException e)
            {
                error.WriteLine(e.Message);
                return 1;
            }
            catch (ArgumentException e)
            {
                // Points so far apart that eps cells cannot index them (thousands of kilometres at a small eps).
                error.WriteLine(e.Message);
                return 1;
            }
        });
        var root = new RootCommand("Lägesbild") { command };
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return root.Parse(args).InvokeAsync(configuration);
    }

    private static void Check(System.CommandLine.Parsing.OptionResult result, string? problem)
    {
        if (problem is not null)
            result.AddError(problem);
    }

    private sealed record Points(double[] X, double[] Y, double[] T);

    private static Points Read(string path, bool withTime)
    {
        var name = path == "-" ? "standard input" : path;
        using var stream = path == "-" ? Console.OpenStandardInput() : File.OpenRead(path);
        using var reader = Sep.New(',').Reader(o => o with { Trim = SepTrim.All, DisableColCountCheck = true }).From(stream);
        var columns = reader.Header.ColNames.Select((n, i) => (Name: n.ToLowerInvariant(), i)).GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.First().i);
        var needed = withTime ? new[] { "x", "y", "t" } : ["x", "y"];
        if (needed.Where(c => !columns.ContainsKey(c)).ToList() is { Count: > 0 } missing)
        {
            throw new InvalidDataException(
                $"{name}: line 1: the header lacks the column(s) {string.Join(", ", missing)}; it names: {string.Join(", ", reader.Header.ColNames)}.");
        }
        var at = needed.Select(c => columns[c]).ToArray();
        var x = new List<double>();
        var y = new List<double>();
        var t = new List<double>();
        foreach (var row in reader)
        {
            var line = row.LineNumberFrom;
            x.Add(Number(row, at[0], "x", name, line));
            y.Add(Number(row, at[1], "y", name, line));
            if (withTime)
                t.Add(Number(row, at[2], "t", name, line));
        }
        return new Points([.. x], [.. y], [.. t]);
    }

    private static double Number(SepReader.Row row, int column, string columnName, string file, int line)
    {
        if (column >= row.ColCount)
            throw new InvalidDataException($"{file}: line {line}: there is no value for column {columnName}.");
        var text = row[column].Span;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw new InvalidDataException($"{file}: line {line}: '{text.ToString()}' in column {columnName} is not a number.");
        return value;
    }

    private static void Write(string path, int[] labels, TextWriter output)
    {
        using var file = path == "-" ? null : new StreamWriter(path);
        var writer = file ?? output;
        writer.WriteLine("label");
        foreach (var label in labels)
            writer.WriteLine(label.ToString(CultureInfo.InvariantCulture));
        writer.Flush();
    }
}
