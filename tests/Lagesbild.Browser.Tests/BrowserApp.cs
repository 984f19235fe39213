using System.Text.Json;
using Lagesbild.Core.Rounds;
using Lagesbild.Data;
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
/// The real app on a real port (Kestrel), with a small demo on SQLite and no map tiles (the test machine has
/// no network), driven by Debian's Chromium through Playwright.
/// </summary>
public class BrowserApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("lagesbild-browser-").FullName;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public string BaseUrl { get; private set; } = "";

    /// <summary>
    /// A tile server that never answers (nothing listens on loopback's port 9), as on a city network that blocks the
    /// tile server or a phone offline: every map must be readable without its tiles.
    /// </summary>
    public const string BlockedTiles = "http://127.0.0.1:9/{z}/{x}/{y}.png";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Data:Directory", _data);
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("Demo:Observations", "4000");
        builder.UseSetting("Map:TileUrl", BlockedTiles);
        builder.UseSetting("DetailedErrors", "true");
        foreach (var (key, value) in ExtraSettings)
            builder.UseSetting(key, value);
    }

    /// <summary>Settings on top of the demo's, for apps that need more (identity providers).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> ExtraSettings => [];

    public async Task InitializeAsync()
    {
        UseKestrel(0);
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var chromium = Environment.GetEnvironmentVariable("LAGESBILD_TEST_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
            throw new InvalidOperationException($"Chromium is not at {chromium}. Run scripts/test, which installs Debian's chromium, or set LAGESBILD_TEST_CHROMIUM.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
    }

    public async Task<IPage> SignedInPageAsync(string email, ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = "sv-SE", ViewportSize = viewport ?? new ViewportSize { Width = 1366, Height = 900 } });
        return await SignInAsync(context, email);
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

    /// <summary>
    /// Today's round at this caretaker's preschool. On a weekday the demo planned it; on a weekend or holiday,
    /// when the preschool is closed, the test plans one itself so that it can run any day.
    /// </summary>
    public async Task<(long RoundId, double Lat, double Lon)> TodaysRoundAsync(string caretakerEmail)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LagesbildDb>();
        var rounds = scope.ServiceProvider.GetRequiredService<RoundService>();
        var caretaker = await db.Users.SingleAsync(u => u.Email == caretakerEmail);
        var site = await db.Sites.Where(s => s.OrganisationId == caretaker.OrganisationId && s.Kind == Core.Sites.SiteKind.Preschool)
            .OrderBy(s => s.Id).FirstAsync();
        var round = await db.Rounds.SingleOrDefaultAsync(r => r.SiteId == site.Id && r.Date == rounds.Today);
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

    /// <summary>Asks the server's database directly, to check what a page shows against what is stored.</summary>
    public async Task<T> QueryAsync<T>(Func<Lagesbild.Data.LagesbildDb, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<Lagesbild.Data.LagesbildDb>());
    }

    /// <summary>Signs in on the sign-in page, in a context the test set up (a phone, a position).</summary>
    public async Task<IPage> SignInAsync(IBrowserContext context, string email)
    {
        // The browser classes start their servers side by side on two cores: a page load can take longer than
        // Playwright's default 30 s there, so every navigation in a signed-in context may take up to a minute.
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("E-post").FillAsync(email);
        await page.GetByLabel("Lösenord").FillAsync("Lagesbild-demo-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        // The browser classes start their servers side by side on two cores: the first sign-in can be slow, and
        // the start page's own loading is waited for by each test, not here. Each role has its own start page.
        await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/login", StringComparison.Ordinal) && new Uri(url).AbsolutePath != "/start",
            new() { Timeout = 60_000, WaitUntil = WaitUntilState.Commit });
        return page;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        await DisposeAsync();
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
