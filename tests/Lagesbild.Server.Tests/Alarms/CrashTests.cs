using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Lagesbild.Core.Alarms;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Alarms;

/// <summary>
/// The real server in a process of its own, on SQLite, killed with SIGKILL while events pour in, and started
/// again: every event that got a success answer is stored with its alarm, events sent again are not doubled,
/// and an escalation that fell due while the server was down fires after the restart.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private const string AdminEmail = "crash-admin@test.example";
    private const string AdminPassword = "Crash-test-password-1";
    private readonly string _data = Directory.CreateTempSubdirectory("lagesbild-crash-").FullName;
    private readonly int _port = FreePort();
    private Process? _server;

    private string BaseUrl => $"http://127.0.0.1:{_port}";

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    /// <summary>The server the tests were built with: the same configuration's output of src/Lagesbild.Server.</summary>
    private static string ServerDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.FullName.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Lagesbild.slnx")))
            root = root.Parent;
        var dll = Path.Combine(root?.FullName ?? throw new InvalidOperationException("No Lagesbild.slnx above the tests."), "src", "Lagesbild.Server", "bin", configuration, "net10.0", "lagesbild.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"Build the server first: {dll} is missing.");
    }

    private async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                ServerDll(), "--urls", BaseUrl, "--data", _data,
                "--Bootstrap:AdminEmail=" + AdminEmail, "--Bootstrap:AdminPassword=" + AdminPassword,
                "--Alarms:AcknowledgeWithinSeconds=10", "--Alarms:WorkerSeconds=1", "--Rounds:Worker=false", "--Logging:LogLevel:Default=Warning",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        _server = Process.Start(start) ?? throw new InvalidOperationException("The server did not start.");
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await client.GetAsync("/health")).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException("The server did not answer /health within 30 s.");
    }

    private void Kill()
    {
        // Process.Kill sends SIGKILL on Linux: no shutdown, no flushing, as in a power cut.
        _server?.Kill(entireProcessTree: true);
        _server?.WaitForExit();
        _server?.Dispose();
        _server = null;
    }

    private async Task<HttpClient> AdminAsync()
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { email = AdminEmail, password = AdminPassword });
        var token = (await login.ExpectAsync(HttpStatusCode.OK)).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<HttpStatusCode?> SendAsync(HttpClient client, int sensorId, string secret, string eventId)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { sensorId, eventId, type = "person", occurredAt = TimeProvider.System.GetUtcNow() });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sensor-events") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Lagesbild-Signature", SensorSignature.Sign(Encoding.UTF8.GetBytes(secret), body));
        try
        {
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return null; // no answer: the server died with the request in flight
        }
    }

    [Fact]
    public async Task Killed_mid_run_and_restarted_nothing_answered_is_lost_nothing_is_doubled_and_escalation_goes_on()
    {
        await StartAsync();
        using var admin = await AdminAsync();
        var organisation = (await admin.PostJsonAsync("/api/organisations", new { name = "Vaktbolaget (krasch)", kind = "GuardCompany" }, HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var guard = await admin.PostJsonAsync("/api/users", new { email = "guard@crash.example", displayName = "Vakt Krasch", password = AdminPassword, organisationId = organisation, roles = new[] { "Guard" } }, HttpStatusCode.Created);
        var site = await admin.PostJsonAsync("/api/sites", new
        {
            name = "Skola Krasch 1",
            kind = "School",
            lat = 59.3145,
            lon = 18.0720,
            openingHours = Schools.SchoolHours,
        }, HttpStatusCode.Created);
        var districtId = site.Props().GetProperty("districtId").GetInt32();
        var now = TimeProvider.System.GetUtcNow();
        await admin.PostJsonAsync("/api/guard-shifts", new { userId = guard.GetProperty("id").GetInt32(), from = now.AddHours(-1), to = now.AddHours(8), districtIds = new[] { districtId } }, HttpStatusCode.Created);
        var sensor = await admin.PostJsonAsync("/api/sensors", new { siteId = site.Id(), kind = "Motion", name = "Rörelse", armingMode = "AlwaysArmed" }, HttpStatusCode.Created);
        var (sensorId, secret) = (sensor.GetProperty("id").GetInt32(), sensor.GetProperty("secret").GetString()!);

        // Eight senders pour events in; the server is killed once about 150 have been answered.
        var answered = new ConcurrentBag<string>();
        var sent = new ConcurrentBag<string>();
        using var events = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(5) };
        using var stop = new CancellationTokenSource();
        var senders = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var n = 0; n < 200 && !stop.IsCancellationRequested; n++)
            {
                var eventId = $"w{worker}-{n}";
                sent.Add(eventId);
                if (await SendAsync(events, sensorId, secret, eventId) == HttpStatusCode.OK)
                    answered.Add(eventId);
                else if (stop.IsCancellationRequested)
                    break;
            }
        })).ToList();
        while (answered.Count < 150 && senders.Any(s => !s.IsCompleted))
            await Task.Delay(5);
        Kill(); // with requests in flight
        stop.Cancel();
        await Task.WhenAll(senders);
        Assert.True(answered.Count >= 150, $"only {answered.Count} events were answered before the kill");

        // Down for longer than the escalation deadline, then up again on the same data.
        await Task.Delay(TimeSpan.FromSeconds(11));
        await StartAsync();
        using var admin2 = await AdminAsync();
        foreach (var eventId in sent.Except(answered))
            Assert.Equal(HttpStatusCode.OK, await SendAsync(events, sensorId, secret, eventId)); // a sender's retry
        foreach (var eventId in answered.Take(20))
            Assert.Equal(HttpStatusCode.OK, await SendAsync(events, sensorId, secret, eventId)); // retried though answered

        var stored = await CountAsync(admin2, sensorId);
        Assert.Equal(sent.Distinct().Count(), stored.Events);
        Assert.Equal(0, stored.WithoutAlarm);
        var alarms = await admin2.GetJsonAsync("/api/alarms?status=all");
        var alarm = Assert.Single(alarms.EnumerateArray(), a => a.GetProperty("siteId").GetInt64() == site.Id());
        for (var wait = 0; wait < 100 && (await admin2.GetJsonAsync($"/api/alarms/{alarm.GetProperty("id").GetInt64()}")).GetProperty("escalationLevel").GetInt32() == 0; wait++)
            await Task.Delay(100);
        Assert.True((await admin2.GetJsonAsync($"/api/alarms/{alarm.GetProperty("id").GetInt64()}")).GetProperty("escalationLevel").GetInt32() >= 1,
            "the escalation that fell due while the server was down did not fire after the restart");
    }

    /// <summary>What the database holds, read through SQLite directly: the API has no event list.</summary>
    private Task<(int Events, int WithoutAlarm)> CountAsync(HttpClient _, int sensorId)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_data, "lagesbild.db")};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), SUM(CASE WHEN \"AlarmId\" IS NULL THEN 1 ELSE 0 END) FROM \"SensorEvents\" WHERE \"SensorId\" = $id";
        command.Parameters.AddWithValue("$id", sensorId);
        using var reader = command.ExecuteReader();
        reader.Read();
        return Task.FromResult((reader.GetInt32(0), reader.IsDBNull(1) ? 0 : reader.GetInt32(1)));
    }

    public void Dispose()
    {
        Kill();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind.
        }
    }
}
