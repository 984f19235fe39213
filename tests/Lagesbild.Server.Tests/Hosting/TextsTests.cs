using System.Collections;
using System.Globalization;
using System.Resources;

namespace Lagesbild.Server.Tests.Hosting;

/// <summary>The UI is Swedish first, with English: every text exists in both, and none is left empty.</summary>
public sealed class TextsTests
{
    private static readonly ResourceManager Texts = new("Lagesbild.Server.Strings", typeof(Program).Assembly);

    [Fact]
    public void Every_Swedish_text_has_an_English_one_and_none_is_empty()
    {
        var swedish = Read(CultureInfo.InvariantCulture);
        var english = Read(CultureInfo.GetCultureInfo("en"));

        Assert.True(swedish.Count > 100, "the Swedish texts are loaded");
        Assert.Equal(swedish.Keys.Order(StringComparer.Ordinal), english.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(swedish.Concat(english), t => string.IsNullOrWhiteSpace(t.Value));
        Assert.Equal("Karta", swedish["NavMap"]);
        Assert.Equal("Map", english["NavMap"]);
    }

    private static Dictionary<string, string> Read(CultureInfo culture)
    {
        var set = Texts.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No texts for '{culture.Name}'.");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }
}
