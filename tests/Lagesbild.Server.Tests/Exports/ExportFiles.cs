using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using ExcelDataReader;
using Microsoft.Data.Sqlite;

namespace Lagesbild.Server.Tests.Exports;

/// <summary>Reads the exports as their users' tools do: a GeoPackage with GDAL and SQLite, a workbook with ExcelDataReader.</summary>
public static partial class ExportFiles
{
    // ExcelDataReader asks for the Windows code pages even for .xlsx; .NET has them, registered on request.
    static ExportFiles() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    /// <summary>A geometry from its GeoPackage blob, with the SRS id its header names.</summary>
    public static NetTopologySuite.Geometries.Geometry Geometry(object? blob) => new NetTopologySuite.IO.GeoPackageGeoReader { HandleSRID = true }.Read((byte[])blob!);

    [GeneratedRegex(@"^Feature Count: (\d+)$", RegexOptions.Multiline)]
    private static partial Regex FeatureCount();

    /// <summary>A GeoPackage on disk for the length of a test; deleted when disposed.</summary>
    public sealed class TempFile(byte[] bytes, string extension) : IDisposable
    {
        public string Path { get; } = WriteTo(bytes, extension);

        private static string WriteTo(byte[] bytes, string extension)
        {
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"lagesbild-test-{Guid.NewGuid():N}.{extension}");
            File.WriteAllBytes(path, bytes);
            return path;
        }

        public void Dispose() => File.Delete(Path);
    }

    /// <summary>
    /// Runs GDAL's ogrinfo on a layer and answers its output. GDAL is part of the test machine (scripts/test installs
    /// gdal-bin): a missing ogrinfo fails the test, it never skips it.
    /// </summary>
    public static async Task<string> OgrInfoAsync(string path, string layer)
    {
        var start = new ProcessStartInfo("ogrinfo", ["-ro", "-so", path, layer]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ogrinfo did not start: install gdal-bin.");
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"ogrinfo {layer}: exit {process.ExitCode}\n{errors}\n{output}");
        Assert.True(errors.Trim().Length == 0, $"ogrinfo {layer} warned: {errors}");
        return output;
    }

    public static async Task<int> GdalCountAsync(string path, string layer)
    {
        var match = FeatureCount().Match(await OgrInfoAsync(path, layer));
        Assert.True(match.Success, $"ogrinfo gave no feature count for {layer}");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    public static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public static List<object?[]> Rows(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>A workbook's sheets: name and rows (the first row is the headers), each cell as the reader gives it (double, DateTime, string or null).</summary>
    public static List<(string Name, List<object?[]> Rows)> Sheets(byte[] workbook)
    {
        using var stream = new MemoryStream(workbook);
        using var reader = ExcelReaderFactory.CreateOpenXmlReader(stream);
        var sheets = new List<(string, List<object?[]>)>();
        do
        {
            var rows = new List<object?[]>();
            while (reader.Read())
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                    row[i] = reader.GetValue(i);
                if (row.Any(v => v is not null))
                    rows.Add(row);
            }
            sheets.Add((reader.Name, rows));
        }
        while (reader.NextResult());
        return sheets;
    }

    /// <summary>Whether any cell of the workbook is a formula (text that looks like one must stay text).</summary>
    public static bool HasFormula(byte[] workbook)
    {
        using var zip = new ZipArchive(new MemoryStream(workbook), ZipArchiveMode.Read);
        return zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)).Any(e =>
        {
            using var text = new StreamReader(e.Open());
            var xml = text.ReadToEnd();
            return xml.Contains("<f>", StringComparison.Ordinal) || xml.Contains("<f ", StringComparison.Ordinal);
        });
    }

    /// <summary>What a reader finds in an export, as text: every cell of a workbook, every feature row of a GeoPackage.</summary>
    public static string Text(byte[] bytes, string? mediaType)
    {
        if (mediaType == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        {
            return string.Join("\n", Sheets(bytes).SelectMany(s => s.Rows.Select(r => s.Name + ": " + string.Join(" | ", r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))))));
        }
        using var file = new TempFile(bytes, "gpkg");
        using var connection = Open(file.Path);
        var layers = Rows(connection, "SELECT table_name FROM gpkg_contents ORDER BY table_name").Select(r => (string)r[0]!).ToList();
        return string.Join("\n", layers.SelectMany(layer => Rows(connection, $"SELECT * FROM \"{layer}\" ORDER BY fid")
            .Select(r => layer + ": " + string.Join(" | ", r.Select(v => v is byte[] blob ? Convert.ToHexString(blob) : Convert.ToString(v, CultureInfo.InvariantCulture))))));
    }
}
