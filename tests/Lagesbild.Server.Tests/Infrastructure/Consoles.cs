using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Core.Alarms;
using Lagesbild.Data;
using Lagesbild.Server.Features.Alarms;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Lagesbild.Server.Tests.Infrastructure;

/// <summary>A guard's alarm console on a test server's hub, and a sensor's signed events, as the alarm tests use them.</summary>
public static class Consoles
{
    /// <summary>A school with a camera; the sensor's secret is shown once, here.</summary>
    public sealed record School(long SiteId, int SensorId, string Secret, int DistrictId);

    /// <summary>A school at the place with a camera, and the test organisation's guard on duty over its district around the night given.</summary>
    public static async Task<School> GuardedSchoolAsync(this LagesbildFactory app, Place place, DateTimeOffset night, string arming = "Schedule", bool guardOnDuty = true)
    {
        var site = await app.SiteAsync(place, await app.HomeOrganisationAsync(), kind: "School");
        using var coordinator = app.ClientFor(Role.Coordinator);
        var created = await coordinator.PostJsonAsync("/api/sensors",
            new { siteId = site.Id(), kind = "Camera", name = "Kamera skolgården", armingMode = arming }, HttpStatusCode.Created);
        var districtId = site.Props().GetProperty("districtId").GetInt32();
        if (guardOnDuty)
            await app.ShiftAsync(app.UserIds[Role.Guard], districtId, night);
        return new School(site.Id(), created.GetProperty("id").GetInt32(), created.GetProperty("secret").GetString()!, districtId);
    }

    /// <summary>A guard's shift over a district from four hours before the night given to eight hours after.</summary>
    public static Task<int> ShiftAsync(this LagesbildFactory app, int userId, int districtId, DateTimeOffset night) => app.QueryAsync(db =>
    {
        db.GuardShifts.Add(new GuardShift
        {
            UserId = userId,
            From = night.AddHours(-4),
            To = night.AddHours(8),
            DistrictIds = districtId.ToString(CultureInfo.InvariantCulture),
        });
        return db.SaveChangesAsync();
    });

    /// <summary>A console connected to this server's alarm hub (long polling through the in-memory server), its groups joined.</summary>
    public static async Task<HubConnection> ConsoleAsync(this LagesbildFactory app, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, AlarmHub.Path), o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
                o.Headers["Authorization"] = $"Bearer {token}";
            })
            .AddJsonProtocol(o =>
            {
                o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
                o.PayloadSerializerOptions.Converters.Add(new NetTopologySuite.IO.Converters.GeoJsonConverterFactory());
            })
            .Build();
        await connection.JoinAsync();
        return connection;
    }

    /// <summary>
    /// Starts the console and waits, as alarms.js does before it reads the open alarms, until the hub says it has
    /// joined the console's groups: the client counts itself connected at the handshake, before that.
    /// </summary>
    public static async Task JoinAsync(this HubConnection console)
    {
        var joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var handler = console.On(nameof(IAlarmClient.Joined), () => joined.TrySetResult());
        await console.StartAsync();
        await joined.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>A console that writes down every alarm it hears.</summary>
    public static async Task<HubConnection> ListenAsync(this LagesbildFactory app, string token, List<(AlarmView Alarm, AlarmSignal? Signal)> heard)
    {
        var console = await app.ConsoleAsync(token);
        console.On<AlarmView, AlarmSignal?>(nameof(IAlarmClient.AlarmChanged), (alarm, signal) =>
        {
            lock (heard)
                heard.Add((alarm, signal));
        });
        return console;
    }

    /// <summary>What the console heard for this sensor event, waiting up to 20 s for it.</summary>
    public static async Task<(AlarmView Alarm, AlarmSignal? Signal)> HeardAsync(List<(AlarmView Alarm, AlarmSignal? Signal)> heard, string eventId)
    {
        for (var wait = 0; wait < 200; wait++)
        {
            lock (heard)
            {
                if (heard.FirstOrDefault(h => h.Signal?.EventId == eventId) is { Alarm: not null } found)
                    return found;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The console never heard event {eventId}.");
    }

    /// <summary>A sensor's event, signed with its secret (or the signature given), posted as the sensor does.</summary>
    public static async Task<HttpResponseMessage> SendEventAsync(HttpClient client, int sensorId, string secret, string eventId, DateTimeOffset occurredAt, string? signature = null, string type = "person", string? rehearsal = null)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { sensorId, eventId, type, occurredAt, mediaUrl = "https://kamera.example/klipp/1" });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sensor-events") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Lagesbild-Signature", signature ?? SensorSignature.Sign(Encoding.UTF8.GetBytes(secret), body));
        if (rehearsal is not null)
            request.Headers.Add(Lagesbild.Server.Features.Alarms.RehearsalToken.Header, rehearsal);
        return await client.SendAsync(request);
    }
}
