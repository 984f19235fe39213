using System.Diagnostics;

namespace Lagesbild.Bench.Large;

public sealed record LatencyResult(string Target, string Query, int Concurrency, int Requests, double P50, double P99, double Max);

public static class Latency
{
    /// <summary>
    /// Runs <paramref name="requests"/> calls over <paramref name="concurrency"/> workers (each with its own state from
    /// <paramref name="worker"/>), stopping early when <paramref name="budget"/> has passed and at least
    /// <paramref name="minimum"/> were made; p50 and p99 by nearest rank, in milliseconds.
    /// </summary>
    public static async Task<LatencyResult> MeasureAsync(string target, string query, int concurrency, int requests, TimeSpan budget, int minimum,
        Func<int, Func<Task>> worker)
    {
        var times = new List<double>();
        var next = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var call = worker(w);
            while (true)
            {
                var n = Interlocked.Increment(ref next);
                if (n > requests || (n > minimum && clock.Elapsed > budget))
                    return;
                var one = Stopwatch.StartNew();
                await call();
                var ms = one.Elapsed.TotalMilliseconds;
                lock (times)
                    times.Add(ms);
            }
        })));
        times.Sort();
        return new LatencyResult(target, query, concurrency, times.Count, Rank(times, 0.50), Rank(times, 0.99), times[^1]);
    }

    private static double Rank(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
