using System.Globalization;
using System.Text;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Time;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Lagesbild.Bench.Large;

/// <summary>
/// The generator's CSV as the product stores it, for the peers: every column of an observation computed with the
/// core's own functions (the projection, cell, district, hour of week and hour mask), written twice, once in
/// PostgreSQL's COPY text format (timestamps, EWKB with SRID 4326) and once for SQLite (Unix milliseconds, WKB), as
/// the product's two providers hold them. Not timed: the peers' clocks start when these files are read.
/// </summary>
public static class StoredRows
{
    /// <summary>The columns both files hold, in this order; the rest of the product's columns keep their defaults.</summary>
    public static readonly string[] Columns =
    [
        "Category", "Lat", "Lon", "X", "Y", "CellKey", "Location", "DistrictId", "OccurredFrom", "OccurredTo", "HourOfWeek",
        "HoursMask0", "HoursMask1", "HoursMask2", "ReportedAt", "Count", "Classification", "Text", "Source", "Version",
    ];

    public static long Write(string csv, string postgresFile, string sqliteFile, Districts districts, DateTimeOffset reportedAt)
    {
        var ewkb = new WKBWriter(ByteOrder.LittleEndian, handleSRID: true);
        var wkb = new WKBWriter();
        using var pg = new StreamWriter(postgresFile, false, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
        using var lite = new StreamWriter(sqliteFile, false, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
        long rows = 0;
        var reported = reportedAt.ToUniversalTime();
        foreach (var row in ContractCsv.Read(csv))
        {
            var grid = Sweref99Tm.Project(row.Lon, row.Lat);
            var point = PolygonInput.Wgs84.CreatePoint(new Coordinate(row.Lon, row.Lat));
            var from = row.OccurredFrom.ToUniversalTime();
            var mask = HourMask.Of(from, null);
            var district = districts.Index.Locate(row.Lon, row.Lat);
            var shared = string.Create(CultureInfo.InvariantCulture, $"{row.Lat:R}\t{row.Lon:R}\t{grid.X:R}\t{grid.Y:R}\t{GridCell.Of(grid).Key}");
            var hours = string.Create(CultureInfo.InvariantCulture, $"{HourOfWeek.Of(from)}\t{mask.Word0}\t{mask.Word1}\t{mask.Word2}");
            var text = row.Text is null ? @"\N" : row.Text;
            var districtText = district?.ToString(CultureInfo.InvariantCulture) ?? @"\N";
            pg.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.Category}\t{shared}\t{Convert.ToHexString(ewkb.Write(point))}\t{districtText}\t{from:yyyy-MM-dd HH:mm:ss}+00\t\\N\t{hours}\t{reported:yyyy-MM-dd HH:mm:ss.fff}+00\t{row.Count}\t{row.Classification}\t{text}\tStaff\t1"));
            lite.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.Category}\t{shared}\t{Convert.ToHexString(wkb.Write(point))}\t{districtText}\t{from.ToUnixTimeMilliseconds()}\t\\N\t{hours}\t{reported.ToUnixTimeMilliseconds()}\t{row.Count}\t{row.Classification}\t{text}\tStaff\t1"));
            rows++;
        }
        return rows;
    }
}

public sealed record ContractRow(string SourceId, ObservationCategory Category, double Lat, double Lon, DateTimeOffset OccurredFrom, int Count, Classification Classification, string? Text);

/// <summary>Reads the generator's own CSV (the contract's columns in the generator's order; RFC 4180 quotes in text only).</summary>
public static class ContractCsv
{
    public static IEnumerable<ContractRow> Read(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, true, 1 << 20);
        var header = reader.ReadLine();
        if (header != Generator.Header)
            throw new InvalidDataException($"{path}: not the generator's header.");
        var fields = new List<string>(9);
        while (reader.ReadLine() is { } line)
        {
            Split(line, fields);
            yield return new ContractRow(
                fields[0],
                Enum.Parse<ObservationCategory>(fields[1]),
                double.Parse(fields[2], CultureInfo.InvariantCulture),
                double.Parse(fields[3], CultureInfo.InvariantCulture),
                DateTimeOffset.ParseExact(fields[4], "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                fields[6].Length == 0 ? 1 : int.Parse(fields[6], CultureInfo.InvariantCulture),
                Enum.Parse<Classification>(fields[7]),
                fields[8].Length == 0 ? null : fields[8]);
        }
    }

    private static void Split(string line, List<string> fields)
    {
        fields.Clear();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                    quoted = false;
                else
                    field.Append(c);
            }
            else if (c == '"')
                quoted = true;
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
                field.Append(c);
        }
        fields.Add(field.ToString());
    }
}
