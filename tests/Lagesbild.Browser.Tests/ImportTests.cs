using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Lagesbild.Browser.Tests;

/// <summary>An analyst imports years of history from a file and follows it to the end.</summary>
public sealed class ImportTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_analyst_imports_a_file_and_watches_the_progress_bar_reach_the_end()
    {
        var source = $"gamla-systemet-{Guid.NewGuid():N}"[..24];
        var csv = new StringBuilder("source_id,category,lat,lon,occurred_from,occurred_to,count,classification,text\n");
        for (var i = 0; i < 400; i++)
        {
            csv.Append(string.Create(CultureInfo.InvariantCulture,
                $"h{i},{(i % 2 == 0 ? "Dealing" : "Syringes")},{59.386 + (i % 20 * 0.0002):0.0000},{17.924 + (i / 20 * 0.0002):0.0000},2025-0{1 + (i % 9)}-1{i % 10}T2{i % 4}:15:00+01:00,,1,Internal,\n"));
        }
        // One bad row: a place far outside the city.
        csv.Append("h400,Dealing,55.6050,13.0038,2025-03-01T22:00:00+01:00,,1,Internal,\n");
        var page = await app.SignedInPageAsync("analytiker@lagesbild.example");
        await page.GetByRole(AriaRole.Link, new() { Name = "Import", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/imports");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Importera iakttagelser");
        await Assertions.Expect(page.Locator(".import-page")).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = BrowserApp.Timeout });

        await page.GetByLabel("Källa").FillAsync(source);
        await page.GetByLabel("CSV-fil").SetInputFilesAsync(new FilePayload { Name = "historik.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv.ToString()) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Starta import" }).ClickAsync();

        var bar = page.GetByRole(AriaRole.Progressbar);
        await Assertions.Expect(bar).ToHaveAttributeAsync("aria-valuenow", "100", new() { Timeout = BrowserApp.Timeout });
        await Assertions.Expect(page.GetByTestId("import-state")).ToHaveTextAsync("Klar.", new() { Timeout = BrowserApp.Timeout });
        await Assertions.Expect(page.GetByTestId("import-rows")).ToHaveTextAsync("401 av 401 rader");
        await Assertions.Expect(page.GetByTestId("import-refused")).ToHaveTextAsync("1 avvisade");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Hämta avvisade rader (CSV)" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex(@"^/api/imports/\d+/refusals$"));
        Assert.Equal(400, await app.QueryAsync(db => db.Observations.CountAsync(o => o.ImportSource == source)));
        // The file is not offered again: a second click would start a job whose every row is skipped.
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Starta import" })).ToBeDisabledAsync();
        Assert.Equal(0, await page.GetByLabel("CSV-fil").EvaluateAsync<int>("input => input.files.length"));
        Assert.Equal(1, await app.QueryAsync(db => db.ImportJobs.CountAsync(j => j.Source == source)));
    }
}
