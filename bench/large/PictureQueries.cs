using System.Globalization;
using Lagesbild.Core.Access;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Time;

namespace Lagesbild.Bench.Large;

/// <summary>One picture the bench asks for: its query string for GET /api/lagesbild and the same filter for the peers.</summary>
public sealed record PictureQuery(string Name, DateTimeOffset From, DateTimeOffset To, int[]? Hours, LonLatBox? Box)
{
    /// <summary>Weekday evenings, 18 to 24 Monday to Friday, as docs/api.md writes them.</summary>
    public const string WeekdayEvenings = "18-23,42-47,66-71,90-95,114-119";

    public static readonly int[] WeekdayEveningHours = [.. Enumerable.Range(0, 5).SelectMany(day => Enumerable.Range(day * 24 + 18, 6))];

    /// <summary>The tiers a coordinator's picture counts, as the product decides them.</summary>
    public static readonly Classification[] Visible = Permissions.VisibleClassifications([Role.Coordinator]);

    public string Path
    {
        get
        {
            var query = $"/api/lagesbild?from={Instant(From)}&to={Instant(To)}";
            if (Hours is not null)
                query += $"&hours={WeekdayEvenings}";
            if (Box is { } box)
                query += string.Create(CultureInfo.InvariantCulture, $"&bbox={box.MinLon:R},{box.MinLat:R},{box.MaxLon:R},{box.MaxLat:R}");
            return query;
        }
    }

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The last year of the data, the same with weekday evenings, and a 2 x 2 km box round a point over the last month.</summary>
    public static IReadOnlyList<PictureQuery> For(GridPoint boxCentre)
    {
        var yearFrom = Stockholm.ToInstant(new DateTime(2025, 12, 1));
        var monthFrom = Stockholm.ToInstant(new DateTime(2026, 11, 1));
        var (minLon, minLat) = Sweref99Tm.Unproject(new GridPoint(boxCentre.X - 1000, boxCentre.Y - 1000));
        var (maxLon, maxLat) = Sweref99Tm.Unproject(new GridPoint(boxCentre.X + 1000, boxCentre.Y + 1000));
        return
        [
            new("city, one year", yearFrom, Generator.End, null, null),
            new("city, one year, weekday evenings", yearFrom, Generator.End, WeekdayEveningHours, null),
            new("2 x 2 km box, one month", monthFrom, Generator.End, null, new LonLatBox(Math.Round(minLon, 6), Math.Round(minLat, 6), Math.Round(maxLon, 6), Math.Round(maxLat, 6))),
        ];
    }

    /// <summary>The WHERE clause for a peer, with its column names quoted as the peer needs and times as it stores them.</summary>
    public string Where(Func<string, string> column, Func<DateTimeOffset, string> time, string? box)
    {
        var tiers = string.Join(", ", Visible.Select(t => $"'{t}'"));
        var where = $"{column("Classification")} IN ({tiers}) AND {column("OccurredFrom")} >= {time(From)} AND {column("OccurredFrom")} < {time(To)}";
        if (Hours is not null)
            where += $" AND {column("HourOfWeek")} IN ({string.Join(", ", Hours)})";
        if (box is not null)
            where += " AND " + box;
        return where;
    }
}
