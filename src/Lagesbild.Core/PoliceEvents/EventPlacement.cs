using System.Text.RegularExpressions;

namespace Lagesbild.Core.PoliceEvents;

/// <summary>How a police event came to its place on the map: the feed gives a municipality's centroid, not where it happened.</summary>
public enum EventPlacement
{
    /// <summary>Its summary (or title) names a district: placed inside that district.</summary>
    District,
    /// <summary>At the municipality's centroid, as the feed gives it: an approximate place.</summary>
    Municipality,
    /// <summary>At a point the feed gave that is not the centroid: placed as reported.</summary>
    Reported,
}

/// <summary>Where an event was placed and why; the district's id and the name found in the text when it was by district.</summary>
public sealed record Placed(EventPlacement Placement, int? DistrictId, string? NamedAs);

/// <summary>
/// Finds the district a police summary names ("På Södermalm ...", "i Rinkeby"): whole words, without regard to case,
/// the earliest mention in the text and, where names start at the same place, the longest ("Farsta strand" before
/// "Farsta"); a genitive s is allowed ("Rinkebys centrum"). The districts whose names are also ordinary Swedish words
/// ("kista", "skrubba", "gärdet") are matched only as written with a capital. A few everyday names that the city's
/// register writes otherwise ("Vasastan", "Gärdet", "Hammarby sjöstad") are read as their district.
/// </summary>
public sealed class DistrictNames
{
    /// <summary>District names that are also common words: matched only with their capital letter.</summary>
    public static readonly IReadOnlySet<string> CommonWords = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Kista", "Skrubba", "Flaten", "Höglandet", "Stora mossen", "Lunda", "Gärdet",
    };

    /// <summary>Everyday names for districts, to the name in the city's register.</summary>
    public static readonly IReadOnlyDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Vasastan"] = "Vasastaden",
        ["Gärdet"] = "Ladugårdsgärdet",
        ["Hammarby sjöstad"] = "Södra Hammarbyhamnen",
    };

    private readonly Regex _pattern;
    private readonly Dictionary<string, int> _ids;

    public DistrictNames(IEnumerable<(int Id, string Name)> districts)
    {
        _ids = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, name) in districts)
            _ids[name] = id;
        foreach (var (alias, name) in Aliases)
        {
            if (_ids.TryGetValue(name, out var id))
                _ids.TryAdd(alias, id);
        }
        // Alternatives are tried in order at each position, so the longest name wins where two start together.
        var alternatives = _ids.Keys
            .OrderByDescending(n => n.Length).ThenBy(n => n, StringComparer.Ordinal)
            .Select(n => CommonWords.Contains(n) ? $"(?-i:{Escape(n)})" : Escape(n));
        _pattern = _ids.Count == 0
            ? new Regex("(?!)", RegexOptions.None, TimeSpan.FromSeconds(1))
            : new Regex($@"(?<![\p{{L}}\p{{N}}])(?<name>{string.Join('|', alternatives)})s?(?![\p{{L}}\p{{N}}])",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    // A space in a name matches any run of white space ("Farsta  strand", a line break).
    private static string Escape(string name) => Regex.Escape(name).Replace("\\ ", "\\s+", StringComparison.Ordinal);

    /// <summary>The district the text names first, with the words it used; null when it names none.</summary>
    public (int Id, string NamedAs)? Find(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var match = _pattern.Match(text);
        if (!match.Success)
            return null;
        var named = match.Groups["name"].Value;
        return (_ids[Regex.Replace(named, "\\s+", " ")], named);
    }

    /// <summary>
    /// The place of an event: the district its summary names, else its title's; else the municipality's centroid
    /// when the feed's point is it (within <paramref name="toleranceMetres"/>); else the point as the feed reported it.
    /// </summary>
    public Placed Place(string? summary, string? name, double lat, double lon, double centreLat, double centreLon, double toleranceMetres = 250)
    {
        if ((Find(summary) ?? Find(name)) is { } district)
            return new Placed(EventPlacement.District, district.Id, district.NamedAs);
        return MetresBetween(lat, lon, centreLat, centreLon) <= toleranceMetres
            ? new Placed(EventPlacement.Municipality, null, null)
            : new Placed(EventPlacement.Reported, null, null);
    }

    /// <summary>Great-circle distance, near enough for "is this the centroid".</summary>
    private static double MetresBetween(double lat1, double lon1, double lat2, double lon2)
    {
        const double R = 6_371_000;
        var dLat = double.DegreesToRadians(lat2 - lat1);
        var dLon = double.DegreesToRadians(lon2 - lon1);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
            + Math.Cos(double.DegreesToRadians(lat1)) * Math.Cos(double.DegreesToRadians(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * R * Math.Asin(Math.Sqrt(a));
    }
}
