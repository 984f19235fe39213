namespace Lagesbild.Core.Indicators;

/// <summary>
/// Stockholm's stadsdelsområden before 1 July 2023, to the borough each became part of: Rinkeby-Kista and
/// Spånga-Tensta became Järva, Norrmalm and Östermalm became Norra innerstaden. A survey figure from before the
/// change is reported under the borough that holds its area now. The old names are written with a hyphen or an
/// en dash, in any case.
/// </summary>
public static class BoroughCrosswalk
{
    public static readonly DateOnly ReorganisedOn = new(2023, 7, 1);

    private static readonly Dictionary<string, string> Before2023 = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Rinkeby-Kista"] = "Järva",
        ["Spånga-Tensta"] = "Järva",
        ["Norrmalm"] = "Norra innerstaden",
        ["Östermalm"] = "Norra innerstaden",
    };

    /// <summary>
    /// The borough an old name belongs to now, or null when the name is not one of the old boroughs or the period
    /// begins after the change (from 2024 "Östermalm" is the stadsdel, no longer a stadsdelsområde).
    /// </summary>
    public static string? Current(string name, IndicatorPeriod period)
    {
        if (period.From > ReorganisedOn.Year)
            return null;
        var normalised = name.Trim().Replace('–', '-').Replace('—', '-');
        return Before2023.GetValueOrDefault(normalised);
    }

    /// <summary>
    /// Shares of old boroughs pooled into one for the borough of today: the mean weighted by how many answered, and
    /// the answers summed. Null when a share lacks its n (then the figures cannot be pooled honestly).
    /// </summary>
    public static (double Value, int N)? Pool(IReadOnlyList<(double Value, int? N)> shares)
    {
        if (shares.Count == 0 || shares.Any(s => s.N is not > 0))
            return null;
        var n = shares.Sum(s => s.N!.Value);
        return (shares.Sum(s => s.Value * s.N!.Value) / n, n);
    }

    /// <summary>The old names that make up a borough of today (empty for a borough that did not change).</summary>
    public static IReadOnlyList<string> FormerNames(string borough) =>
        Before2023.Where(p => string.Equals(p.Value, borough, StringComparison.OrdinalIgnoreCase)).Select(p => p.Key).ToList();
}
