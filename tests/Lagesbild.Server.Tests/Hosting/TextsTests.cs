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

    [Fact]
    public void Every_text_with_a_count_has_its_form_for_one_and_for_other_numbers()
    {
        var names = Read(CultureInfo.InvariantCulture).Keys.ToHashSet(StringComparer.Ordinal);

        var ones = names.Where(n => n.EndsWith("_one", StringComparison.Ordinal)).Select(n => n[..^4]).ToList();
        var others = names.Where(n => n.EndsWith("_other", StringComparison.Ordinal)).Select(n => n[..^6]).ToList();

        Assert.Contains("SitesCount", ones);
        Assert.Equal(ones.Order(StringComparer.Ordinal), others.Order(StringComparer.Ordinal));
        // A count's text is only ever read in its two forms.
        Assert.DoesNotContain(ones, names.Contains);
    }

    [Fact]
    public void The_Swedish_texts_call_an_observation_an_iakttagelse_throughout()
    {
        var swedish = Read(CultureInfo.InvariantCulture);

        // AuditSubjectHelp names the record type as the audit log's filter takes it (Observation/42).
        var mixed = swedish.Where(t => t.Key != "AuditSubjectHelp" && t.Value.Contains("observation", StringComparison.OrdinalIgnoreCase)).Select(t => t.Key);

        Assert.Empty(mixed);
    }

    private static Dictionary<string, string> Read(CultureInfo culture)
    {
        var set = Texts.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No texts for '{culture.Name}'.");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }
}
