using System.Globalization;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace Lagesbild.Bench.Compare;

/// <summary>
/// San Francisco's police incidents (DataSF, ODC-PDDL) from ../shared/data/sf-crime when present: projected to
/// UTM zone 10N with ProjNet and rounded to whole metres, times in whole seconds, as the benchmark's real data.
/// </summary>
public static class RealData
{
    public static Observations? SanFrancisco(string folder, string file)
    {
        var path = Path.Combine(folder, file);
        if (!File.Exists(path))
            return null;
        var transform = new CoordinateTransformationFactory().CreateFromCoordinateSystems(
            GeographicCoordinateSystem.WGS84, ProjectedCoordinateSystem.WGS84_UTM(10, true)).MathTransform;
        var x = new List<double>();
        var y = new List<double>();
        var t = new List<double>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var fields = Split(line);
            var lon = double.Parse(fields[9], CultureInfo.InvariantCulture);
            var lat = double.Parse(fields[10], CultureInfo.InvariantCulture);
            var when = DateTime.ParseExact($"{fields[4]} {fields[5]}", "MM/dd/yyyy HH:mm", CultureInfo.InvariantCulture);
            var (ex, ny) = transform.Transform(lon, lat);
            x.Add(Math.Round(ex));
            y.Add(Math.Round(ny));
            t.Add((when - DateTime.UnixEpoch).TotalSeconds);
        }
        return new Observations([.. x], [.. y], [.. t]);
    }

    /// <summary>A CSV line with quoted fields (the Location column holds a comma).</summary>
    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
                quoted = !quoted;
            else if (c == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
                current.Append(c);
        }
        fields.Add(current.ToString());
        return fields;
    }
}
