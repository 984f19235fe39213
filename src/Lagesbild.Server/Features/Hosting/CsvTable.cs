using System.Globalization;
using nietras.SeparatedValues;

namespace Lagesbild.Server.Features.Hosting;

/// <summary>
/// The one way the product writes CSV (the weekly report, the audit log, the dashboard's downloads): comma-separated,
/// quoted where needed by Sep, and every cell through the formula guard, so that text from users cannot run as a
/// formula when the file is opened in a spreadsheet.
/// </summary>
public static class CsvTable
{
    /// <summary>The header line (unless <paramref name="withHeader"/> is false, for a file written in chunks) and one line per row.</summary>
    public static string Write(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows, bool withHeader = true)
    {
        using var writer = Sep.New(',').Writer(o => o with { Escape = true, WriteHeader = false }).ToText();
        if (withHeader)
        {
            using var header = writer.NewRow();
            for (var i = 0; i < columns.Count; i++)
                header[columns[i]].Set(Guard(columns[i]));
        }
        foreach (var cells in rows)
        {
            if (cells.Count != columns.Count)
                throw new ArgumentException($"A row has {cells.Count} cells for {columns.Count} columns.", nameof(rows));
            using var row = writer.NewRow();
            for (var i = 0; i < columns.Count; i++)
                row[columns[i]].Set(Guard(cells[i]));
        }
        return writer.ToString();
    }

    /// <summary>
    /// A value for a CSV cell: text that a spreadsheet would take for a formula (=, +, -, @, tab or CR first) gets a
    /// leading apostrophe, so that a name or a reason cannot run in Excel; numbers are left as they are.
    /// </summary>
    public static string Guard(string value) =>
        value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal)
            && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? "'" + value
            : value;
}
