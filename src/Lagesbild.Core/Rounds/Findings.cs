using Lagesbild.Core.Geo;
using Lagesbild.Core.Observations;
using NetTopologySuite.Geometries;

namespace Lagesbild.Core.Rounds;

public enum FindingCategory
{
    Syringes,
    DangerousObject,
    Paraphernalia,
    Vandalism,
    PeoplePresent,
    Other,
}

/// <summary>What a caretaker finds in the yard, and how it enters the picture as an observation.</summary>
public static class FindingRules
{
    /// <summary>A phone's position is rarely better than this; a find further out of the yard is flagged.</summary>
    public const double YardToleranceMetres = 25;

    /// <summary>Without a drawn yard, a find this far from the site's point is flagged.</summary>
    public const double SiteToleranceMetres = 150;

    public const int MaxCount = 1000;

    /// <summary>The finds that are counted (three syringes, two people); the others are one finding each.</summary>
    public static readonly IReadOnlyList<FindingCategory> Countable =
        [FindingCategory.Syringes, FindingCategory.DangerousObject, FindingCategory.Paraphernalia, FindingCategory.PeoplePresent];

    /// <summary>The finds that endanger children for as long as they lie in the yard.</summary>
    public static readonly IReadOnlyList<FindingCategory> Dangerous = [FindingCategory.Syringes, FindingCategory.DangerousObject];

    /// <summary>
    /// Whether a find is told at once to the site's principal and its property contact: syringes or dangerous objects
    /// the caretaker could not remove safely, so that someone comes to take them away before the children do.
    /// </summary>
    public static bool NeedsAlert(FindingCategory category, bool removedSafely) => !removedSafely && Dangerous.Contains(category);

    public static ObservationCategory ObservationCategoryOf(FindingCategory category) => category switch
    {
        FindingCategory.Syringes => ObservationCategory.Syringes,
        FindingCategory.DangerousObject => ObservationCategory.DangerousObject,
        FindingCategory.Paraphernalia => ObservationCategory.Paraphernalia,
        FindingCategory.Vandalism => ObservationCategory.Vandalism,
        FindingCategory.PeoplePresent => ObservationCategory.Gathering,
        _ => ObservationCategory.Other,
    };

    public static string? CheckCount(FindingCategory category, int? count) => count switch
    {
        null => null,
        < 1 or > MaxCount => $"count must be between 1 and {MaxCount}.",
        > 1 when !Countable.Contains(category)
            => $"A count is given for syringes, objects and people, not for {category}.",
        _ => null,
    };

    /// <summary>
    /// How far outside the yard (or beyond the tolerance around the site's point) a find lies, in metres; zero
    /// when it is where it should be. The position is kept as given; this only flags it.
    /// </summary>
    public static double MetresOutside(double lon, double lat, Point site, Polygon? yard)
    {
        var find = Projected(lon, lat);
        if (yard is not null)
        {
            var projectedYard = Sweref99Tm.Project(yard);
            var distance = projectedYard.Distance(find);
            return distance > YardToleranceMetres ? Math.Round(distance, 1) : 0;
        }
        var fromSite = Projected(site.X, site.Y).Distance(find);
        return fromSite > SiteToleranceMetres ? Math.Round(fromSite - SiteToleranceMetres, 1) : 0;
    }

    private static Point Projected(double lon, double lat) => (Point)Sweref99Tm.Project(PolygonInput.Wgs84.CreatePoint(new Coordinate(lon, lat)));
}
