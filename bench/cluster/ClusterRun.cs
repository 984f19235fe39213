using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Lagesbild.Bench.Alarms;
using Lagesbild.Core.Alarms;
using Npgsql;

namespace Lagesbild.Bench.Cluster;

/// <summary>What a cluster run is asked to do.</summary>
public sealed record ClusterSettings
{
    /// <summary>The product's published or built server (lagesbild.dll).</summary>
    public required string ServerDll { get; init; }

    /// <summary>A PostgreSQL (with PostGIS) superuser connection: the run makes a database of its own there and drops it after.</summary>
    public required string Postgres { get; init; }

    /// <summary>host:port of the Redis every node shares (the SignalR backplane).</summary>
    public required string Redis { get; init; }

    public required string WorkDirectory { get; init; }

    public int Nodes { get; init; } = 2;

    /// <summary>HAProxy's binary: when given, sensors and consoles go through HAProxy in front of the nodes; else sensors take the nodes in turn and each console one node.</summary>
    public string? HaProxy { get; init; }

    public IReadOnlyList<int> Rates { get; init; } = [200, 2000];

    public int Seconds { get; init; } = 30;

    /// <summary>Events sent at the first rate before the measured stretches, not counted: the nodes' first minute (JIT, pools, caches) is not what a night at a running city looks like.</summary>
    public int WarmUpSeconds { get; init; }

    /// <summary>Runs each rate with no node killed and then with node 1 killed (SIGKILL) halfway and started again; or only one of them.</summary>
    public IReadOnlyList<bool> Kills { get; init; } = [false, true];

    public int Sites { get; init; } = 300;

    public int Guards { get; init; } = 150;

    /// <summary>
    /// Morning rounds left undone (at most one per site), their deadlines spread over the events: each must be marked
    /// missed once, and its notice sent to the webhook once, whichever node's passes run.
    /// </summary>
    public int Rounds { get; init; } = 24;

    /// <summary>How many times each node is asked for the picture after the events (0: not at all).</summary>
    public int PictureRequests { get; init; } = 200;

    /// <summary>Further settings for every node (--Name=value).</summary>
    public IReadOnlyList<string> NodeSettings { get; init; } = [];

    public TextWriter Log { get; init; } = Console.Out;
}

/// <summary>One rate's stretch: every event sent, answered, stored, heard, and the tail of its latency.</summary>
/// <summary>
/// One rate's stretch. Delivered: the event's alarm is on a guard's console (its push heard, or the alarm pushed for
/// another of its events, or read from the API after the console reconnected once the event was stored); lost: not.
/// Not heard: delivered events whose own push no console heard (a node killed after storing the event and before
/// pushing it: the alarm is on the screen, its event count one short until its next change).
/// </summary>
public sealed record StretchResult(int Rate, bool Killed, int Events, int Answered, int Delivered, int Lost, int NotHeard, int Duplicates, double P50, double P99, double P999, int Retried);

/// <summary>The run as a whole, as the issue's last line states it.</summary>
public sealed record ClusterResult(int Nodes, int Events, int Answered, int Stored, int Delivered, int Lost, int Duplicates, double P99, double P999,
    int EscalationsDue, int Escalated, int EscalationDuplicates, int Reconnections, IReadOnlyList<StretchResult> Stretches, IReadOnlyDictionary<int, double> PictureP99,
    Outbox Outbox)
{
    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"cluster: nodes={Nodes} events={Events} answered={Answered} stored={Stored} delivered={Delivered} lost={Lost} duplicates={Duplicates} p99_ms={P99:0.0} p999_ms={P999:0.0}");
}

/// <summary>
/// The missed rounds and the outbox after a run. RoundsMissed: rounds marked missed (each once, by its conditional
/// update); Notices: missed-round notices put in the outbox (one per round, or a round was told twice); Received: the
/// outbox messages the webhook got, by their Idempotency-Key; ReceivedAgain: arrivals beyond the first of a key (a
/// node killed after sending and before marking the message sent: the receiver drops them by the key).
/// </summary>
public sealed record Outbox(int RoundsDue, int RoundsMissed, int Notices, int Messages, int Sent, int Received, int ReceivedAgain, int Strangers);

/// <summary>
/// Starts product nodes on one PostgreSQL database and one Redis, sets up a city of sites with armed cameras and
/// guards on duty, connects the guards' consoles, and sends signed sensor events at each rate; with a kill, node 1
/// is killed with SIGKILL halfway through the rate and started again. A sensor whose event got no answer (the node
/// died, the proxy said 502/503) sends the same event again to the next node, as a real sensor retries; the event's
/// id makes the retry idempotent. Counted afterwards, in the database and on the consoles: every answered event
/// stored exactly once, every answered event's alarm on a console (heard live, or read from the API after the
/// console reconnected), no push heard twice by one console, and each overdue alarm escalated exactly once.
/// </summary>
public static class ClusterRun
{
    private const string AdminEmail = "admin@cluster.example";
    private const string AdminPassword = "Cluster-admin-password-1";
    private const int AcknowledgeWithinSeconds = 10;
    private static readonly TimeSpan HearingTime = TimeSpan.FromSeconds(15);

    public static async Task<ClusterResult> RunAsync(ClusterSettings settings)
    {
        var log = settings.Log;
        var database = $"lagesbild_cluster_{Guid.NewGuid():N}";
        await ExecuteAsync(settings.Postgres, $"CREATE DATABASE \"{database}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(settings.Postgres) { Database = database }.ConnectionString;
        var nodes = new List<Node>();
        Process? haproxy = null;
        using var webhook = new WebhookSink();
        try
        {
            string[] common =
            [
                "--Database:Provider=Postgres", $"--ConnectionStrings:Lagesbild={connectionString}", $"--Redis:Connection={settings.Redis}",
                // Sign-in keys in the database: a guard's token from one node is good on every node.
                "--DataProtection:Keys=Database",
                $"--Bootstrap:AdminEmail={AdminEmail}", $"--Bootstrap:AdminPassword={AdminPassword}",
                $"--Alarms:AcknowledgeWithinSeconds={AcknowledgeWithinSeconds}", "--Alarms:WorkerSeconds=1",
                // Missed rounds and the outbox every second; a message whose sender died is sent by another node after 10 s.
                "--Rounds:WorkerSeconds=1", $"--Notifications:WebhookUrl={webhook.Url}", "--Notifications:WorkerSeconds=1", "--Notifications:ClaimSeconds=10",
                "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Lagesbild=Information",
            ];
            for (var n = 1; n <= settings.Nodes; n++)
            {
                var folder = Path.Combine(settings.WorkDirectory, $"node{n}");
                Directory.CreateDirectory(folder);
                nodes.Add(new Node(n, settings.ServerDll, [.. common, .. settings.NodeSettings], folder, Path.Combine(settings.WorkDirectory, $"node{n}.log")));
            }
            var clock = Stopwatch.StartNew();
            // Every node starts at once on the empty database: one migrates it and creates the administrator, the others wait their turn.
            foreach (var node in nodes)
                node.Start();
            foreach (var node in nodes)
                await node.WaitReadyAsync(TimeSpan.FromMinutes(3));
            log.WriteLine($"{nodes.Count} nodes ready in {clock.Elapsed.TotalSeconds:0} s: {string.Join(", ", nodes.Select(n => n.Url))}");
            Uri[] entries = [.. nodes.Select(n => n.Url)];
            if (settings.HaProxy is { } binary)
            {
                var front = new Uri($"http://127.0.0.1:{FreePort()}/");
                haproxy = StartHaProxy(binary, front, nodes, settings.WorkDirectory);
                if (!await Node.AnswersHealthAsync(front, Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency, () => !haproxy.HasExited))
                    throw new InvalidOperationException($"HAProxy at {front} did not pass /health to a node.");
                entries = [front];
                log.WriteLine($"HAProxy in front at {front}");
            }

            using var admin = new HttpClient { BaseAddress = nodes[0].Url, Timeout = TimeSpan.FromSeconds(30) };
            var options = Bench.Options.Parse(["--admin-email", AdminEmail, "--admin-password", AdminPassword]);
            var city = await Targets.SetUpProductAsync(admin, options, settings.Sites, settings.Guards);
            log.WriteLine($"{city.Sensors.Count} sites with a camera and {city.Guards.Count} guards set up in {clock.Elapsed.TotalSeconds:0} s");
            var rounds = await LeaveRoundsUndoneAsync(connectionString, settings);
            var consoles = new List<ClusterConsole>();
            for (var g = 0; g < city.Guards.Count; g++)
            {
                // Every fourth guard never answers: his alarms escalate, on whichever node's pass comes first.
                var console = new ClusterConsole(city.Guards[g], Rotate(entries, g), acknowledges: g % 4 != 3);
                await console.ConnectAsync();
                consoles.Add(console);
            }

            log.WriteLine("| events/s | nodes | events | answered | delivered | lost | push not heard | duplicates | sent again | p50 ms | p99 ms | p99.9 ms |");
            log.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
            var stretches = new List<StretchResult>();
            var latencies = new List<double>();
            using var sensors = new EventSender(entries, city.Sensors);
            if (settings.WarmUpSeconds > 0)
            {
                var warm = await sensors.SendAsync("w", settings.Rates[0], settings.Rates[0] * settings.WarmUpSeconds);
                log.WriteLine($"warm-up: {warm.Count} events at {settings.Rates[0]}/s, {warm.Count(e => e.Answered)} answered, not counted");
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
            foreach (var kill in settings.Kills)
            {
                foreach (var rate in settings.Rates)
                {
                    var (stretch, heardAfter) = await RunRateAsync(settings, nodes, sensors, consoles, rate, kill);
                    stretches.Add(stretch);
                    latencies.AddRange(heardAfter);
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {rate} | {(kill ? "node 1 killed at half time" : "all nodes up")} | {stretch.Events} | {stretch.Answered} | {stretch.Delivered} | {stretch.Lost} | {stretch.NotHeard} | {stretch.Duplicates} | {stretch.Retried} | {stretch.P50:0.0} | {stretch.P99:0.0} | {stretch.P999:0.0} |"));
                }
            }
            // The last escalations come due after the last events: wait for them, then count.
            await Task.Delay(TimeSpan.FromSeconds(AcknowledgeWithinSeconds + 5));
            var outbox = await OutboxAsync(connectionString, rounds, webhook);
            var picture = new Dictionary<int, double>();
            foreach (var node in nodes.Where(_ => settings.PictureRequests > 0))
                picture[node.Number] = await PictureP99Async(node.Url, settings.PictureRequests);
            await using var db = new NpgsqlConnection(connectionString);
            await db.OpenAsync();
            var stored = await ScalarAsync(db, "SELECT count(*) FROM \"SensorEvents\" WHERE \"EventId\" LIKE 'c%'");
            var storedDistinct = await ScalarAsync(db, "SELECT count(DISTINCT (\"SensorId\", \"EventId\")) FROM \"SensorEvents\" WHERE \"EventId\" LIKE 'c%'");
            var escalated = await ScalarAsync(db, $"SELECT count(*) FROM \"AlarmEntries\" WHERE \"Action\" = '{AlarmTimeline.Escalated}'");
            var escalationDuplicates = await ScalarAsync(db,
                $"SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM \"AlarmEntries\" WHERE \"Action\" = '{AlarmTimeline.Escalated}' GROUP BY \"AlarmId\", \"Detail\") AS e");
            var overdue = await ScalarAsync(db, "SELECT count(*) FROM \"Alarms\" WHERE \"Status\" = 'Dispatched' AND \"AcknowledgeBy\" < now() - interval '5 seconds'");
            var all = latencies.Order().ToArray();
            var result = new ClusterResult(settings.Nodes, stretches.Sum(s => s.Events), stretches.Sum(s => s.Answered), (int)stored,
                stretches.Sum(s => s.Delivered), stretches.Sum(s => s.Lost) + (int)Math.Max(0, stretches.Sum(s => s.Answered) - stored),
                stretches.Sum(s => s.Duplicates) + (int)(stored - storedDistinct) + (int)escalationDuplicates + Math.Max(0, outbox.Notices - outbox.RoundsMissed),
                Percentile(all, 0.99), Percentile(all, 0.999), (int)overdue, (int)escalated, (int)escalationDuplicates, consoles.Sum(c => c.Reconnections), stretches, picture,
                outbox);
            log.WriteLine($"escalations: {escalated} made, {escalationDuplicates} made twice, {overdue} alarms overdue and not escalated");
            log.WriteLine($"rounds: {outbox.RoundsDue} left undone, {outbox.RoundsMissed} marked missed, {outbox.Notices} notices; outbox: {outbox.Messages} messages, " +
                $"{outbox.Sent} marked sent, {outbox.Received} received by the webhook, {outbox.ReceivedAgain} received again (same key), {outbox.Strangers} unknown");
            log.WriteLine($"consoles: {consoles.Sum(c => c.Closings)} connections closed under them, {consoles.Sum(c => c.Reconnections)} reconnected, {consoles.Sum(c => c.FailedReconnections)} tries failed" +
                (consoles.Select(c => c.LastFailure).LastOrDefault(f => f is not null) is { } failure ? $" (the last: {failure})" : ""));
            log.WriteLine($"picture p99 per node (ms): {string.Join(", ", picture.Select(p => string.Create(CultureInfo.InvariantCulture, $"node {p.Key} {p.Value:0.0}")))}");
            foreach (var console in consoles)
                await console.DisposeAsync();
            return result;
        }
        finally
        {
            if (haproxy is { HasExited: false })
            {
                haproxy.Kill();
                await haproxy.WaitForExitAsync();
            }
            foreach (var node in nodes)
                await node.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(settings.Postgres, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }

    /// <summary>
    /// Leaves morning rounds undone at the first sites, their deadlines spread over the coming events (rows as the
    /// planner writes them); answers their ids.
    /// </summary>
    private static async Task<List<long>> LeaveRoundsUndoneAsync(string connectionString, ClusterSettings settings)
    {
        var ids = new List<long>();
        if (settings.Rounds <= 0)
            return ids;
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        var sites = new List<int>();
        await using (var query = new NpgsqlCommand($"SELECT \"Id\" FROM \"Sites\" ORDER BY \"Id\" LIMIT {settings.Rounds}", db))
        await using (var reader = await query.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                sites.Add(reader.GetInt32(0));
        var events = settings.Kills.Count * settings.Rates.Count * settings.Seconds;
        for (var i = 0; i < sites.Count; i++)
        {
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO "Rounds" ("SiteId", "Date", "Deadline", "Status", "Checklist", "CreatedAt")
                VALUES ($1, current_date, now() + make_interval(secs => $2), 'Due', '[]', now())
                ON CONFLICT DO NOTHING RETURNING "Id"
                """, db)
            {
                Parameters = { new() { Value = sites[i] }, new() { Value = 2.0 + (events - 2.0) * i / sites.Count } },
            };
            if (await insert.ExecuteScalarAsync() is long id)
                ids.Add(id);
        }
        return ids;
    }

    /// <summary>Waits (up to 40 s) until the outbox has sent every message, then counts the rounds, the notices and what the webhook received.</summary>
    private static async Task<Outbox> OutboxAsync(string connectionString, List<long> rounds, WebhookSink webhook)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        var until = Stopwatch.GetTimestamp() + 40 * Stopwatch.Frequency;
        while (await ScalarAsync(db, "SELECT count(*) FROM \"OutboxMessages\" WHERE \"SentAt\" IS NULL") > 0 && Stopwatch.GetTimestamp() < until)
            await Task.Delay(250);
        var ids = rounds.Count == 0 ? "NULL" : string.Join(',', rounds);
        var missed = await ScalarAsync(db, $"SELECT count(*) FROM \"Rounds\" WHERE \"Id\" IN ({ids}) AND \"Status\" = 'Missed'");
        var notices = await ScalarAsync(db, "SELECT count(*) FROM \"OutboxMessages\" WHERE \"Subject\" = 'round.missed'");
        var messages = new HashSet<string>(StringComparer.Ordinal);
        var sent = 0;
        await using (var query = new NpgsqlCommand("SELECT \"Id\", \"SentAt\" IS NOT NULL FROM \"OutboxMessages\"", db))
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                messages.Add($"lagesbild-outbox-{reader.GetInt64(0)}");
                sent += reader.GetBoolean(1) ? 1 : 0;
            }
        }
        var received = webhook.Keys.ToArray();
        return new Outbox(rounds.Count, (int)missed, (int)notices, messages.Count, sent,
            received.Count(k => messages.Contains(k.Key)), received.Sum(k => k.Value - 1), received.Count(k => !messages.Contains(k.Key)) + webhook.Unkeyed);
    }

    private static async Task<(StretchResult Stretch, double[] Latencies)> RunRateAsync(ClusterSettings settings, List<Node> nodes, EventSender sensors, List<ClusterConsole> consoles, int rate, bool kill)
    {
        var prefix = $"c{(kill ? "k" : "")}{rate}";
        var total = rate * settings.Seconds;
        Task? killing = null;
        var run = sensors.SendAsync(prefix, rate, total);
        if (kill)
        {
            killing = Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(settings.Seconds / 2.0));
                await nodes[0].KillAsync();
                settings.Log.WriteLine($"node 1 killed (SIGKILL) {settings.Seconds / 2.0:0} s into {rate} events/s");
                await Task.Delay(TimeSpan.FromSeconds(3));
                nodes[0].Start();
                await nodes[0].WaitReadyAsync(TimeSpan.FromMinutes(2));
                settings.Log.WriteLine("node 1 started again and ready");
            });
        }
        var sent = await run;
        if (killing is not null)
            await killing;
        // Heard live; or its alarm on a console, pushed for another of its events or read by a console that connected
        // after the event was stored (a node killed after storing an event and before pushing it: the sensor's retry
        // is answered as a replay, and a console that reconnects reads the alarm).
        bool Heard(SentEvent e) => consoles.Any(c => c.Heard.ContainsKey(e.EventId));
        bool Delivered(SentEvent e) => Heard(e)
            || consoles.Any(c => c.Pushed.ContainsKey(e.AlarmId) || (c.Reloaded.TryGetValue(e.AlarmId, out var at) && at >= e.StoredBy));
        var answered = sent.Where(e => e.Answered).ToList();
        var until = Stopwatch.GetTimestamp() + (long)(HearingTime.TotalSeconds * Stopwatch.Frequency);
        while (answered.Any(e => !Heard(e)) && Stopwatch.GetTimestamp() < until)
            await Task.Delay(100);
        var delivered = answered.Count(Delivered);
        var start = sent.Min(e => e.SentAt);
        foreach (var e in answered.Where(e => !Delivered(e)).Take(5))
        {
            var reloads = consoles.Where(c => c.Reloaded.ContainsKey(e.AlarmId)).Select(c => Stopwatch.GetElapsedTime(start, c.Reloaded[e.AlarmId]).TotalSeconds);
            settings.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  not delivered: {e.EventId} sent at {Stopwatch.GetElapsedTime(start, e.SentAt).TotalSeconds:0.00} s, answered{(e.Replayed ? " as a replay" : "")} at {Stopwatch.GetElapsedTime(start, e.AnsweredAt).TotalSeconds:0.00} s after {e.Tries} tries, alarm {e.AlarmId}, read after reconnection at [{string.Join(", ", reloads.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))}] s"));
        }
        var duplicates = consoles.Sum(c => answered.Count(e => c.Heard.TryGetValue(e.EventId, out var h) && h.Times > 1));
        var latencies = answered.Select(e => consoles.Select(c => c.Heard.TryGetValue(e.EventId, out var h) ? h.FirstAt : long.MaxValue).Min() is var first && first != long.MaxValue
            ? Stopwatch.GetElapsedTime(e.SentAt, first).TotalMilliseconds : double.NaN).Where(l => !double.IsNaN(l)).Order().ToArray();
        return (new StretchResult(rate, kill, total, answered.Count, delivered, answered.Count - delivered, answered.Count(e => !Heard(e)), duplicates,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), Percentile(latencies, 0.999), sent.Count(e => e.Tries > 1)), latencies);
    }

    /// <summary>The picture of the whole city (the default 28 days) asked for again and again; the first tenth not counted (warming the node's index).</summary>
    private static async Task<double> PictureP99Async(Uri node, int requests)
    {
        using var http = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(30) };
        await Targets.SignInAsync(http, AdminEmail, AdminPassword);
        var times = new List<double>();
        for (var i = 0; i < requests + requests / 10; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync("/api/lagesbild");
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
            if (i >= requests / 10)
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return Percentile([.. times.Order()], 0.99);
    }

    private static Process StartHaProxy(string binary, Uri front, List<Node> nodes, string work)
    {
        var config = Path.Combine(work, "haproxy.cfg");
        File.WriteAllLines(config,
        [
            "defaults", "  mode http", "  timeout connect 2s", "  timeout client 60s", "  timeout server 60s", "  timeout tunnel 1h", "  timeout check 5s", "  option redispatch", "  retries 2",
            "frontend lagesbild", $"  bind 127.0.0.1:{front.Port}", "  use_backend hubs if { path_beg /hubs/ }", "  default_backend nodes",
            "backend nodes", "  balance roundrobin", "  option httpchk GET /health", "  default-server inter 2s fall 3 rise 2",
            .. nodes.Select(n => $"  server node{n.Number} 127.0.0.1:{n.Url.Port} check"),
            // The consoles' connections live for hours: spread them by how many each node holds, not in turn with the
            // API requests between them (in turn, every console's connection can land on one node).
            "backend hubs", "  balance leastconn", "  option httpchk GET /health", "  default-server inter 2s fall 3 rise 2",
            .. nodes.Select(n => $"  server node{n.Number} 127.0.0.1:{n.Url.Port} check"),
        ]);
        return Process.Start(new ProcessStartInfo(binary, ["-f", config, "-db"]) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("HAProxy did not start.");
    }

    private static Uri[] Rotate(Uri[] entries, int by) => [.. entries.Skip(by % entries.Length), .. entries.Take(by % entries.Length)];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static double Percentile(double[] sorted, double p) => LoadRun.Percentile(sorted, p);
}
