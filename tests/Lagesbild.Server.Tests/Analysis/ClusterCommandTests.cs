using System.Globalization;
using Lagesbild.Core.Analysis.Clustering;
using Lagesbild.Server.Features.Analysis;

namespace Lagesbild.Server.Tests.Analysis;

/// <summary>`lagesbild cluster`: the analysts' command line over CSV files.</summary>
public sealed class ClusterCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lagesbild-cluster-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var code = await ClusterCommand.RunAsync(["cluster", .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Three groups of points on whole metres, some noise between, and a time column of seconds.</summary>
    private static (double[] X, double[] Y, double[] T, string Csv) Points()
    {
        var random = new Random(5);
        var rows = Enumerable.Range(0, 400).Select(i =>
        {
            var group = i % 4;
            var (cx, cy) = group switch { 0 => (1000, 1000), 1 => (1400, 1000), 2 => (1000, 1500), _ => (random.Next(0, 3000), random.Next(0, 3000)) };
            return (X: (double)(cx + random.Next(-40, 41)), Y: (double)(cy + random.Next(-40, 41)), T: (double)random.Next(0, 14 * 86400));
        }).ToList();
        var csv = "x,y,t\n" + string.Join('\n', rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.X},{r.Y},{r.T}"))) + "\n";
        return (rows.Select(r => r.X).ToArray(), rows.Select(r => r.Y).ToArray(), rows.Select(r => r.T).ToArray(), csv);
    }

    private static int[] Labels(string csv) =>
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public async Task Dbscan_writes_one_label_per_row_as_the_core_gives_them()
    {
        var (x, y, _, csv) = Points();
        var output = Path.Combine(_folder, "labels.csv");

        var (code, _, error) = await RunAsync("--method", "dbscan", "--eps", "49.5", "--min-points", "10", "--input", File("points.csv", csv), "--output", output);

        Assert.Equal(0, code);
        var text = await System.IO.File.ReadAllTextAsync(output);
        Assert.StartsWith("label\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var labels = Labels(text.ReplaceLineEndings("\n"));
        Assert.Equal(Dbscan.Cluster(x, y, 49.5, 10), labels);
        Assert.Equal(400, labels.Length);
        Assert.Contains(-1, labels);
        Assert.Contains("400 points, 3 clusters", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task St_dbscan_reads_the_time_column_and_can_write_to_standard_output()
    {
        var (x, y, t, csv) = Points();

        var (code, output, _) = await RunAsync("--method", "st-dbscan", "--eps", "49.5", "--eps-seconds", "86399.5", "--min-points", "4", "--input", File("points.csv", csv), "--output", "-");

        Assert.Equal(0, code);
        Assert.Equal(StDbscan.Cluster(x, y, t, 49.5, 86399.5, 4), Labels(output.ReplaceLineEndings("\n")));
    }

    [Fact]
    public async Task Columns_are_found_by_name_in_any_order()
    {
        var path = File("points.csv", "id,Y,X\na,0,0\nb,1,0\nc,500,500\n");

        var (code, output, _) = await RunAsync("--eps", "2", "--min-points", "2", "--input", path, "--output", "-");

        Assert.Equal(0, code);
        Assert.Equal([0, 0, -1], Labels(output.ReplaceLineEndings("\n")));
    }

    [Theory]
    [InlineData("x,z\n1,2\n", "line 1: the header lacks the column(s) y")]
    [InlineData("x,y\n1,2\n3,abc\n", "line 3: 'abc' in column y is not a number")]
    [InlineData("x,y\n1,2\n3\n", "line 3: there is no value for column y")]
    [InlineData("x,y\n1,2\n3,NaN\n", "line 3: 'NaN' in column y is not a number")]
    [InlineData("x,y\n1,2\n3,<script>\n", "line 3: '<script>' in column y is not a number")]
    public async Task A_bad_file_is_refused_with_its_line(string csv, string message)
    {
        var output = Path.Combine(_folder, "labels.csv");

        var (code, _, error) = await RunAsync("--eps", "5", "--min-points", "2", "--input", File("bad.csv", csv), "--output", output);

        Assert.Equal(1, code);
        Assert.Contains("bad.csv: " + message, error, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(output), "nothing is written for a bad file");
    }

    [Theory]
    [InlineData("--eps", "0", "--eps must be a number greater than 0")]
    [InlineData("--eps", "-3", "--eps must be a number greater than 0")]
    [InlineData("--eps", "NaN", "--eps must be a number greater than 0")]
    [InlineData("--min-points", "0", "--min-points must be at least 1")]
    [InlineData("--method", "optics", "'optics' not recognized")]
    [InlineData("--eps-seconds", "0", "--eps-seconds must be a number greater than 0")]
    public async Task Bad_parameters_are_refused(string option, string value, string message)
    {
        var path = File("points.csv", "x,y\n1,2\n");
        var args = new Dictionary<string, string> { ["--eps"] = "5", ["--min-points"] = "2", ["--input"] = path, ["--output"] = "-" };
        args[option] = value;

        var (code, _, error) = await RunAsync([.. args.SelectMany(a => new[] { a.Key, a.Value })]);

        Assert.Equal(1, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task St_dbscan_needs_eps_seconds_and_a_time_column()
    {
        var path = File("points.csv", "x,y\n1,2\n");

        var (withoutSeconds, _, error1) = await RunAsync("--method", "st-dbscan", "--eps", "5", "--min-points", "2", "--input", path, "--output", "-");
        var (withoutTime, _, error2) = await RunAsync("--method", "st-dbscan", "--eps", "5", "--eps-seconds", "60", "--min-points", "2", "--input", path, "--output", "-");

        Assert.Equal(1, withoutSeconds);
        Assert.Contains("--eps-seconds is required", error1, StringComparison.Ordinal);
        Assert.Equal(1, withoutTime);
        Assert.Contains("lacks the column(s) t", error2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_input_file_is_a_clear_error()
    {
        var (code, _, error) = await RunAsync("--eps", "5", "--min-points", "2", "--input", Path.Combine(_folder, "missing.csv"), "--output", "-");

        Assert.Equal(1, code);
        Assert.Contains("missing.csv", error, StringComparison.Ordinal);
    }
}
