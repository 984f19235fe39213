using System.Globalization;
using Lagesbild.Core.Analysis.Clustering;
using Lagesbild.Core.Observations;
using Lagesbild.Server.Features.Observations;

namespace Lagesbild.Server.Features.Analysis;

public enum HotSpotMethod
{
    GiStar,
    Kde,
    Emerging,
}

public enum ClusterMethod
{
    Dbscan,
    StDbscan,
}

/// <summary>What the hot spot analysis is asked: the method and its parameters, over an observation filter.</summary>
public sealed record HotSpotQuery(HotSpotMethod Method, ObservationFilter Filter, double Band, double Bandwidth, int Weeks)
{
    public const double DefaultBand = 500, DefaultBandwidth = 500, MaxDistance = 2000;

    /// <summary>The most cell-and-neighbour sums one request may ask of Gi* (cells × band offsets × weeks).</summary>
    public const long MaxWork = 200_000_000;
    public const int DefaultWeeks = 8, MaxWeeks = 52;

    /// <summary>A window longer than this is refused: the answer would say little about a present scene.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(366);

    public static bool TryParse(
        string? method, string? band, string? bandwidth, string? weeks, ObservationFilter filter,
        out HotSpotQuery query, Dictionary<string, string[]> errors)
    {
        var parsedMethod = HotSpotMethod.GiStar;
        if (!string.IsNullOrWhiteSpace(method) && !TryParseMethod(method, out parsedMethod))
            errors["method"] = ["method must be one of gistar, kde, emerging."];
        var bandValue = Distance(band, "band", DefaultBand, Core.Geo.GridCell.SizeMetres, errors);
        var bandwidthValue = Distance(bandwidth, "bandwidth", DefaultBandwidth, 1, errors);
        // Five weeks at least: with four, no Mann-Kendall trend can reach p < 0.05.
        var weekCount = Count(weeks, "weeks", DefaultWeeks, parsedMethod == HotSpotMethod.Emerging ? 5 : 1, MaxWeeks, errors);
        if (filter.From is { } from && filter.To is { } to && to - from > MaxWindow)
            errors["from"] = [$"The window is {(to - from).TotalDays:0} days long; at most {MaxWindow.TotalDays:0} days can be analysed at once."];
        filter = filter with { Categories = ObservationCategories.ChosenOrDrugs(filter.Categories) };
        query = new HotSpotQuery(parsedMethod, filter, bandValue, bandwidthValue, weekCount);
        return errors.Count == 0;
    }

    /// <summary>Why the Gi* work of a request over so many cells is too much, or null.</summary>
    public static string? Work(long cells, HotSpotQuery query)
    {
        if (query.Method == HotSpotMethod.Kde)
            return null;
        var reach = query.Band / Core.Geo.GridCell.SizeMetres;
        var offsets = (long)Math.Ceiling(Math.PI * reach * reach) + 1;
        var work = cells * offsets * (query.Method == HotSpotMethod.Emerging ? query.Weeks : 1);
        return work <= MaxWork ? null : "The distance band is too wide for this area and window; choose a narrower band, a smaller area or fewer weeks.";
    }

    private static bool TryParseMethod(string text, out HotSpotMethod method)
    {
        method = text.Trim().ToLowerInvariant() switch
        {
            "gistar" or "gi*" or "gi" => HotSpotMethod.GiStar,
            "kde" => HotSpotMethod.Kde,
            "emerging" => HotSpotMethod.Emerging,
            _ => (HotSpotMethod)(-1),
        };
        return Enum.IsDefined(method);
    }

    /// <summary>A distance in metres between a minimum and 5 km; empty means the default.</summary>
    internal static double Distance(string? text, string field, double fallback, double min, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || ClusterSettings.CheckEps(value, field) is not null)
        {
            errors[field] = [$"{field} must be a number of metres greater than 0."];
            return fallback;
        }
        if (value < min || value > MaxDistance)
            errors[field] = [$"{field} must be between {min.ToString(CultureInfo.InvariantCulture)} and {MaxDistance.ToString(CultureInfo.InvariantCulture)} metres."];
        return value;
    }

    internal static int Count(string? text, string field, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            errors[field] = [$"{field} must be a whole number from {min} to {max}."];
            return fallback;
        }
        return value;
    }
}

/// <summary>What the candidate search is asked: the clustering and its parameters over the last weeks.</summary>
public sealed record CandidateQuery(ClusterMethod Method, ObservationFilter Filter, int Weeks, double Eps, double EpsSeconds, int MinPoints)
{
    public const double DefaultEps = 100, DefaultEpsSeconds = 7 * 86400;
    public const int DefaultMinPoints = 8;

    public static bool TryParse(
        string? method, string? weeks, string? eps, string? epsSeconds, string? minPoints, ObservationFilter filter,
        out CandidateQuery query, Dictionary<string, string[]> errors)
    {
        var parsedMethod = ClusterMethod.Dbscan;
        if (!string.IsNullOrWhiteSpace(method))
        {
            parsedMethod = method.Trim().ToLowerInvariant() switch
            {
                "dbscan" => ClusterMethod.Dbscan,
                "st-dbscan" or "stdbscan" => ClusterMethod.StDbscan,
                _ => (ClusterMethod)(-1),
            };
            if (!Enum.IsDefined(parsedMethod))
                errors["method"] = ["method must be dbscan or st-dbscan."];
        }
        var weekCount = HotSpotQuery.Count(weeks, "weeks", HotSpotQuery.DefaultWeeks, 1, HotSpotQuery.MaxWeeks, errors);
        var epsValue = HotSpotQuery.Distance(eps, "eps", DefaultEps, 1, errors);
        var secondsValue = DefaultEpsSeconds;
        if (!string.IsNullOrWhiteSpace(epsSeconds)
            && (!double.TryParse(epsSeconds, NumberStyles.Float, CultureInfo.InvariantCulture, out secondsValue) || ClusterSettings.CheckEps(secondsValue, "epsSeconds") is not null))
        {
            errors["epsSeconds"] = ["epsSeconds must be a number of seconds greater than 0."];
        }
        var minPointsValue = DefaultMinPoints;
        if (!string.IsNullOrWhiteSpace(minPoints)
            && (!int.TryParse(minPoints, NumberStyles.Integer, CultureInfo.InvariantCulture, out minPointsValue) || ClusterSettings.CheckMinPoints(minPointsValue) is { }))
        {
            errors["minPoints"] = ["minPoints must be a whole number, at least 1."];
        }
        filter = filter with { Categories = ObservationCategories.ChosenOrDrugs(filter.Categories) };
        query = new CandidateQuery(parsedMethod, filter, weekCount, epsValue, secondsValue, minPointsValue);
        return errors.Count == 0;
    }
}
