using System.Globalization;
using System.Text;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Imports;

/// <summary>Observation CSVs for the import tests: rows on this test's own square of the city, a month before the test clock.</summary>
public static class ImportFiles
{
    public const string Header = "source_id,category,lat,lon,occurred_from,occurred_to,count,classification,text";

    /// <summary>A good row: source id, a category, a point of the place, a time with its offset.</summary>
    public static string Row(Place place, int i, string classification = "Internal", string text = "")
    {
        var (lon, lat) = place.At((i % 10 / 5.0) - 0.9, (i % 7 / 3.5) - 0.9);
        var at = LagesbildFactory.Now.AddDays(-30).AddMinutes(-17 * i).ToOffset(TimeSpan.FromHours(1));
        string[] categories = ["Dealing", "use", "SYRINGES", "Gathering"];
        return string.Create(CultureInfo.InvariantCulture,
            $"r{i},{categories[i % 4]},{lat:R},{lon:R},{at:yyyy-MM-dd'T'HH:mm:sszzz},,{1 + (i % 3)},{classification},{text}");
    }

    /// <summary>A file of <paramref name="rows"/> good rows, with bad ones where <paramref name="bad"/> says.</summary>
    public static string Csv(Place place, int rows, Func<int, string?>? bad = null)
    {
        var text = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < rows; i++)
            text.Append(bad?.Invoke(i) ?? Row(place, i)).Append('\n');
        return text.ToString();
    }
}
