using System.Globalization;
using System.Text.Json;
using Lagesbild.Core.Rounds;
using Lagesbild.Data;
using Lagesbild.Server.Features.Rounds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lagesbild.Browser.Tests;

/// <summary>The caretaker's morning round on a phone, with the network dropping while she records findings.</summary>
public sealed class CaretakerRoundTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Caretaker = "skola@lagesbild.example";

    private Task<int> FindingsAsync(long roundId) => Query(db => db.Findings.CountAsync(f => f.RoundId == roundId));

    private Task<T> Query<T>(Func<LagesbildDb, Task<T>> query) => app.QueryAsync(query);

    [Fact]
    public async Task Records_three_findings_offline_and_exactly_three_are_stored_when_the_network_returns()
    {
        var (roundId, lat, lon) = await app.TodaysRoundAsync(Caretaker);
        var before = await FindingsAsync(roundId);
        var context = await app.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
            Geolocation = new Geolocation { Latitude = (float)lat, Longitude = (float)lon, Accuracy = 8 },
            Permissions = ["geolocation"],
        });
        var page = await app.SignInAsync(context, Caretaker);
        await page.GotoAsync("/rounds");
        await page.GetByRole(AriaRole.Link, new() { Name = "Förskola Rinkeby 1" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Checklista" })).ToBeVisibleAsync();
        // The service worker keeps a copy of the page, from its first load, before the network goes.
        await page.WaitForFunctionAsync("caches.open('lagesbild-rounds-pages-v1').then(c => c.match(location.pathname)).then(r => r !== undefined)");

        // The first finding reaches the server but its answer is lost on the way back: the phone must send it
        // again with the same key, and the server must not store it twice.
        var lost = 0;
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/api/rounds/*/findings", async route =>
        {
            if (Interlocked.Increment(ref lost) == 1)
            {
                await using var response = await route.FetchAsync();
                await route.AbortAsync("connectionreset");
                arrived.SetResult();
            }
            else
            {
                await route.ContinueAsync();
            }
        });
        var sync = page.Locator("#rounds-sync");
        await RecordAsync(page, "Sprutor/kanyler", count: 2);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Assertions.Expect(sync).ToContainTextAsync("1 väntar på att skickas");
        Assert.Equal(before + 1, await FindingsAsync(roundId));
        await page.UnrouteAllAsync();

        await context.SetOfflineAsync(true);
        await Assertions.Expect(sync).ToContainTextAsync("Ingen uppkoppling");
        await page.GetByLabel("Foto (valfritt)").SetInputFilesAsync(new FilePayload { Name = "kanyl.jpg", MimeType = "image/jpeg", Buffer = Jpeg() });
        await RecordAsync(page, "Sprutor/kanyler", count: 1);
        await RecordAsync(page, "Skadegörelse eller klotter", count: null);
        await Assertions.Expect(sync).ToContainTextAsync("3 väntar på att skickas"); // three findings, one with a photo
        await Assertions.Expect(page.Locator(".finding.waiting")).ToHaveCountAsync(3);
        // A reload without the network keeps the page and what waits on the phone.
        await page.ReloadAsync();
        await Assertions.Expect(sync).ToContainTextAsync("3 väntar på att skickas");
        await Assertions.Expect(page.Locator(".finding.waiting", new() { HasText = "med foto" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Förskola Rinkeby 1" })).ToBeVisibleAsync();
        foreach (var ok in await page.GetByLabel("OK", new() { Exact = true }).AllAsync())
            await ok.CheckAsync();
        // A "Brist" must say what is wrong before the round can be completed.
        await page.GetByLabel("Brist", new() { Exact = true }).First.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Avsluta ronden" }).ClickAsync();
        await Assertions.Expect(page.Locator("#complete-problem")).ToHaveTextAsync("Skriv vad som är fel vid varje punkt med Brist.");
        await Assertions.Expect(page.Locator("#check-note-0")).ToBeFocusedAsync();
        await page.Locator("#check-note-0").FillAsync("Grinden går inte att låsa.");
        await page.Locator("#check-note-0").BlurAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Avsluta ronden" }).ClickAsync();
        await Assertions.Expect(sync).ToContainTextAsync("4 väntar på att skickas");
        await Assertions.Expect(page.GetByText("Avslutad av Stig Vaktmästare")).ToBeVisibleAsync();
        Assert.Equal(before + 1, await FindingsAsync(roundId));

        await context.SetOfflineAsync(false);
        await Assertions.Expect(sync).ToContainTextAsync("allt är skickat");

        Assert.Equal(before + 3, await FindingsAsync(roundId));
        var observationIds = await Query(db => db.Findings.Where(f => f.RoundId == roundId).OrderByDescending(f => f.Id).Take(3).Select(f => f.ObservationId).ToListAsync());
        // The findings are observations of the picture, which the map reads: the caretaker's own session finds them there.
        var box = string.Create(CultureInfo.InvariantCulture, $"{lon - 0.01},{lat - 0.01},{lon + 0.01},{lat + 0.01}");
        var onMap = await page.EvaluateAsync<long[]>($"fetch('/api/observations?bbox={box}&from={TimeProvider.System.GetUtcNow().AddDays(-1):yyyy-MM-dd}').then(r => r.json()).then(c => c.features.map(f => f.id))");
        Assert.All(observationIds, id => Assert.Contains(id, onMap));
        Assert.Equal(3, await Query(db => db.Observations.CountAsync(o => observationIds.Contains(o.Id) && o.Source == ObservationSource.Round)));
        Assert.Equal(1, await Query(db => db.Findings.CountAsync(f => f.RoundId == roundId && f.HasPhoto && observationIds.Contains(f.ObservationId))));
        Assert.Equal(RoundStatus.Completed, await Query(db => db.Rounds.Where(r => r.Id == roundId).Select(r => r.Status).SingleAsync()));
        await context.CloseAsync();
    }

    private static byte[] Jpeg()
    {
        using var image = new ImageMagick.MagickImage(ImageMagick.MagickColors.Khaki, 640, 480) { Format = ImageMagick.MagickFormat.Jpeg };
        return image.ToByteArray();
    }

    private static async Task RecordAsync(IPage page, string category, int? count)
    {
        await page.GetByLabel("Typ av fynd").SelectOptionAsync(new SelectOptionValue { Label = category });
        if (count is { } n)
            await page.GetByLabel("Antal").FillAsync(n.ToString(CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Använd telefonens position" }).ClickAsync();
        await Assertions.Expect(page.Locator("#finding-position")).ToContainTextAsync("Position från telefonen");
        await page.GetByLabel("Borttaget på ett säkert sätt").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara fyndet" }).ClickAsync();
        await Assertions.Expect(page.Locator("#finding-position")).ToHaveTextAsync("Ingen position vald.");
    }
}
