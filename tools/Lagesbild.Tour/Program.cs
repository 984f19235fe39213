using System.Diagnostics;
using Microsoft.Playwright;

// The README's tour: every page as each role sees it, at a desktop (1366 px) and a phone (390 px) width, in
// Swedish, saved as PNG. Run against a demo server (dotnet run --project src/Lagesbild.Server -- --demo):
//   dotnet run --project tools/Lagesbild.Tour -- http://localhost:5000 docs/images
// LAGESBILD_TOUR_FULL_PAGE=true takes whole pages rather than the first screen. Chromium is Debian's (/usr/bin/chromium) unless LAGESBILD_TEST_CHROMIUM says otherwise.

var baseUrl = args.ElementAtOrDefault(0) ?? "http://localhost:5000";
var output = Directory.CreateDirectory(args.ElementAtOrDefault(1) ?? "docs/images").FullName;
var only = args.ElementAtOrDefault(2);
const string Password = "Lagesbild-demo-1";

(string Name, string? Email, string Path, string Ready)[] stops =
[
    ("map", "samordnare@lagesbild.example", "/", "#lagesbild-map[data-ready=true]"),
    ("scenes", "samordnare@lagesbild.example", "/scenes", ".page"),
    ("scene", "samordnare@lagesbild.example", "/scenes/1", "#scene-map[data-ready=true]"),
    ("dashboard", "samordnare@lagesbild.example", "/dashboard", ".page"),
    ("mappings", "polis@lagesbild.example", "/mappings", "[data-testid=reconciliation]"),
    ("indicator-import", "analytiker@lagesbild.example", "/indicators/import", ".page"),
    ("scene-lineage", "samordnare@lagesbild.example", "/scenes/12", "#scene-map[data-ready=true]"),
    ("scene-proposal", "polis@lagesbild.example", "/scenes/15", "#scene-map[data-ready=true]"),
    ("triage", "samordnare@lagesbild.example", "/triage", "#triage-map[data-ready=true]"),
    ("measures", "samordnare@lagesbild.example", "/measures", ".page"),
    ("measure", "samordnare@lagesbild.example", "/measures/1", "#effect-map"),
    ("reports", "samordnare@lagesbild.example", "/reports", ".page"),
    ("meetings", "samordnare.jarva@lagesbild.example", "/meetings", ".page"),
    ("meeting", "samordnare.jarva@lagesbild.example", "/meetings/2", ".action-table"),
    ("actions", "polis@lagesbild.example", "/actions", ".page"),
    ("district", "samordnare@lagesbild.example", "/districts/1", ".page"),
    ("exposure", "samordnare@lagesbild.example", "/exposure", ".page"),
    ("analysis", "analytiker@lagesbild.example", "/analysis", "[data-testid=hotspot-summary]"),
    ("rounds", "skola@lagesbild.example", "/rounds", "#rounds-view"),
    ("sites", "rektor@lagesbild.example", "/sites", ".page"),
    ("site", "rektor@lagesbild.example", "/sites/1", "#site-map-1[data-ready=true]"),
    ("site-contact", "samordnare@lagesbild.example", "/sites/2#property-contact-heading", "#site-map-2[data-ready=true]"),
    ("notifications", "rektor@lagesbild.example", "/notifications", ".page"),
    ("partner", "bostad@lagesbild.example", "/partner", "[data-testid=partner-form]"),
    ("alarms", "vaktare@lagesbild.example", "/alarms", "#alarms-app[data-live=true]"),
    ("alarm-stats", "samordnare@lagesbild.example", "/alarms/statistics", "#stats-chart[data-ready=true]"),
    ("cameras", "samordnare@lagesbild.example", "/cameras", ".cameras-page"),
    ("police-queue", "polis@lagesbild.example", "/police-queue", ".page"),
    ("audit", "dataskydd@lagesbild.example", "/audit", ".page"),
    ("admin-users", "admin@lagesbild.example", "/admin/users", ".admin-page[data-ready=true]"),
    ("account", "samordnare@lagesbild.example", "/account", ".page"),
    ("public", null, "/public", ".public-page"),
    ("public-report", null, "/public/report/syringes", ".public-page"),
    ("docs", null, "/docs", ".reference-page"),
    ("login", null, "/login", "form"),
];

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = Environment.GetEnvironmentVariable("LAGESBILD_TEST_CHROMIUM") ?? "/usr/bin/chromium",
    Args = ["--no-sandbox", "--disable-gpu"],
});
var sessions = new Dictionary<string, string>();
foreach (var (name, email, path, ready) in stops.Where(s => only is null || s.Name == only))
{
    foreach (var (width, height, suffix) in new[] { (1366, 900, "desktop"), (390, 844, "phone") })
    {
        await using var context = await browser.NewContextAsync(new()
        {
            BaseURL = baseUrl,
            Locale = "sv-SE",
            ViewportSize = new() { Width = width, Height = height },
            StorageState = email is not null && sessions.TryGetValue(email, out var state) ? state : null,
        });
        var page = await context.NewPageAsync();
        if (email is not null && !sessions.ContainsKey(email))
        {
            await page.GotoAsync("/login");
            await page.GetByLabel("E-post").FillAsync(email);
            await page.GetByLabel("Lösenord").FillAsync(Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
            await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal), new() { Timeout = 60_000 });
            sessions[email] = await context.StorageStateAsync();
        }
        var started = Stopwatch.GetTimestamp();
        await page.GotoAsync(path);
        await page.Locator(ready).First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
        var took = Stopwatch.GetElapsedTime(started);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        if (Environment.GetEnvironmentVariable("LAGESBILD_TOUR_EVAL") is { Length: > 0 } script)
            Console.WriteLine(await page.EvaluateAsync<string>(script));
        var file = Path.Combine(output, $"{name}-{suffix}.png");
        await page.ScreenshotAsync(new() { Path = file, FullPage = Environment.GetEnvironmentVariable("LAGESBILD_TOUR_FULL_PAGE") == "true" });
        Console.WriteLine($"{file} ({took.TotalMilliseconds:0} ms to ready)");
    }
}
