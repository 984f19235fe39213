using System.Globalization;
using System.Text;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Time;
using NetTopologySuite.Geometries;

namespace Lagesbild.Bench.Large;

/// <summary>
/// A seeded city of observations in the import's CSV (docs/api.md): five years up to <see cref="End"/>, two thirds at a
/// few dozen hot spots (drug scenes, each active for a stretch of the years and with its own spread) and the rest
/// spread over the districts. Evenings and weekends are heavier, by rejection on Stockholm's local hour, so that the
/// daylight-saving days come out as the clock makes them (no 02:30 on the spring day, two on the autumn day). Times
/// carry their Stockholm offset. The same seed gives the same file.
/// </summary>
public static class Generator
{
    public static readonly DateTimeOffset Start = Stockholm.ToInstant(new DateTime(2021, 12, 1));
    public static readonly DateTimeOffset End = Stockholm.ToInstant(new DateTime(2026, 12, 1));
    public const int HotSpots = 36;
    private const double HotSpotShare = 0.65;

    public const string Header = "source_id,category,lat,lon,occurred_from,occurred_to,count,classification,text";

    private static readonly (ObservationCategory Category, double Weight)[] SceneCategories =
    [
        (ObservationCategory.Dealing, 25), (ObservationCategory.Use, 25), (ObservationCategory.Syringes, 15), (ObservationCategory.Paraphernalia, 10),
        (ObservationCategory.Gathering, 8), (ObservationCategory.Intoxicated, 6), (ObservationCategory.Disturbance, 4), (ObservationCategory.Littering, 3),
        (ObservationCategory.Violence, 2), (ObservationCategory.DangerousObject, 1), (ObservationCategory.Vandalism, 1),
    ];

    private static readonly (ObservationCategory Category, double Weight)[] BackgroundCategories =
    [
        (ObservationCategory.Vandalism, 20), (ObservationCategory.Littering, 20), (ObservationCategory.Disturbance, 15), (ObservationCategory.Intoxicated, 10),
        (ObservationCategory.Syringes, 8), (ObservationCategory.Use, 7), (ObservationCategory.Dealing, 5), (ObservationCategory.Gathering, 5),
        (ObservationCategory.Violence, 4), (ObservationCategory.DangerousObject, 3), (ObservationCategory.Paraphernalia, 2), (ObservationCategory.Other, 1),
    ];

    // Local hour 0..23: nights and evenings heavy, mornings light.
    private static readonly double[] HourWeights =
        [0.7, 0.6, 0.5, 0.35, 0.2, 0.12, 0.12, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.42, 0.45, 0.5, 0.6, 0.75, 0.9, 1.0, 1.0, 1.0, 0.95, 0.85];

    // Some with a comma or quotes, so that the file needs RFC 4180 quoting.
    private static readonly string[] Texts =
    [
        "Kanyler vid lekplatsen", "Två personer, en med cykel, byter påsar", "Samling vid \"trappan\" efter stängning", "Folk sitter i buskaget",
        "Nedskräpning vid entrén", "Klotter på skolans vägg", "Misstänkt försäljning vid busshållplatsen", "Aluminiumfolie och sprutor, omhändertagna",
    ];

    private sealed record HotSpot(Point Centre, double SpreadMetres, DateTimeOffset From, DateTimeOffset To, double Weight);

    public static void Write(string path, long rows, int seed, Districts districts)
    {
        var random = new Random(seed);
        var spots = MakeHotSpots(random, districts);
        var spotTotal = spots.Sum(s => s.Weight);
        var extent = districts.Index.Extent;
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.NewLine = "\r\n";
        writer.WriteLine(Header);
        var line = new StringBuilder(200);
        for (long i = 0; i < rows; i++)
        {
            double lon, lat;
            DateTimeOffset at;
            ObservationCategory category;
            if (random.NextDouble() < HotSpotShare)
            {
                var spot = Pick(random, spots, spotTotal);
                (lon, lat) = Near(random, spot, districts);
                at = When(random, spot.From, spot.To);
                category = Pick(random, SceneCategories);
            }
            else
            {
                (lon, lat) = Anywhere(random, extent, districts);
                at = When(random, Start, End);
                category = Pick(random, BackgroundCategories);
            }
            var classification = random.NextDouble() switch { < 0.15 => Classification.Public, < 0.85 => Classification.Internal, _ => Classification.Restricted };
            var count = random.NextDouble() < 0.85 ? "" : random.Next(2, 6).ToString(CultureInfo.InvariantCulture);
            var text = random.NextDouble() < 0.9 ? "" : Quote(Texts[random.Next(Texts.Length)]);
            var local = TimeZoneInfo.ConvertTime(at, Stockholm.Zone);
            line.Clear();
            line.Append(CultureInfo.InvariantCulture, $"s{seed}-{i},{category},{lat:F6},{lon:F6},{local:yyyy-MM-dd'T'HH:mm:sszzz},,{count},{classification},{text}");
            writer.WriteLine(line);
        }
    }

    private static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static List<HotSpot> MakeHotSpots(Random random, Districts districts)
    {
        var years = (End - Start).TotalDays;
        return Enumerable.Range(0, HotSpots).Select(k =>
        {
            var (_, area) = districts.Areas[random.Next(districts.Areas.Count)];
            var centre = InsidePolygon(random, area);
            // A scene lives a year or more somewhere in the five; a third of them all five years.
            var from = random.NextDouble() < 0.33 ? Start : Start + TimeSpan.FromDays(random.NextDouble() * (years - 365));
            var to = from == Start && random.NextDouble() < 0.5 ? End : Min(End, from + TimeSpan.FromDays(365 + random.NextDouble() * (years - 365)));
            return new HotSpot(centre, 60 + random.NextDouble() * 190, from, to, 1 / Math.Pow(k + 1, 0.8));
        }).ToList();
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static Point InsidePolygon(Random random, Polygon area)
    {
        var box = area.EnvelopeInternal;
        while (true)
        {
            var point = PolygonInput.Wgs84.CreatePoint(new Coordinate(box.MinX + random.NextDouble() * box.Width, box.MinY + random.NextDouble() * box.Height));
            if (area.Covers(point))
                return point;
        }
    }

    private static (double Lon, double Lat) Near(Random random, HotSpot spot, Districts districts)
    {
        var metresPerDegreeLat = 111_320.0;
        var metresPerDegreeLon = metresPerDegreeLat * Math.Cos(spot.Centre.Y * Math.PI / 180);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var lon = spot.Centre.X + Gaussian(random) * spot.SpreadMetres / metresPerDegreeLon;
            var lat = spot.Centre.Y + Gaussian(random) * spot.SpreadMetres / metresPerDegreeLat;
            if (districts.Index.Locate(lon, lat) is not null)
                return (lon, lat);
        }
        return (spot.Centre.X, spot.Centre.Y);
    }

    private static (double Lon, double Lat) Anywhere(Random random, Envelope extent, Districts districts)
    {
        while (true)
        {
            var lon = extent.MinX + random.NextDouble() * extent.Width;
            var lat = extent.MinY + random.NextDouble() * extent.Height;
            if (districts.Index.Locate(lon, lat) is not null)
                return (lon, lat);
        }
    }

    /// <summary>An instant to the second between from and to, with the city's week: evenings, and Friday night to Sunday heavier.</summary>
    private static DateTimeOffset When(Random random, DateTimeOffset from, DateTimeOffset to)
    {
        var seconds = (long)(to - from).TotalSeconds;
        while (true)
        {
            var at = from.AddSeconds(random.NextInt64(seconds));
            var local = Stockholm.ToLocal(at);
            var weekend = local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || (local.DayOfWeek == DayOfWeek.Friday && local.Hour >= 17);
            if (random.NextDouble() * 1.4 < HourWeights[local.Hour] * (weekend ? 1.4 : 1.0))
                return at;
        }
    }

    private static HotSpot Pick(Random random, List<HotSpot> spots, double total)
    {
        var r = random.NextDouble() * total;
        foreach (var spot in spots)
        {
            r -= spot.Weight;
            if (r < 0)
                return spot;
        }
        return spots[^1];
    }

    private static T Pick<T>(Random random, (T Value, double Weight)[] weighted)
    {
        var r = random.NextDouble() * weighted.Sum(w => w.Weight);
        foreach (var (value, weight) in weighted)
        {
            r -= weight;
            if (r < 0)
                return value;
        }
        return weighted[^1].Value;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
