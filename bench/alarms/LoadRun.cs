using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Lagesbild.Core.Alarms;

namespace Lagesbild.Bench.Alarms;

/// <summary>One rate's figures: end-to-end latency (POST sent to push heard by a guard's console) and what got lost.</summary>
public sealed record RateResult(
    string Target, int Rate, int Seconds, int Sent, int Answered, int Failed, int Lost,
    double P50, double P99, double P999, double Max, double AnswerP50, double AnswerP99, double AchievedPerSecond);

/// <summary>
/// Sends signed events at a fixed rate (open loop: the schedule does not wait for answers, so a slow server
/// cannot slow the clock that measures it) and times each from just before its POST to the moment a guard's
/// console hears it.
/// </summary>
public static class LoadRun
{
    private static readonly TimeSpan HearingTime = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(Options options)
    {
        var targetName = options.Get("target");
        var url = new Uri(options.Get("url"));
        var rates = options.Get("rates", "20,200,2000").Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToList();
        var seconds = options.Int("seconds", 60);
        using var admin = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        var setupClock = Stopwatch.StartNew();
        var target = targetName switch
        {
            "product" => await Targets.ProductAsync(admin, options),
            "baseline" => await Targets.BaselineAsync(admin),
            _ => throw new ArgumentException("--target is product or baseline."),
        };
        var heard = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var consoles = new List<Microsoft.AspNetCore.SignalR.Client.HubConnection>();
        foreach (var console in target.Guards)
            consoles.Add(await console(eventId => heard.TryAdd(eventId, Stopwatch.GetTimestamp())));
        Console.WriteLine($"{targetName}: {target.Sensors.Count} sensors, {consoles.Count} guard consoles connected in {setupClock.Elapsed.TotalSeconds:0} s");

        using var events = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = url,
            Timeout = TimeSpan.FromSeconds(30),
        };
        // Warm-up, not counted: the first requests pay for JIT and caches.
        await RunRateAsync(targetName, "warm", events, target, heard, rate: 100, seconds: 10);
        var results = new List<RateResult>();
        foreach (var rate in rates)
        {
            var result = await RunRateAsync(targetName, $"r{rate}", events, target, heard, rate, seconds);
            results.Add(result);
            Console.WriteLine(Row(result));
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
        if (options.Get("out", "") is { Length: > 0 } output)
            await File.WriteAllTextAsync(output, JsonSerializer.Serialize(results, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
        foreach (var console in consoles)
            await console.DisposeAsync();
        return results.All(r => r.Lost == 0 && r.Failed == 0) ? 0 : 1;
    }

    public static string Row(RateResult r) => string.Create(CultureInfo.InvariantCulture,
        $"| {r.Target} | {r.Rate} | {r.Sent} | {r.AchievedPerSecond:0} | {r.P50:0.00} | {r.P99:0.00} | {r.P999:0.00} | {r.Max:0.0} | {r.Lost} | {r.Failed} | {r.AnswerP50:0.00} | {r.AnswerP99:0.00} |");

    private static async Task<RateResult> RunRateAsync(string targetName, string prefix, HttpClient events, Target target, ConcurrentDictionary<string, long> heard, int rate, int seconds)
    {
        var total = rate * seconds;
        var sentAt = new long[total];
        var answeredAt = new long[total];
        var ok = new bool[total];
        var random = new Random(rate);
        var sends = new List<Task>(total);
        var start = Stopwatch.GetTimestamp();
        for (var k = 0; k < total; k++)
        {
            var due = start + (long)((double)k * Stopwatch.Frequency / rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait);
            var index = k;
            var sensor = target.Sensors[random.Next(target.Sensors.Count)];
            sends.Add(Task.Run(() => SendAsync(events, target.EventsPath, sensor, $"{prefix}-{index}", sentAt, answeredAt, ok, index)));
        }
        await Task.WhenAll(sends);
        var answered = Enumerable.Range(0, total).Where(i => ok[i]).ToList();
        var until = Stopwatch.GetTimestamp() + (long)(HearingTime.TotalSeconds * Stopwatch.Frequency);
        while (answered.Any(i => !heard.ContainsKey($"{prefix}-{i}")) && Stopwatch.GetTimestamp() < until)
            await Task.Delay(50);

        if (Environment.GetEnvironmentVariable("BENCH_DUMP") is { Length: > 0 } dump)
            await File.WriteAllLinesAsync($"{dump}-{targetName}-{prefix}.txt", answered.Where(i => heard.ContainsKey($"{prefix}-{i}"))
                .Select(i => string.Create(CultureInfo.InvariantCulture, $"{i} {Stopwatch.GetElapsedTime(start, sentAt[i]).TotalMilliseconds:0.0} {Stopwatch.GetElapsedTime(sentAt[i], heard[$"{prefix}-{i}"]).TotalMilliseconds:0.00} {Stopwatch.GetElapsedTime(sentAt[i], answeredAt[i]).TotalMilliseconds:0.00}")));
        var latencies = answered.Where(i => heard.ContainsKey($"{prefix}-{i}"))
            .Select(i => Stopwatch.GetElapsedTime(sentAt[i], heard[$"{prefix}-{i}"]).TotalMilliseconds).Order().ToArray();
        var answers = answered.Select(i => Stopwatch.GetElapsedTime(sentAt[i], answeredAt[i]).TotalMilliseconds).Order().ToArray();
        var span = answered.Count == 0 ? 1 : Stopwatch.GetElapsedTime(sentAt[0], answered.Max(i => answeredAt[i])).TotalSeconds;
        return new RateResult(targetName, rate, seconds, total, answered.Count, total - answered.Count, answered.Count - latencies.Length,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), Percentile(latencies, 0.999), latencies.LastOrDefault(),
            Percentile(answers, 0.50), Percentile(answers, 0.99), answered.Count / span);
    }

    private static async Task SendAsync(HttpClient events, string path, BenchSensor sensor, string eventId, long[] sentAt, long[] answeredAt, bool[] ok, int index)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { sensorId = sensor.Id, eventId, type = "person", occurredAt = TimeProvider.System.GetUtcNow() });
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Lagesbild-Signature", SensorSignature.Sign(sensor.Secret, body));
        sentAt[index] = Stopwatch.GetTimestamp();
        try
        {
            using var response = await events.SendAsync(request);
            answeredAt[index] = Stopwatch.GetTimestamp();
            ok[index] = response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            answeredAt[index] = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>The nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
