using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lagesbild.Core.Alarms;

namespace Lagesbild.Bench.Alarms;

/// <summary>
/// One rate's figures over one stretch of the run (the whole run after the warm-up, or from a cold start the first
/// minute and the rest): end-to-end latency (POST sent to push heard by a guard's console) and what got lost.
/// </summary>
public sealed record RateResult(
    string Target, int Rate, string Phase, int Seconds, int Sent, int Answered, int Failed, int Lost,
    double P50, double P99, double P999, double Max, double AnswerP50, double AnswerP99, double AchievedPerSecond)
{
    /// <summary>For DC-09 the answer is the panel's ACK, whose tail the issue asks for too.</summary>
    public double AnswerP999 { get; init; } = double.NaN;
}

/// <summary>
/// Sends signed events at a fixed rate (open loop: the schedule does not wait for answers, so a slow server
/// cannot slow the clock that measures it) and times each from just before its POST to the moment a guard's
/// console hears it.
/// </summary>
public static class LoadRun
{
    private static readonly TimeSpan HearingTime = TimeSpan.FromSeconds(10);

    /// <summary>A cold run reports its first minute apart: that is when a server that just started is still compiling its hot code.</summary>
    private const int ColdSeconds = 60;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static async Task<int> RunAsync(Options options)
    {
        var clock = Stopwatch.StartNew();
        var targetName = options.Get("target");
        var url = new Uri(options.Get("url"));
        var rates = ParseRates(options.Get("rates", "20,200,2000"));
        var seconds = options.Int("seconds", 60);
        // --setup-only: make the city, write it to --city and stop. --cold: use that city on a server that has just
        // started (after its /health answered), with no warm-up, and report the first minute apart.
        var setupOnly = options.Get("setup-only", "false") == "true";
        var cold = options.Get("cold", "false") == "true";
        // Event ids are <label><rate>-<n>: a second run on the same database needs another label, or its events are replays.
        var label = options.Get("label", "r");
        using var admin = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        var city = cold
            ? JsonSerializer.Deserialize<BenchCity>(await File.ReadAllBytesAsync(options.Get("city")), Json)!
            : targetName switch
            {
                "product" => await Targets.SetUpProductAsync(admin, options),
                "baseline" => Targets.SetUpBaseline(),
                _ => throw new ArgumentException("--target is product or baseline."),
            };
        var target = targetName == "product" ? Targets.Product(admin, city) : await Targets.BaselineAsync(admin, city);
        var heard = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var consoles = new List<Microsoft.AspNetCore.SignalR.Client.HubConnection>();
        foreach (var console in target.Guards)
            consoles.Add(await console(eventId => heard.TryAdd(eventId, Stopwatch.GetTimestamp())));
        Console.WriteLine($"{targetName}: {target.Sensors.Count} sensors, {consoles.Count} guard consoles connected {clock.Elapsed.TotalSeconds:0.0} s after the bench started{(cold ? " (the server had just answered /health)" : "")}");

        using var events = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = url,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (setupOnly)
        {
            await OpenAlarmsAsync(events, target, heard);
            await File.WriteAllBytesAsync(options.Get("city"), JsonSerializer.SerializeToUtf8Bytes(city, Json));
            Console.WriteLine($"{targetName}: {city.Sensors.Count} sensors and {city.Guards.Count} guards set up, each site with its alarm, in {clock.Elapsed.TotalSeconds:0} s");
            foreach (var console in consoles)
                await console.DisposeAsync();
            return 0;
        }
        // Warm-up, not counted: the first requests pay for JIT and caches. A cold run measures exactly that.
        if (!cold)
            await RunRateAsync(targetName, "warm", events, target, heard, rate: 100, seconds: 10);
        var results = new List<RateResult>();
        foreach (var rate in rates)
        {
            var sample = await RunRateAsync(targetName, $"{label}{rate}", events, target, heard, rate, seconds);
            var stretches = !cold ? [("after warm-up", 0, seconds)]
                : seconds > ColdSeconds ? [("cold, first 60 s", 0, ColdSeconds), ("cold, after 60 s", ColdSeconds, seconds)]
                : new[] { ($"cold, first {seconds} s", 0, seconds) };
            foreach (var (phase, from, to) in stretches)
            {
                var result = sample.Summarise(targetName, phase, from, to);
                results.Add(result);
                Console.WriteLine(Row(result));
            }
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
        // --dc09 HOST:PORT: the same city's sites as alarm panels over SIA DC-09, after the HTTP rates, in the same run.
        if (options.Maybe("dc09") is { } dc09 && targetName == "product" && !cold)
            results.AddRange(await RunPanelsAsync(dc09, admin, city, heard, ParseRates(options.Get("dc09-rates", "200,2000")), seconds));
        if (options.Get("out", "") is { Length: > 0 } output)
            await File.WriteAllTextAsync(output, JsonSerializer.Serialize(results, Json));
        foreach (var console in consoles)
            await console.DisposeAsync();
        return results.All(r => r.Lost == 0 && r.Failed == 0) ? 0 : 1;
    }

    private static async Task<List<RateResult>> RunPanelsAsync(string endpoint, HttpClient admin, BenchCity city, ConcurrentDictionary<string, long> heard, List<int> rates, int seconds)
    {
        var panels = await Targets.RegisterPanelsAsync(admin, city);
        var (host, port) = (endpoint[..endpoint.LastIndexOf(':')], int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture));
        await using var load = await Dc09Load.ConnectAsync(host, port, panels);
        Console.WriteLine($"product: {load.Connections} DC-09 panel connections open");
        // Warm-up, not counted, as for HTTP: the receiver's own code has not run yet.
        await load.RunAsync(100, 5, heard);
        var results = new List<RateResult>();
        foreach (var rate in rates)
        {
            var result = (await load.RunAsync(rate, seconds, heard)).Summarise("product DC-09", "after warm-up", seconds);
            results.Add(result);
            Console.WriteLine(Row(result) + string.Create(CultureInfo.InvariantCulture, $" ACK p99.9 {result.AnswerP999:0.00}"));
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
        return results;
    }

    /// <summary>
    /// Starts <paramref name="send"/>(k, when it is due) for each of <paramref name="total"/> events at its time,
    /// <paramref name="rate"/> a second, open loop (the schedule never waits for an answer); answers when it began,
    /// once every send is done.
    /// </summary>
    public static async Task<long> OpenLoopAsync(int rate, int total, Func<int, long, Task> send)
    {
        var sends = new List<Task>(total);
        var start = Stopwatch.GetTimestamp();
        for (var k = 0; k < total; k++)
        {
            var due = start + (long)((double)k * Stopwatch.Frequency / rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait);
            var index = k;
            sends.Add(Task.Run(() => send(index, due)));
        }
        await Task.WhenAll(sends);
        return start;
    }

    /// <summary>
    /// One event from each sensor, heard and acknowledged: every site then has the open alarm that the warm-up
    /// gives it in a warm run, so that a cold run measures the server's start, not 300 alarms opening at once.
    /// </summary>
    private static async Task OpenAlarmsAsync(HttpClient events, Target target, ConcurrentDictionary<string, long> heard)
    {
        var count = target.Sensors.Count;
        var (sentAt, answeredAt, ok) = (new long[count], new long[count], new bool[count]);
        foreach (var chunk in Enumerable.Range(0, count).Chunk(20))
            await Task.WhenAll(chunk.Select(k => SendAsync(events, target.EventsPath, target.Sensors[k], $"open-{k}", sentAt, answeredAt, ok, k)));
        var until = Stopwatch.GetTimestamp() + (long)(HearingTime.TotalSeconds * Stopwatch.Frequency);
        while (Enumerable.Range(0, count).Any(k => !heard.ContainsKey($"open-{k}")) && Stopwatch.GetTimestamp() < until)
            await Task.Delay(50);
        // The consoles acknowledge what is dispatched to them as they hear it; give those requests time to land.
        await Task.Delay(TimeSpan.FromSeconds(3));
    }

    private static List<int> ParseRates(string rates) => rates.Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToList();

    public static string Row(RateResult r) => string.Create(CultureInfo.InvariantCulture,
        $"| {r.Target} | {r.Rate} | {r.Phase} | {r.Sent} | {r.AchievedPerSecond:0} | {r.P50:0.00} | {r.P99:0.00} | {r.P999:0.00} | {r.Max:0.0} | {r.Lost} | {r.Failed} | {r.AnswerP50:0.00} | {r.AnswerP99:0.00} |");

    /// <summary>Every event of one rate: when it was sent, answered and heard.</summary>
    private sealed record Sample(string Prefix, int Rate, long Start, long[] SentAt, long[] AnsweredAt, bool[] Ok, ConcurrentDictionary<string, long> Heard)
    {
        /// <summary>The figures of the events scheduled from second <paramref name="from"/> to second <paramref name="to"/> of the run.</summary>
        public RateResult Summarise(string target, string phase, int from, int to)
        {
            var indices = Enumerable.Range(from * Rate, (to - from) * Rate).ToList();
            var answered = indices.Where(i => Ok[i]).ToList();
            var latencies = answered.Where(i => Heard.ContainsKey($"{Prefix}-{i}"))
                .Select(i => Stopwatch.GetElapsedTime(SentAt[i], Heard[$"{Prefix}-{i}"]).TotalMilliseconds).Order().ToArray();
            var answers = answered.Select(i => Stopwatch.GetElapsedTime(SentAt[i], AnsweredAt[i]).TotalMilliseconds).Order().ToArray();
            var span = answered.Count == 0 ? 1 : Stopwatch.GetElapsedTime(SentAt[indices[0]], answered.Max(i => AnsweredAt[i])).TotalSeconds;
            return new RateResult(target, Rate, phase, to - from, indices.Count, answered.Count, indices.Count - answered.Count, answered.Count - latencies.Length,
                Percentile(latencies, 0.50), Percentile(latencies, 0.99), Percentile(latencies, 0.999), latencies.LastOrDefault(),
                Percentile(answers, 0.50), Percentile(answers, 0.99), answered.Count / span);
        }
    }

    private static async Task<Sample> RunRateAsync(string targetName, string prefix, HttpClient events, Target target, ConcurrentDictionary<string, long> heard, int rate, int seconds)
    {
        var total = rate * seconds;
        var sentAt = new long[total];
        var answeredAt = new long[total];
        var ok = new bool[total];
        var random = new Random(rate);
        var sensors = Enumerable.Range(0, total).Select(_ => target.Sensors[random.Next(target.Sensors.Count)]).ToArray();
        var start = await OpenLoopAsync(rate, total, (k, _) => SendAsync(events, target.EventsPath, sensors[k], $"{prefix}-{k}", sentAt, answeredAt, ok, k));
        var answered = Enumerable.Range(0, total).Where(i => ok[i]).ToList();
        var until = Stopwatch.GetTimestamp() + (long)(HearingTime.TotalSeconds * Stopwatch.Frequency);
        while (answered.Any(i => !heard.ContainsKey($"{prefix}-{i}")) && Stopwatch.GetTimestamp() < until)
            await Task.Delay(50);

        if (Environment.GetEnvironmentVariable("BENCH_DUMP") is { Length: > 0 } dump)
            await File.WriteAllLinesAsync($"{dump}-{targetName}-{prefix}.txt", answered.Where(i => heard.ContainsKey($"{prefix}-{i}"))
                .Select(i => string.Create(CultureInfo.InvariantCulture, $"{i} {Stopwatch.GetElapsedTime(start, sentAt[i]).TotalMilliseconds:0.0} {Stopwatch.GetElapsedTime(sentAt[i], heard[$"{prefix}-{i}"]).TotalMilliseconds:0.00} {Stopwatch.GetElapsedTime(sentAt[i], answeredAt[i]).TotalMilliseconds:0.00}")));
        return new Sample(prefix, rate, start, sentAt, answeredAt, ok, heard);
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
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
