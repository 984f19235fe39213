using Lagesbild.Bench;
using Lagesbild.Bench.Cluster;

// lagesbild-bench-cluster --server DLL --postgres CONN --redis HOST:PORT --work DIR [--nodes 2] [--haproxy /usr/sbin/haproxy]
//     [--rates 200,2000] [--seconds 30] [--warm-up 30] [--kill both|no|yes] [--sites 300] [--guards 150] [--rounds 24] [--pictures 200]
//     [--node-settings "Name=value;Name=value"] (further settings for every node, e.g. a log level)
// Its last line: cluster: nodes=N events=N answered=N stored=N delivered=N lost=N duplicates=N p99_ms=X p999_ms=Y
var options = Options.Parse(args);
var settings = new ClusterSettings
{
    ServerDll = options.Get("server"),
    Postgres = options.Get("postgres"),
    Redis = options.Get("redis"),
    WorkDirectory = options.Get("work"),
    Nodes = options.Int("nodes", 2),
    HaProxy = options.Maybe("haproxy"),
    Rates = [.. options.Get("rates", "200,2000").Split(',').Select(r => int.Parse(r, System.Globalization.CultureInfo.InvariantCulture))],
    Seconds = options.Int("seconds", 30),
    WarmUpSeconds = options.Int("warm-up", 30),
    Kills = options.Get("kill", "both") switch { "no" => [false], "yes" => [true], _ => [false, true] },
    Sites = options.Int("sites", 300),
    Guards = options.Int("guards", 150),
    Rounds = options.Int("rounds", 24),
    PictureRequests = options.Int("pictures", 200),
    NodeSettings = [.. (options.Maybe("node-settings") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).Select(s => $"--{s}")],
};
var result = await ClusterRun.RunAsync(settings);
Console.WriteLine(result.Line);
var outbox = result.Outbox;
return result.Lost == 0 && result.Duplicates == 0 && result.Answered == result.Events
    && outbox.RoundsMissed == outbox.RoundsDue && outbox.Sent == outbox.Messages && outbox.Received == outbox.Messages && outbox.Strangers == 0 ? 0 : 1;
