using System.Globalization;
using Lagesbild.Server.Features.Reports;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace Lagesbild.Server.Features.Exports;

/// <summary>
/// Tables as an Excel workbook (MiniExcel): one sheet per table, the headers in the reader's language, numbers as
/// numbers and dates as dates (instants in Stockholm time), text as text (never a formula, whatever it says).
/// </summary>
public static class Workbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private const string DateFormat = "yyyy-mm-dd";
    private const string DateTimeFormat = "yyyy-mm-dd hh:mm";

    public static byte[] Write(IEnumerable<ReportTable> tables)
    {
        var sheets = new Dictionary<string, object>();
        var columns = new List<DynamicExcelColumn>();
        foreach (var table in tables)
        {
            var name = SheetName(table.Title, sheets.Keys);
            var headers = UniqueHeaders(table.Columns);
            sheets[name] = table.Rows.Select(row =>
            {
                var values = new Dictionary<string, object?>();
                for (var i = 0; i < table.Columns.Count; i++)
                    values[headers[i]] = Value(table.Columns[i], row.Cells[i]);
                return values;
            }).ToList();
            for (var i = 0; i < table.Columns.Count; i++)
            {
                if (table.Columns[i].Kind is ReportValue.Date or ReportValue.Instant && columns.All(c => c.Key != headers[i]))
                    columns.Add(new DynamicExcelColumn(headers[i]) { Format = table.Columns[i].Kind == ReportValue.Date ? DateFormat : DateTimeFormat, Width = 18 });
            }
            // An empty table still says what it would hold: its headers.
            if (table.Rows.Count == 0)
                sheets[name] = new[] { headers.ToDictionary(h => h, _ => (object?)null) };
        }
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, sheets, excelType: ExcelType.XLSX, configuration: new OpenXmlConfiguration { DynamicColumns = [.. columns], FastMode = false });
        return stream.ToArray();
    }

    /// <summary>The cell's value: a number or a date from the invariant value the CSV writes, or the text the page shows.</summary>
    private static object? Value(ReportColumn column, ReportCell cell)
    {
        if (string.IsNullOrEmpty(cell.Data) && string.IsNullOrEmpty(cell.Text))
            return null;
        return column.Kind switch
        {
            ReportValue.Number when double.TryParse(cell.Data, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
            ReportValue.Date when DateOnly.TryParseExact(cell.Data, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) => date.ToDateTime(TimeOnly.MinValue),
            ReportValue.Instant when DateTimeOffset.TryParse(cell.Data, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant) => Core.Time.Stockholm.ToLocal(instant),
            // Text in the reader's language (a category's Swedish name), as the page shows it.
            _ => cell.Text,
        };
    }

    /// <summary>Excel's rules for a sheet's name: at most 31 characters, none of []:*?/\, unique in the workbook.</summary>
    private static string SheetName(string title, IEnumerable<string> taken)
    {
        var clean = new string([.. title.Select(c => "[]:*?/\\".Contains(c) ? '-' : c)]).Trim();
        var name = clean.Length > 31 ? clean[..31] : clean;
        for (var n = 2; taken.Contains(name, StringComparer.OrdinalIgnoreCase); n++)
        {
            var suffix = string.Create(CultureInfo.InvariantCulture, $" {n}");
            name = (clean.Length > 31 - suffix.Length ? clean[..(31 - suffix.Length)] : clean) + suffix;
        }
        return name;
    }

    private static List<string> UniqueHeaders(IReadOnlyList<ReportColumn> columns)
    {
        var headers = new List<string>();
        foreach (var column in columns)
        {
            var header = column.Header;
            for (var n = 2; headers.Contains(header, StringComparer.Ordinal); n++)
                header = string.Create(CultureInfo.InvariantCulture, $"{column.Header} {n}");
            headers.Add(header);
        }
        return headers;
    }
}
