using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Lagesbild.Bench.Alarms;
using Microsoft.AspNetCore.SignalR.Client;

namespace Lagesbild.Bench.Cluster;

/// <summary>
/// A guard's alarm console as the product's own behaves: connected to one node; when that node goes away it
/// connects to the next one and reads the open alarms from the API, so that what it missed while away is on its
/// screen. It counts every push it hears (a push heard twice is a duplicate) and every alarm it read after a
/// (re)connection, and acknowledges the alarms dispatched to it unless it is one of the guards who never answer
/// (their alarms escalate).
/// </summary>
public sealed class ClusterConsole(BenchGuard guard, IReadOnlyList<Uri> entries, bool acknowledges) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, bool> _acknowledged = new();
    private readonly CancellationTokenSource _stopping = new();
    private HubConnection? _connection;
    private int _entry;

    /// <summary>Each event id heard, with when it was first heard and how often.</summary>
    public ConcurrentDictionary<string, (long FirstAt, int Times)> Heard { get; } = new(StringComparer.Ordinal);

    /// <summary>Each alarm a push brought to this console, with when it first did.</summary>
    public ConcurrentDictionary<long, long> Pushed { get; } = new();

    /// <summary>Each alarm read from the API after a (re)connection, with when it was last read.</summary>
    public ConcurrentDictionary<long, long> Reloaded { get; } = new();

    public int Reconnections { get; private set; }

    /// <summary>Tries to reconnect that failed, and the last one's reason: a node down, a proxy that has not noticed yet.</summary>
    public int FailedReconnections { get; private set; }

    public string? LastFailure { get; private set; }

    /// <summary>How many times the connection closed under the console.</summary>
    public int Closings { get; private set; }

    public async Task ConnectAsync()
    {
        var connection = Targets.Connect(new Uri(entries[_entry % entries.Count], "/hubs/alarms"), guard.Token);
        connection.On<JsonElement, JsonElement>("AlarmChanged", (alarm, signal) =>
        {
            if (signal.ValueKind == JsonValueKind.Object && signal.GetProperty("eventId").GetString() is { } eventId)
                Heard.AddOrUpdate(eventId, _ => (Stopwatch.GetTimestamp(), 1), (_, seen) => (seen.FirstAt, seen.Times + 1));
            Pushed.TryAdd(alarm.GetProperty("id").GetInt64(), Stopwatch.GetTimestamp());
            Acknowledge(alarm);
        });
        connection.Closed += _ =>
        {
            if (_stopping.IsCancellationRequested)
                return Task.CompletedTask;
            Closings++;
            return ReconnectAsync();
        };
        await Targets.StartJoinedAsync(connection, _stopping.Token);
        _connection = connection;
        // Its groups joined, the console hears pushes; it reads what it missed too, trying again while the node is busy.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ReadOpenAlarmsAsync();
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && attempt < 20 && !_stopping.IsCancellationRequested)
            {
                await Task.Delay(250);
            }
        }
    }

    private void Acknowledge(JsonElement alarm)
    {
        var id = alarm.GetProperty("id").GetInt64();
        if (acknowledges && alarm.GetProperty("status").GetString() == "Dispatched" && alarm.GetProperty("assignedTo").GetString() == guard.Name && _acknowledged.TryAdd(id, true))
            _ = AcknowledgeAsync(id);
    }

    /// <summary>The next node in turn, until one answers; a node just killed refuses, a restarted one answers again.</summary>
    private async Task ReconnectAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            _entry++;
            try
            {
                await ConnectAsync();
                Reconnections++;
                return;
            }
            catch (Exception e) when (!_stopping.IsCancellationRequested)
            {
                FailedReconnections++;
                LastFailure = e.Message;
                await Task.Delay(250);
            }
        }
    }

    private async Task ReadOpenAlarmsAsync()
    {
        using var http = Client();
        var alarms = await http.GetFromJsonAsync<JsonElement>("/api/alarms", _stopping.Token);
        var now = Stopwatch.GetTimestamp();
        foreach (var alarm in alarms.EnumerateArray())
        {
            Reloaded[alarm.GetProperty("id").GetInt64()] = now;
            Acknowledge(alarm);
        }
    }

    private async Task AcknowledgeAsync(long id)
    {
        try
        {
            using var http = Client();
            using var response = await http.PostAsync($"/api/alarms/{id}/acknowledge", null, _stopping.Token);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // The node went away: the alarm is read again on reconnection and acknowledged then.
            _acknowledged.TryRemove(id, out _);
        }
    }

    private HttpClient Client()
    {
        var http = new HttpClient { BaseAddress = entries[_entry % entries.Count], Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", guard.Token);
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_connection is not null)
            await _connection.DisposeAsync();
        _stopping.Dispose();
    }
}
