using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Lagesbild.Core.Alarms.Dc09;

namespace Lagesbild.Bench.Alarms;

/// <summary>A panel account the bench registered: its account number and the sensor (the site's camera) that takes its zones.</summary>
public sealed record BenchPanel(string Account, int SensorId);

/// <summary>
/// Alarm panels over SIA DC-09: one TCP connection per panel, each sending Contact ID burglary frames (ADM-CID,
/// "1130 01 001") at a share of a fixed total rate, open loop. A panel waits for the ACK of one frame before it
/// sends the next, as panels do, so a frame whose panel is still waiting is sent late, and its time counts from
/// when it was due. Measured: the ACK (due to ACK read) and end to end (due to the push heard by a guard's console).
/// </summary>
public sealed class Dc09Load : IAsyncDisposable
{
    private readonly List<Panel> _panels;

    private Dc09Load(List<Panel> panels) => _panels = panels;

    private sealed class Panel(BenchPanel account, TcpClient client)
    {
        public BenchPanel Account { get; } = account;
        public NetworkStream Stream { get; } = client.GetStream();
        public SemaphoreSlim Turn { get; } = new(1, 1);
        public TcpClient Client { get; } = client;
        public int Sequence { get; set; }
    }

    public int Connections => _panels.Count;

    public static async Task<Dc09Load> ConnectAsync(string host, int port, IReadOnlyList<BenchPanel> panels)
    {
        var connected = new List<Panel>(panels.Count);
        foreach (var panel in panels)
        {
            var client = new TcpClient { NoDelay = true };
            await client.ConnectAsync(host, port);
            connected.Add(new Panel(panel, client));
        }
        return new Dc09Load(connected);
    }

    /// <summary>Every frame of one rate: when it was due, when its ACK was read (0: none), and the event id the push names.</summary>
    public sealed record Sample(int Rate, long Start, long[] DueAt, long[] AckedAt, string?[] EventIds, ConcurrentDictionary<string, long> Heard)
    {
        public RateResult Summarise(string target, string phase, int seconds)
        {
            var acked = Enumerable.Range(0, DueAt.Length).Where(i => AckedAt[i] != 0).ToList();
            var latencies = acked.Where(i => Heard.ContainsKey(EventIds[i]!))
                .Select(i => Stopwatch.GetElapsedTime(DueAt[i], Heard[EventIds[i]!]).TotalMilliseconds).Order().ToArray();
            var acks = acked.Select(i => Stopwatch.GetElapsedTime(DueAt[i], AckedAt[i]).TotalMilliseconds).Order().ToArray();
            var span = acked.Count == 0 ? 1 : Stopwatch.GetElapsedTime(DueAt[0], acked.Max(i => AckedAt[i])).TotalSeconds;
            return new RateResult(target, Rate, phase, seconds, DueAt.Length, acked.Count, DueAt.Length - acked.Count, acked.Count - latencies.Length,
                LoadRun.Percentile(latencies, 0.50), LoadRun.Percentile(latencies, 0.99), LoadRun.Percentile(latencies, 0.999), latencies.LastOrDefault(),
                LoadRun.Percentile(acks, 0.50), LoadRun.Percentile(acks, 0.99), acked.Count / span)
            { AnswerP999 = LoadRun.Percentile(acks, 0.999) };
        }
    }

    public async Task<Sample> RunAsync(int rate, int seconds, ConcurrentDictionary<string, long> heard)
    {
        var total = rate * seconds;
        var (dueAt, ackedAt, eventIds) = (new long[total], new long[total], new string?[total]);
        var random = new Random(rate + 9);
        var panels = Enumerable.Range(0, total).Select(_ => _panels[random.Next(_panels.Count)]).ToArray();
        var start = await LoadRun.OpenLoopAsync(rate, total, (k, due) =>
        {
            dueAt[k] = due;
            return SendAsync(panels[k], k, ackedAt, eventIds);
        });
        var until = Stopwatch.GetTimestamp() + (long)(10 * Stopwatch.Frequency);
        while (Enumerable.Range(0, total).Any(i => ackedAt[i] != 0 && !heard.ContainsKey(eventIds[i]!)) && Stopwatch.GetTimestamp() < until)
            await Task.Delay(50);
        return new Sample(rate, start, dueAt, ackedAt, eventIds, heard);
    }

    private static async Task SendAsync(Panel panel, int index, long[] ackedAt, string?[] eventIds)
    {
        await panel.Turn.WaitAsync();
        try
        {
            panel.Sequence = panel.Sequence % 9999 + 1;
            var sequence = panel.Sequence.ToString("D4", CultureInfo.InvariantCulture);
            var now = TimeProvider.System.GetUtcNow();
            var at = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
            var account = panel.Account.Account;
            // The receiver names the event after the account, the sequence, the panel's time and the event's place in the frame.
            eventIds[index] = string.Create(CultureInfo.InvariantCulture, $"dc09:{account}:{sequence}:{at.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}:0");
            await panel.Stream.WriteAsync(Dc09Codec.Build(Dc09Codec.ContactIdId, sequence, "12", "34", account, $"#{account}|1130 01 001", at, []));
            if (await ReadAnswerAsync(panel.Stream) is { } answer && answer.StartsWith("\"ACK\"", StringComparison.Ordinal))
                ackedAt[index] = Stopwatch.GetTimestamp();
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            // No ACK: counted as failed.
        }
        finally
        {
            panel.Turn.Release();
        }
    }

    /// <summary>The answer's text from its id on (after LF, CRC and length), or null when the connection closed or nothing came in 30 s.</summary>
    private static async Task<string?> ReadAnswerAsync(NetworkStream stream)
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // One frame is outstanding on a connection at a time, so what comes back is one answer, read in a read or two.
        var buffer = new byte[256];
        var length = 0;
        while (length == 0 || buffer[length - 1] != 0x0D)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), wait.Token);
            if (read == 0 || (length += read) == buffer.Length)
                return null;
        }
        var text = System.Text.Encoding.ASCII.GetString(buffer, 0, length);
        var quote = text.IndexOf('"', StringComparison.Ordinal);
        return quote < 0 ? null : text[quote..];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var panel in _panels)
        {
            panel.Client.Dispose();
            panel.Turn.Dispose();
        }
        await Task.CompletedTask;
    }
}
