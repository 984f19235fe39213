using System.Text.Json;
using Microsoft.Playwright;

namespace Lagesbild.Browser.Tests.Accessibility;

/// <summary>
/// The automated WCAG 2.1 A and AA rules of axe-core, run in a page as a tester's console would. Automated rules
/// catch part of WCAG, not all of it; they keep what they catch from coming back.
/// </summary>
public static class Axe
{
    private static readonly string Script = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Axe", "axe.min.js"));

    /// <summary>Fails with every violation in full, one to a line, if the page has any.</summary>
    public static async Task AssertNoneAsync(IPage page) => AssertNone(await ViolationsAsync(page));

    /// <summary>Fails with every finding in full, one to a line (xunit would cut a list short), if there is any.</summary>
    public static void AssertNone(IReadOnlyCollection<string> found) =>
        Assert.True(found.Count == 0, $"{found.Count} found:\n{string.Join('\n', found)}");

    /// <summary>The violations as "rule: help (first element)", so that a failure says what to fix.</summary>
    public static async Task<List<string>> ViolationsAsync(IPage page)
    {
        // Through the DevTools protocol: the page's own policy refuses an inline script tag.
        var devTools = await page.Context.NewCDPSessionAsync(page);
        await devTools.SendAsync("Runtime.evaluate", new Dictionary<string, object> { ["expression"] = Script });
        await devTools.DetachAsync();
        var json = await page.EvaluateAsync<string>(
            "async () => JSON.stringify((await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations)");
        using var violations = JsonDocument.Parse(json);
        return violations.RootElement.EnumerateArray()
            .Select(v => $"{v.GetProperty("id").GetString()}: {v.GetProperty("help").GetString()} ({v.GetProperty("nodes")[0].GetProperty("target")[0]})")
            .ToList();
    }
}
