using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Lagesbild.Bench.Alarms;

/// <summary>A sensor the load generator signs events for.</summary>
public sealed record BenchSensor(int Id, byte[] Secret, int SiteId = 0);

/// <summary>What a run needs from a target: where events go, its sensors, and its guards' consoles.</summary>
public sealed record Target(string EventsPath, IReadOnlyList<BenchSensor> Sensors, IReadOnlyList<Func<Action<string>, Task<HubConnection>>> Guards);

/// <summary>A guard of the product as the bench signed him in: his token outlives a restart (the keys are in the data folder).</summary>
public sealed record BenchGuard(string Email, string Name, string Token);

/// <summary>What the set-up made on a target, kept in a file so that a cold run can use it after the server restarts.</summary>
public sealed record BenchCity(IReadOnlyList<BenchSensor> Sensors, IReadOnlyList<BenchGuard> Guards);

/// <summary>Sets up the same city on either target: 300 sites (schools) across the districts, one armed camera each, 150 guards.</summary>
public static class Targets
{
    public const int Sites = 300;
    public const int Guards = 150;
    private const string GuardPassword = "Bench-guard-password-1";

    /// <summary>The guard that takes site k's alarms first: one per district, as the product's shifts below make it.</summary>
    public static int PrimaryGuard(int site, int districts) => site % districts;

    /// <summary>Creates the bench's city on the product through its API and signs its guards in: <paramref name="sites"/> sites and <paramref name="guardCount"/> guards.</summary>
    public static async Task<BenchCity> SetUpProductAsync(HttpClient http, Options options, int sites = Sites, int guardCount = Guards)
    {
        await SignInAsync(http, options.Get("admin-email", "admin@lagesbild.example"), options.Get("admin-password", "Lagesbild-demo-1"));
        var companies = new List<int>();
        for (var c = 0; c < 3; c++)
            companies.Add((await PostAsync(http, "/api/organisations", new { name = $"Bänkbevakning {c + 1}", kind = "GuardCompany" })).GetProperty("id").GetInt32());
        var guards = new List<(int Id, string Email, string Name)>();
        for (var g = 0; g < guardCount; g++)
        {
            var (email, name) = ($"vakt{g:000}@bench.example", $"Vakt {g:000}");
            var user = await PostAsync(http, "/api/users", new { email, displayName = name, password = GuardPassword, organisationId = companies[g % companies.Count], roles = new[] { "Guard" } });
            guards.Add((user.GetProperty("id").GetInt32(), email, name));
        }
        var districts = await DistrictsAsync(http);
        var sensors = new List<BenchSensor>();
        for (var k = 0; k < sites; k++)
        {
            var (districtId, area) = districts[k % districts.Count];
            var point = area.InteriorPoint;
            var shifted = new Point(point.X + 0.0004 * (k / districts.Count), point.Y);
            if (area.Contains(shifted))
                point = shifted;
            var site = await PostAsync(http, "/api/sites", new
            {
                name = $"Bänkskolan {k + 1}",
                kind = "School",
                lat = point.Y,
                lon = point.X,
                openingHours = new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" }.Select(day => new { day, opens = "08:00", closes = "16:00" }),
            });
            var placed = site.GetProperty("properties").GetProperty("districtId").GetInt32();
            if (placed != districtId)
                throw new InvalidOperationException($"Site {k} landed in district {placed}, not {districtId}.");
            var sensor = await PostAsync(http, "/api/sensors", new
            {
                siteId = site.GetProperty("id").GetInt32(),
                kind = "Camera",
                name = $"Kamera skolgård {k + 1}",
                armingMode = "AlwaysArmed",
                accessNotes = "Nyckel i nyckeltub vid grind B",
            });
            sensors.Add(new BenchSensor(sensor.GetProperty("id").GetInt32(), System.Text.Encoding.UTF8.GetBytes(sensor.GetProperty("secret").GetString()!), site.GetProperty("id").GetInt32()));
        }
        // On duty since before the demo guard, so that the bench's guards come first; guard g covers one district.
        var now = TimeProvider.System.GetUtcNow();
        for (var g = 0; g < guardCount; g++)
            await PostAsync(http, "/api/guard-shifts", new { userId = guards[g].Id, from = now.AddDays(-2), to = now.AddDays(1), districtIds = new[] { districts[g % districts.Count].Id } });

        var signedIn = new List<BenchGuard>();
        foreach (var guard in guards)
        {
            using var signIn = new HttpClient { BaseAddress = http.BaseAddress };
            signedIn.Add(new BenchGuard(guard.Email, guard.Name, await SignInAsync(signIn, guard.Email, GuardPassword)));
        }
        return new BenchCity(sensors, signedIn);
    }

    /// <summary>A DC-09 panel account at each site (accounts B000, B001 ...), its zones going to the site's camera, unsupervised.</summary>
    public static async Task<List<BenchPanel>> RegisterPanelsAsync(HttpClient http, BenchCity city)
    {
        var panels = new List<BenchPanel>();
        foreach (var (sensor, k) in city.Sensors.Select((s, k) => (s, k)))
        {
            var account = (0xB000 + k).ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/alarm-panels")
            {
                Content = JsonContent.Create(new { account, name = $"Larmcentral Bänkskolan {k + 1}", siteId = sensor.SiteId, sensorId = sensor.Id, supervisionSeconds = 0 }),
            };
            request.Headers.Add("Idempotency-Key", $"bench-panel-{account}");
            using var response = await http.SendAsync(request);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"POST /api/alarm-panels: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            panels.Add(new BenchPanel(account, sensor.Id));
        }
        return panels;
    }

    /// <summary>The product with a city set up before (in this process or before the server restarted).</summary>
    public static Target Product(HttpClient http, BenchCity city) =>
        new("/api/sensor-events", city.Sensors, city.Guards.Select(guard =>
            (Func<Action<string>, Task<HubConnection>>)(heard => ProductConsoleAsync(http, guard.Token, guard.Name, heard))).ToList());

    /// <summary>A guard's console: hears every push, and acknowledges what is dispatched to him, as a guard on duty does.</summary>
    private static async Task<HubConnection> ProductConsoleAsync(HttpClient http, string token, string name, Action<string> heard)
    {
        var acknowledged = new System.Collections.Concurrent.ConcurrentDictionary<long, bool>();
        var connection = Connect(new Uri(http.BaseAddress!, "/hubs/alarms"), token);
        connection.On<JsonElement, JsonElement>("AlarmChanged", (alarm, signal) =>
        {
            if (signal.ValueKind == JsonValueKind.Object)
                heard(signal.GetProperty("eventId").GetString()!);
            var id = alarm.GetProperty("id").GetInt64();
            if (alarm.GetProperty("status").GetString() == "Dispatched" && alarm.GetProperty("assignedTo").GetString() == name && acknowledged.TryAdd(id, true))
                _ = AcknowledgeAsync(http, token, id);
        });
        await StartJoinedAsync(connection);
        return connection;
    }

    /// <summary>
    /// Starts a console of the product and waits for the hub's word that it has joined the console's groups, as the
    /// guard console does: before that (the handshake is done first) a push may not reach it.
    /// </summary>
    public static async Task StartJoinedAsync(HubConnection connection, CancellationToken ct = default)
    {
        var joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var handler = connection.On("Joined", () => joined.TrySetResult());
        await connection.StartAsync(ct);
        await joined.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
    }

    private static async Task AcknowledgeAsync(HttpClient http, string token, long alarmId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/alarms/{alarmId}/acknowledge");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
    }

    /// <summary>The peer's sensors: made up here, told to the peer by each run (it keeps them in memory only).</summary>
    public static BenchCity SetUpBaseline() =>
        new(Enumerable.Range(1, Sites).Select(id => new BenchSensor(id, System.Text.Encoding.UTF8.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))))).ToList(), []);

    public static async Task<Target> BaselineAsync(HttpClient http, BenchCity city)
    {
        var sensors = city.Sensors.Select(s => new BaselineSensor(s.Id, System.Text.Encoding.UTF8.GetString(s.Secret), PrimaryGuard(s.Id - 1, 117))).ToList();
        using (var response = await http.PostAsJsonAsync("/setup", sensors))
            response.EnsureSuccessStatusCode();
        var consoles = Enumerable.Range(0, Guards).Select(guard => (Func<Action<string>, Task<HubConnection>>)(async heard =>
        {
            var connection = Connect(new Uri(http.BaseAddress!, $"/hub?guard={guard}"), null);
            connection.On<JsonElement>("Event", sent => heard(sent.GetProperty("eventId").GetString()!));
            await connection.StartAsync();
            return connection;
        })).ToList();
        return new Target("/events", city.Sensors, consoles);
    }

    public static HubConnection Connect(Uri url, string? token) =>
        new HubConnectionBuilder()
            .WithUrl(url, o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                if (token is not null)
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();

    public static async Task<string> SignInAsync(HttpClient http, string email, string password)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return token;
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The districts as the server has them, each with its area, in the server's order.</summary>
    private static async Task<List<(int Id, Geometry Area)>> DistrictsAsync(HttpClient http)
    {
        var geo = new JsonSerializerOptions { Converters = { new GeoJsonConverterFactory() } };
        var collection = await http.GetFromJsonAsync<JsonElement>("/api/districts");
        return collection.GetProperty("features").EnumerateArray()
            .Select(f => (f.GetProperty("id").GetInt32(), f.GetProperty("geometry").Deserialize<Geometry>(geo)!))
            .ToList();
    }
}
