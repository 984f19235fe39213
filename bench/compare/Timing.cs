using System.Diagnostics;

namespace Lagesbild.Bench.Compare;

public static class Timing
{
    /// <summary>Runs the work once to warm up, then <paramref name="runs"/> times; the median in milliseconds and the last result.</summary>
    public static (double Median, T Result) Median<T>(int runs, Func<T> work)
    {
        var result = work();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            result = work();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[times.Count / 2], result);
    }

    public static void WriteLabels(string path, int[] labels)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("label");
        foreach (var label in labels)
            writer.WriteLine(label.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
