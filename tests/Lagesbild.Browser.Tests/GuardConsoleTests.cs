using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lagesbild.Core.Alarms;
using Lagesbild.Data;
using Lagesbild.Server.Features.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lagesbild.Browser.Tests;

/// <summary>The guard at night: an alarm arrives live on the console, he takes it, goes there and resolves it.</summary>
public sealed class GuardConsoleTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private async Task<T> Query<T>(Func<LagesbildDb, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<LagesbildDb>());
    }

    [Fact]
    public async Task An_event_appears_live_is_acknowledged_and_resolved_and_the_syringes_reach_the_picture()
    {
        var context = await app.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
        });
        // The guard's work starts on the alarm console.
        var page = await app.SignInAsync(context, "vaktare@lagesbild.example");
        await page.WaitForURLAsync("**/alarms");
        await Assertions.Expect(page.Locator("#alarms-connection")).ToContainTextAsync("Direktkopplad");
        var sensorId = await Query(db => db.Sensors.Where(s => s.ArmingMode == ArmingMode.AlwaysArmed && s.Site!.Name == "Förskola Rinkeby 1").Select(s => s.Id).FirstAsync());

        // The door sensor at the preschool signs and sends an event, as the README shows with curl.
        var alarmId = await SendDoorOpenedAsync(sensorId, DemoAlarms.Secret);

        var card = page.Locator($"#alarm-{alarmId}");
        await Assertions.Expect(card).ToContainTextAsync("Förskola Rinkeby 1");
        await Assertions.Expect(card).ToContainTextAsync("Tillträde");
        // The event in words and its count in the singular.
        await Assertions.Expect(card).ToContainTextAsync("Senaste signal: Dörr öppnad");
        await Assertions.Expect(card).ToContainTextAsync(new Regex("1 händelse(?!r)"));
        // The still of the preschool's yard camera, fetched by the server from the demo's own camera when the alarm
        // opened: a picture while the preschool is closed; while it is open, the camera may not record and the card says so.
        var stills = card.Locator(".alarm-stills");
        if (await GardenCameraMayRecordAsync())
        {
            var still = stills.GetByRole(AriaRole.Img, new() { NameRegex = new Regex(@"^Stillbild från kamera Kamera gården \d\d:\d\d$") });
            await Assertions.Expect(still).ToBeVisibleAsync();
            await Assertions.Expect(still).ToHaveJSPropertyAsync("complete", true);
            Assert.True(await still.EvaluateAsync<int>("img => img.naturalWidth") > 0);
            await page.ScreenshotAsync(new() { Path = "/tmp/guard-card-still.png", FullPage = true });
        }
        else
            await Assertions.Expect(stills).ToContainTextAsync("Kamera gården: ingen bild – kameran får inte spela in nu");
        // The action the guard came for is on the phone's first screen, under a one-bar header.
        var acknowledge = card.GetByRole(AriaRole.Button, new() { Name = "Kvittera" });
        Assert.Equal(0, await page.EvaluateAsync<double>("() => window.scrollY"));
        await Assertions.Expect(acknowledge).ToBeInViewportAsync(new() { Ratio = 1 });
        Assert.True(await page.EvaluateAsync<double>("() => document.querySelector('.mud-appbar').getBoundingClientRect().height") <= 64);

        // Nobody took it in time and it went on: the console says so, also after the page is read again.
        await Query(db => db.Alarms.Where(a => a.Id == alarmId).ExecuteUpdateAsync(s => s.SetProperty(a => a.EscalationLevel, 1)));
        await page.ReloadAsync();
        await Assertions.Expect(card).ToContainTextAsync(new Regex(@"Eskalerat till nivå \d"));
        await card.GetByRole(AriaRole.Button, new() { Name = "Kvittera" }).ClickAsync();
        await Assertions.Expect(card).ToContainTextAsync("Kvitterat");
        await card.GetByRole(AriaRole.Button, new() { Name = "På plats" }).ClickAsync();
        await Assertions.Expect(card).ToContainTextAsync("På plats");
        // The card with its map, its escalation and its closing form open passes axe's WCAG 2.1 A and AA rules.
        await Accessibility.Axe.AssertNoneAsync(page);
        await card.GetByLabel("Utfall").SelectOptionAsync(new SelectOptionValue { Label = "Sprutor hittade" });
        await card.GetByLabel("Anteckning").FillAsync("Två personer gick därifrån, sprutor vid sandlådan.");
        await card.GetByRole(AriaRole.Button, new() { Name = "Avsluta larmet" }).ClickAsync();
        await Assertions.Expect(card).ToHaveCountAsync(0);
        // The guard is told where the alarm went, and finds it in the shift's history.
        var done = page.Locator("#alarms-done");
        await Assertions.Expect(done).ToHaveTextAsync("Larmet vid Förskola Rinkeby 1 är avslutat: Sprutor hittade.");
        await Assertions.Expect(done).ToBeFocusedAsync();
        var history = page.GetByRole(AriaRole.Region, new() { Name = "Avslutade larm under passet" });
        await Assertions.Expect(history.Locator("li").First).ToContainTextAsync("Förskola Rinkeby 1");
        await Assertions.Expect(history.Locator("li").First).ToContainTextAsync(new Regex(@"Sprutor hittade · av Vera Väktare · Eskalerat till nivå \d"));
        await Assertions.Expect(history.Locator("li").First).ToContainTextAsync("Två personer gick därifrån");

        var alarm = await Query(db => db.Alarms.SingleAsync(a => a.Id == alarmId));
        Assert.Equal(AlarmStatus.Resolved, alarm.Status);
        Assert.Equal(AlarmOutcome.SyringesFound, alarm.Outcome);
        var observation = await Query(db => db.Observations.SingleAsync(o => o.Id == alarm.ObservationId));
        Assert.Equal(ObservationSource.Alarm, observation.Source);
        // The map reads the picture from the API with the same session: the syringes are there.
        var box = string.Create(CultureInfo.InvariantCulture, $"{observation.Lon - 0.01},{observation.Lat - 0.01},{observation.Lon + 0.01},{observation.Lat + 0.01}");
        var onMap = await page.EvaluateAsync<long[]>($"fetch('/api/observations?bbox={box}&from={TimeProvider.System.GetUtcNow().AddDays(-1):yyyy-MM-dd}').then(r => r.json()).then(c => c.features.map(f => f.id))");
        Assert.Contains(observation.Id, onMap);
        await context.CloseAsync();
    }

    [Fact]
    public async Task An_alarm_that_opened_while_the_console_was_cut_off_appears_and_rings_when_it_reconnects()
    {
        const string secret = "browser-reconnect-secret";
        var (sensorId, site) = await OwnDoorSensorAsync(secret, "Dörrlarm entrén");
        var context = await app.NewContextAsync(new BrowserNewContextOptions());
        // The network between the phone and the server, which the test cuts: the hub's WebSocket, and its HTTP fallbacks.
        var cut = false;
        IWebSocketRoute? socket = null;
        await context.RouteAsync(new Regex("/hubs/alarms"), route => cut ? route.AbortAsync() : route.ContinueAsync());
        await context.RouteWebSocketAsync(new Regex("/hubs/alarms"), async route =>
        {
            if (cut)
            {
                await route.CloseAsync();
                return;
            }
            socket = route;
            route.ConnectToServer();
        });
        var page = await app.SignInAsync(context, "vaktare@lagesbild.example");
        await page.WaitForURLAsync("**/alarms");
        var connection = page.Locator("#alarms-connection");
        await Assertions.Expect(connection).ToContainTextAsync("Direktkopplad");
        // The first read of the open alarms is done: an alarm it had not read yet would count as the starting state
        // (it failed in CI when that read was answered after the alarm below was stored).
        await Assertions.Expect(page.Locator("[data-loaded='true']")).ToHaveCountAsync(1);

        cut = true;
        await socket!.CloseAsync();
        await Assertions.Expect(connection).ToContainTextAsync("Ingen direktkoppling");
        var alarmId = await SendDoorOpenedAsync(sensorId, secret);
        var card = page.Locator($"#alarm-{alarmId}");
        await Assertions.Expect(card).ToHaveCountAsync(0);
        cut = false;

        await Assertions.Expect(connection).ToContainTextAsync("Direktkopplad");
        await Assertions.Expect(card).ToContainTextAsync(site);
        await Assertions.Expect(connection).ToHaveAttributeAsync("data-last", $"Nytt larm: {site}");
        await page.ScreenshotAsync(new() { Path = "/tmp/guard-console-reconnected.png" });
        // Closed again, so that the other test's console starts from its own alarms.
        await Query(db => db.Alarms.Where(a => a.Id == alarmId).ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AlarmStatus.Cancelled)));
        await context.CloseAsync();
    }

    [Fact]
    public async Task An_alarm_pushed_while_the_console_is_still_reading_its_open_alarms_stays_on_the_console()
    {
        const string secret = "browser-slow-read-secret";
        var (sensorId, site) = await OwnDoorSensorAsync(secret, "Dörrlarm köket");
        var context = await app.NewContextAsync(new BrowserNewContextOptions());
        // The console's first read of the open alarms is answered by the server before the alarm opens, and reaches
        // the page only after the alarm's push (a slow network, a busy phone): it failed in CI that way.
        var answered = new TaskCompletionSource<IAPIResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        var deliver = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await context.RouteAsync(new Regex(@"/api/alarms\?status=open$"), async route =>
        {
            var response = await route.FetchAsync();
            answered.TrySetResult(response);
            await deliver.Task;
            await route.FulfillAsync(new() { Response = response });
        }, new() { Times = 1 });
        var page = await app.SignInAsync(context, "vaktare@lagesbild.example");
        await page.WaitForURLAsync("**/alarms");
        await Assertions.Expect(page.Locator("#alarms-connection")).ToContainTextAsync("Direktkopplad");
        var staleRead = await answered.Task.WaitAsync(TimeSpan.FromMilliseconds(BrowserApp.Timeout));

        var alarmId = await SendDoorOpenedAsync(sensorId, secret);
        var card = page.Locator($"#alarm-{alarmId}");
        await Assertions.Expect(card).ToContainTextAsync(site);
        var readIds = (await staleRead.JsonAsync())!.Value.EnumerateArray().Select(a => a.GetProperty("id").GetInt64()).ToList();
        Assert.DoesNotContain(alarmId, readIds);
        deliver.SetResult();

        // The read has reached the page (and drawn its list), and the pushed alarm is still there with its signal.
        await Assertions.Expect(page.Locator("[data-loaded='true']")).ToHaveCountAsync(1);
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(card).ToContainTextAsync("Senaste signal: Dörr öppnad");
        await Query(db => db.Alarms.Where(a => a.Id == alarmId).ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AlarmStatus.Cancelled)));
        await context.CloseAsync();
    }

    [Fact]
    public async Task The_console_reads_its_open_alarms_only_once_the_hub_has_joined_its_groups()
    {
        const string secret = "browser-joined-secret";
        var (sensorId, site) = await OwnDoorSensorAsync(secret, "Dörrlarm matsalen");
        var context = await app.NewContextAsync(new BrowserNewContextOptions());
        // The hub's word that it has joined the console's groups, and all the server sends after it, are held back: the
        // client is connected (its handshake done) and the hub is not yet known to push to it.
        var order = new List<string>();
        var gate = new object();
        var holding = true;
        var held = new List<string>();
        IWebSocketRoute? toPage = null;
        var joinedHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await context.RouteWebSocketAsync(new Regex("/hubs/alarms"), socket =>
        {
            toPage = socket;
            var server = socket.ConnectToServer();
            server.OnMessage(frame =>
            {
                lock (gate)
                {
                    if (!holding || frame.Text is null)
                    {
                        Forward(socket, frame);
                        return;
                    }
                    // SignalR's messages end with 0x1E; a frame may carry the handshake's answer and the word together.
                    var messages = frame.Text.Split('\u001e', StringSplitOptions.RemoveEmptyEntries).Select(m => m + '\u001e').ToList();
                    var joinedAt = held.Count > 0 ? 0 : messages.FindIndex(m => m.Contains("\"target\":\"Joined\"", StringComparison.Ordinal));
                    if (joinedAt < 0)
                    {
                        socket.Send(frame.Text);
                        return;
                    }
                    if (joinedAt > 0)
                        socket.Send(string.Concat(messages.Take(joinedAt)));
                    held.AddRange(messages.Skip(joinedAt));
                    joinedHeld.TrySetResult();
                }
            });
        });
        await context.RouteAsync(new Regex(@"/api/alarms\?status=open$"), async route =>
        {
            lock (gate)
                order.Add("read");
            firstRead.TrySetResult();
            await route.ContinueAsync();
        });
        var page = await app.SignInAsync(context, "vaktare@lagesbild.example");
        await page.WaitForURLAsync("**/alarms");
        await joinedHeld.Task.WaitAsync(TimeSpan.FromMilliseconds(BrowserApp.Timeout));
        // An alarm opens while the word is held back; the console that read on its handshake would read before it.
        var alarmId = await SendDoorOpenedAsync(sensorId, secret);
        await Task.WhenAny(firstRead.Task, Task.Delay(TimeSpan.FromSeconds(2)));
        lock (gate)
        {
            order.Add("joined");
            holding = false;
            foreach (var message in held)
                toPage!.Send(message);
        }

        await Assertions.Expect(page.Locator("#alarms-connection")).ToContainTextAsync("Direktkopplad");
        await Assertions.Expect(page.Locator("[data-loaded='true']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator($"#alarm-{alarmId}")).ToContainTextAsync(site);
        lock (gate)
            Assert.Equal(new[] { "joined", "read" }, order.Take(2).ToArray());
        await Query(db => db.Alarms.Where(a => a.Id == alarmId).ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AlarmStatus.Cancelled)));
        await context.CloseAsync();
    }

    private static void Forward(IWebSocketRoute to, IWebSocketFrame frame)
    {
        if (frame.Text is { } text)
            to.Send(text);
        else if (frame.Binary is { } binary)
            to.Send(binary);
    }

    /// <summary>A door sensor of the test's own, always armed, at another site than the first test's preschool.</summary>
    private async Task<(int SensorId, string Site)> OwnDoorSensorAsync(string secret, string name)
    {
        var protectedSecret = app.Services.GetRequiredService<Lagesbild.Server.Features.Alarms.SensorDirectory>().Protect(secret);
        return await Query(async db =>
        {
            var other = await db.Sites.Where(s => s.Name != "Förskola Rinkeby 1").OrderBy(s => s.Id).FirstAsync();
            var sensor = new Sensor { SiteId = other.Id, Kind = SensorKind.Door, Name = name, ArmingMode = ArmingMode.AlwaysArmed, ProtectedSecret = protectedSecret, CreatedAt = TimeProvider.System.GetUtcNow() };
            db.Sensors.Add(sensor);
            await db.SaveChangesAsync();
            return (sensor.Id, other.Name);
        });
    }

    /// <summary>A door sensor's signed event, sent now; answers the alarm it opened or joined.</summary>
    private async Task<long> SendDoorOpenedAsync(int sensorId, string secret)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { sensorId, eventId = $"browser-{Guid.NewGuid():N}", type = "door-open", occurredAt = TimeProvider.System.GetUtcNow() });
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sensor-events") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Lagesbild-Signature", SensorSignature.Sign(Encoding.UTF8.GetBytes(secret), body));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("alarmId").GetInt64();
    }

    /// <summary>Whether the register lets the yard camera at Förskola Rinkeby 1 record now, by the preschool's calendar.</summary>
    private Task<bool> GardenCameraMayRecordAsync() => Query(async db =>
    {
        var camera = await db.Cameras.SingleAsync(c => c.Name == "Kamera gården");
        var site = await db.Sites.SingleAsync(s => s.Id == camera.SiteId);
        var now = TimeProvider.System.GetUtcNow();
        var schedule = app.Services.GetRequiredService<Lagesbild.Server.Features.Sites.SchoolYear>().ScheduleOf(site, Lagesbild.Core.Time.Stockholm.ToLocal(now).Year);
        return Lagesbild.Server.Features.Cameras.CameraWindows.Hours(camera).AllowsAt(schedule, now);
    });
}
