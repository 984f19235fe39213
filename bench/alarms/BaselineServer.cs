using System.Collections.Concurrent;
using System.Text.Json;
using Lagesbild.Core.Alarms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Data.Sqlite;

namespace Lagesbild.Bench.Alarms;

/// <summary>A sensor as the peer knows it: its secret and the guard whose console gets its events.</summary>
public sealed record BaselineSensor(int Id, string Secret, int Guard);

/// <summary>
/// The peer the issue names: a hub plus one SQLite insert per event, no outbox. It checks the same signature
/// over the same body and commits with the same SQLite settings as the product (WAL, synchronous FULL, SQLite's
/// own busy wait rather than the driver's 150 ms sleeps), so
/// that what differs is what the product does beyond that: the alarm, its dispatch and its site card.
/// </summary>
public static class BaselineServer
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(Options options)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls(options.Get("urls"));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSignalR();
        var app = builder.Build();

        Directory.CreateDirectory(options.Get("data"));
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(options.Get("data"), "baseline.db") }.ToString();
        await using (var setup = new SqliteConnection(connectionString))
        {
            await setup.OpenAsync();
            await using var command = setup.CreateCommand();
            command.CommandText = """
                PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
                CREATE TABLE IF NOT EXISTS events (
                    sensor_id INTEGER NOT NULL, event_id TEXT NOT NULL, type TEXT NOT NULL, occurred_at TEXT NOT NULL,
                    received_at TEXT NOT NULL, media_url TEXT, PRIMARY KEY (sensor_id, event_id));
                """;
            await command.ExecuteNonQueryAsync();
        }
        await using (var check = new SqliteConnection(connectionString))
        {
            // A new connection's synchronous setting is the library's default, as in the product (2 = FULL).
            await check.OpenAsync();
            await using var command = check.CreateCommand();
            command.CommandText = "PRAGMA synchronous";
            Console.WriteLine($"baseline: SQLite synchronous={await command.ExecuteScalarAsync()} on a new connection");
        }

        var sensors = new ConcurrentDictionary<int, BaselineSensor>();
        app.MapPost("/setup", (BaselineSensor[] list) =>
        {
            foreach (var sensor in list)
                sensors[sensor.Id] = sensor;
            return Results.Ok(new { sensors = sensors.Count });
        });
        app.MapPost("/events", async (HttpRequest request, IHubContext<BaselineHub> hub) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var sent = JsonSerializer.Deserialize<SentEvent>(body, Json);
            if (sent?.SensorId is not { } sensorId || !sensors.TryGetValue(sensorId, out var sensor)
                || !SensorSignature.Verify(System.Text.Encoding.UTF8.GetBytes(sensor.Secret), body, request.Headers["X-Lagesbild-Signature"]))
                return Results.Unauthorized();
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout = 30000; INSERT OR IGNORE INTO events VALUES ($sensor, $event, $type, $occurred, $received, $media)";
            command.Parameters.AddWithValue("$sensor", sensorId);
            command.Parameters.AddWithValue("$event", sent.EventId);
            command.Parameters.AddWithValue("$type", sent.Type);
            command.Parameters.AddWithValue("$occurred", sent.OccurredAt.ToString("O"));
            command.Parameters.AddWithValue("$received", TimeProvider.System.GetUtcNow().ToString("O"));
            command.Parameters.AddWithValue("$media", (object?)sent.MediaUrl ?? DBNull.Value);
            if (await command.ExecuteNonQueryAsync() == 1)
                await hub.Clients.Group(BaselineHub.Group(sensor.Guard)).SendAsync("Event", new { sent.EventId, sensorId, sent.Type, sent.OccurredAt });
            return Results.Ok(new { sent.EventId });
        });
        app.MapHub<BaselineHub>("/hub");
        await app.RunAsync();
        return 0;
    }

    private sealed record SentEvent(int? SensorId, string EventId, string Type, DateTimeOffset OccurredAt, string? MediaUrl);
}

/// <summary>The peer's hub: a guard's console joins its guard's group (?guard=N).</summary>
public sealed class BaselineHub : Hub
{
    public static string Group(int guard) => $"guard:{guard}";

    public override async Task OnConnectedAsync()
    {
        var guard = int.Parse(Context.GetHttpContext()!.Request.Query["guard"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(guard));
        await base.OnConnectedAsync();
    }
}
