using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lagesbild.Bench.Alarms;
using Lagesbild.Core.Alarms;

namespace Lagesbild.Bench.Cluster;

/// <summary>One event as the sensor saw it: when it was first sent, whether and when a node answered it stored, and its alarm.</summary>
public sealed class SentEvent(string eventId)
{
    public string EventId => eventId;
    public long SentAt { get; set; }
    public long AnsweredAt { get; set; }
    public bool Answered { get; set; }
    public long AlarmId { get; set; }
    public int Tries { get; set; }

    /// <summary>Answered as sent before (Idempotent-Replayed): an earlier try stored it, and its node went before answering.</summary>
    public bool Replayed { get; set; }

    /// <summary>When the last try that got no answer ended: an event answered as replayed was stored before that.</summary>
    public long LastFailureAt { get; set; }

    /// <summary>By when the event was certainly stored.</summary>
    public long StoredBy => Replayed ? LastFailureAt : AnsweredAt;
}

/// <summary>
/// The sensors: signed events at a fixed rate (open loop), each to the next entry in turn (a node, or the proxy);
/// an event that gets no answer (connection refused or reset, 502/503 from the proxy, a time-out) is sent again,
/// the same event with the same id and signature, to the next entry, for up to 30 s, as a sensor retries.
/// </summary>
public sealed class EventSender(Uri[] entries, IReadOnlyList<BenchSensor> sensors) : IDisposable
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    private readonly HttpClient[] _clients = [.. entries.Select(url => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, ConnectTimeout = TimeSpan.FromSeconds(2) })
    {
        BaseAddress = url,
        Timeout = TimeSpan.FromSeconds(10),
    })];

    public async Task<List<SentEvent>> SendAsync(string prefix, int rate, int total)
    {
        var random = new Random(rate);
        var events = Enumerable.Range(0, total).Select(k => (Event: new SentEvent($"{prefix}-{k}"), Sensor: sensors[random.Next(sensors.Count)])).ToArray();
        await LoadRun.OpenLoopAsync(rate, total, (k, _) => SendAsync(events[k].Event, events[k].Sensor, k));
        return [.. events.Select(e => e.Event)];
    }

    private async Task SendAsync(SentEvent sent, BenchSensor sensor, int k)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { sensorId = sensor.Id, eventId = sent.EventId, type = "person", occurredAt = TimeProvider.System.GetUtcNow() });
        var signature = SensorSignature.Sign(sensor.Secret, body);
        sent.SentAt = Stopwatch.GetTimestamp();
        for (var entry = k; Stopwatch.GetElapsedTime(sent.SentAt) < GiveUpAfter; entry++)
        {
            sent.Tries++;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sensor-events") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Add("X-Lagesbild-Signature", signature);
            try
            {
                using var response = await _clients[entry % _clients.Length].SendAsync(request);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
                    sent.AnsweredAt = Stopwatch.GetTimestamp();
                    sent.AlarmId = receipt.GetProperty("alarmId").GetInt64();
                    sent.Replayed = sent.Tries > 1 && response.Headers.Contains("Idempotent-Replayed");
                    sent.Answered = true;
                    return;
                }
                if ((int)response.StatusCode < 500)
                    return; // refused for what it is: sending it again would not help
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            sent.LastFailureAt = Stopwatch.GetTimestamp();
            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients)
            client.Dispose();
    }
}
