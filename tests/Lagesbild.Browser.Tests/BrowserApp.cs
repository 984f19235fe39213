using System.Text.Json;
using Lagesbild.Core.Rounds;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Rounds;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lagesbild.Browser.Tests;

/// <summary>
/// What a browser test class is given: the demo server and the Chromium that every class of its kind shares (one
/// for the plain demo, one for the demo with identity providers), started by the first class that asks and stopped
/// when the test run ends. A demo start takes seconds on two cores; a server per class cost a minute of the suite.
/// Tests that change the demo's data (a round completed, an alarm resolved) keep to what other classes can live with.
/// </summary>
public class BrowserApp : IAsyncLifetime
{
    /// <summary>
    /// How long any step may take: a navigation, a locator, an expectation. Generous, because the demo's first
    /// pages are slow on two busy cores; a passing test never waits it out.
    /// </summary>
    public const float Timeout = 60_000;

    private static readonly Dictionary<Type, Lazy<Task<DemoServer>>> Servers = [];

    static BrowserApp()
    {
        Assertions.SetDefaultExpectTimeout(Timeout);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            List<Lazy<Task<DemoServer>>> started;
            lock (Servers)
                started = [.. Servers.Values.Where(s => s.IsValueCreated)];
            // The run is over and nothing awaits any more: stopping may block.
            foreach (var server in started.Where(s => s.Value.IsCompletedSuccessfully))
                server.Value.GetAwaiter().GetResult().Stop();
        };
    }

    private DemoServer _server = default!;

    /// <summary>The contexts this class opened, closed when it ends (as its own browser was, before it was shared).</summary>
    private readonly List<IBrowserContext> _contexts = [];

    /// <summary>Settings on top of the demo's, for apps that need more (identity providers).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> ExtraSettings => [];

    public IBrowser Browser => _server.Browser;

    public string BaseUrl => _server.BaseUrl;

    public IServiceProvider Services => _server.Services;

    /// <summary>
    /// A tile server that never answers (nothing listens on loopback's port 9), as on a city network that blocks the
    /// tile server or a phone offline: every map must be readable without its tiles.
    /// </summary>
    public const string BlockedTiles = DemoServer.BlockedTiles;

    async Task IAsyncLifetime.InitializeAsync()
    {
        Lazy<Task<DemoServer>> server;
        lock (Servers)
        {
            if (!Servers.TryGetValue(GetType(), out server!))
                Servers[GetType()] = server = new(() => DemoServer.StartAsync(ExtraSettings));
        }
        _server = await server.Value;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        List<IBrowserContext> opened;
        lock (_contexts)
            opened = [.. _contexts];
        foreach (var context in opened)
            await context.CloseAsync();
    }

    /// <summary>A browser context with the one <see cref="Timeout"/> for everything it does.</summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        options.BaseURL ??= BaseUrl;
        options.Locale ??= "sv-SE";
        var context = await Browser.NewContextAsync(options);
        lock (_contexts)
            _contexts.Add(context);
        context.SetDefaultTimeout(Timeout);
        context.SetDefaultNavigationTimeout(Timeout);
        return context;
    }

    /// <summary>
    /// A page signed in as this user, on her role's start page, where signing in leads. The user signs in through
    /// the form once per run; later pages reuse her session, as a second tab would.
    /// </summary>
    public async Task<IPage> SignedInPageAsync(string email, ViewportSize? viewport = null)
    {
        var page = await (await SignedInContextAsync(email, viewport)).NewPageAsync();
        await page.GotoAsync(StartPage.Path, new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath != StartPage.Path, new() { WaitUntil = WaitUntilState.Commit });
        return page;
    }

    /// <summary>A browser context in which this user is signed in (her session from <see cref="SignedInPageAsync"/>).</summary>
    public async Task<IBrowserContext> SignedInContextAsync(string email, ViewportSize? viewport = null) =>
        await NewContextAsync(new BrowserNewContextOptions
        {
            StorageState = await _server.SessionAsync(email, this),
            ViewportSize = viewport ?? new ViewportSize { Width = 1366, Height = 900 },
        });

    /// <summary>Signs in on the sign-in page, in a context the test set up (a phone, a position).</summary>
    public async Task<IPage> SignInAsync(IBrowserContext context, string email)
    {
        context.SetDefaultTimeout(Timeout);
        context.SetDefaultNavigationTimeout(Timeout);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("E-post").FillAsync(email);
        await page.GetByLabel("Lösenord").FillAsync("Lagesbild-demo-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        // The start page's own loading is waited for by each test, not here. Each role has its own start page.
        await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/login", StringComparison.Ordinal) && new Uri(url).AbsolutePath != "/start",
            new() { WaitUntil = WaitUntilState.Commit });
        return page;
    }

    /// <inheritdoc cref="DemoServer.TodaysRoundAsync"/>
    public Task<(long RoundId, double Lat, double Lon)> TodaysRoundAsync(string caretakerEmail, Core.Sites.SiteKind kind = Core.Sites.SiteKind.Preschool) =>
        _server.TodaysRoundAsync(caretakerEmail, kind);

    /// <summary>Asks the server's database directly, to check what a page shows against what is stored.</summary>
    public async Task<T> QueryAsync<T>(Func<LagesbildDb, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<LagesbildDb>());
    }

    /// <summary>What the page's Content-Security-Policy refuses from now on, as the browser's console reports it.</summary>
    public static List<string> WatchPolicy(IPage page)
    {
        var refused = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                lock (refused)
                    refused.Add(message.Text);
            }
        };
        return refused;
    }

    /// <summary>A copy of a list that the browser's events may still add to.</summary>
    public static List<string> Copy(List<string> refused)
    {
        lock (refused)
            return [.. refused];
    }

    /// <summary>
    /// The start page's map drawn and its live connection up: a link clicked before that may be caught by the
    /// page's router while it is still starting, and the navigation lost.
    /// </summary>
    public static async Task MapReadyAsync(IPage page)
    {
        await Assertions.Expect(page.Locator("#lagesbild-map[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("picture-total")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }
}

/// <summary>
/// The real app on a real port (Kestrel), with a small demo on SQLite and no map tiles (the test machine has
/// no network), driven by Debian's Chromium through Playwright.
/// </summary>
public sealed class DemoServer(IEnumerable<KeyValuePair<string, string>> extraSettings) : WebApplicationFactory<Program>
{
    /// <summary>A tile server that never answers: nothing listens on loopback's port 9.</summary>
    public const string BlockedTiles = "http://127.0.0.1:9/{z}/{x}/{y}.png";

    private readonly string _data = Directory.CreateTempSubdirectory("lagesbild-browser-").FullName;
    private readonly Dictionary<string, Task<string>> _sessions = [];
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public string BaseUrl { get; private set; } = "";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Data:Directory", _data);
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("Demo:Observations", "4000");
        // The demo's DC-09 port is fixed (12345); servers started side by side take any free one.
        builder.UseSetting("Alarms:Dc09:Port", "0");
        // The start's rehearsal once, and no wait for the runtime's compiling: these servers are not measured.
        builder.UseSetting("Alarms:WarmUpRounds", "1");
        builder.UseSetting("Alarms:WarmUpSettleSeconds", "0");
        builder.UseSetting("Alarms:WarmUpRequests", "0");
        builder.UseSetting("Map:TileUrl", BlockedTiles);
        builder.UseSetting("DetailedErrors", "true");
        foreach (var (key, value) in extraSettings)
            builder.UseSetting(key, value);
    }

    public static async Task<DemoServer> StartAsync(IEnumerable<KeyValuePair<string, string>> extraSettings)
    {
        var server = new DemoServer(extraSettings);
        server.UseKestrel(0);
        server.StartServer();
        server.BaseUrl = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var chromium = Environment.GetEnvironmentVariable("LAGESBILD_TEST_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
            throw new InvalidOperationException($"Chromium is not at {chromium}. Run scripts/test, which installs Debian's chromium, or set LAGESBILD_TEST_CHROMIUM.");
        server._playwright = await Playwright.CreateAsync();
        server.Browser = await server._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
        return server;
    }

    /// <summary>This user's signed-in session (cookies and storage) from one sign-in through the form.</summary>
    public Task<string> SessionAsync(string email, BrowserApp app)
    {
        lock (_sessions)
        {
            if (!_sessions.TryGetValue(email, out var session))
                _sessions[email] = session = SignInOnceAsync(email, app);
            return session;
        }
    }

    private async Task<string> SignInOnceAsync(string email, BrowserApp app)
    {
        var context = await app.NewContextAsync(new BrowserNewContextOptions());
        await app.SignInAsync(context, email);
        var state = await context.StorageStateAsync();
        await context.CloseAsync();
        return state;
    }

    /// <summary>
    /// Today's round at this caretaker's first site of a kind (her preschool unless told). On a weekday the demo
    /// planned it; on a weekend or holiday, when the site is closed, the test plans one itself so that it can run any day.
    /// </summary>
    public async Task<(long RoundId, double Lat, double Lon)> TodaysRoundAsync(string caretakerEmail, Core.Sites.SiteKind kind = Core.Sites.SiteKind.Preschool)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LagesbildDb>();
        var rounds = scope.ServiceProvider.GetRequiredService<RoundService>();
        var caretaker = await db.Users.SingleAsync(u => u.Email == caretakerEmail);
        var site = await db.Sites.Where(s => s.OrganisationId == caretaker.OrganisationId && s.Kind == kind)
            .OrderBy(s => s.Id).FirstAsync();
        var round = await db.Rounds.SingleOrDefaultAsync(r => r.SiteId == site.Id && r.Date == rounds.Today);
        if (round is { Status: RoundStatus.Completed })
        {
            // The demo completes today's rounds whose deadline passed before it started (all but the preschool's the
            // caretaker journey walks): run after about 07:30, the school's is done, and its form is gone. The test
            // walks a round of its own instead (the demo round's findings go with it; their observations stay).
            db.Rounds.Remove(round);
            await db.SaveChangesAsync();
            round = null;
        }
        if (round is null)
        {
            var checklist = await scope.ServiceProvider.GetRequiredService<RoundPlanner>().ChecklistAsync(site.Kind, CancellationToken.None);
            round = new Round
            {
                SiteId = site.Id,
                Date = rounds.Today,
                Deadline = TimeProvider.System.GetUtcNow().AddHours(1),
                Status = RoundStatus.Due,
                CreatedAt = TimeProvider.System.GetUtcNow(),
                Checklist = JsonSerializer.Serialize(checklist.Select(i => new { item = i, ok = (bool?)null, note = (string?)null })),
            };
            db.Rounds.Add(round);
            await db.SaveChangesAsync();
        }
        var centre = (site.Yard ?? (NetTopologySuite.Geometries.Geometry)site.Location).Centroid;
        return (round.Id, centre.Y, centre.X);
    }


    /// <summary>At the end of the run: the browser, the server and the demo's files.</summary>
    public void Stop()
    {
        Browser.CloseAsync().GetAwaiter().GetResult();
        _playwright?.Dispose();
        Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the system.
        }
    }
}
