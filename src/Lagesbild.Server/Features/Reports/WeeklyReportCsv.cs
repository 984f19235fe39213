using System.Text;
using Lagesbild.Server.Features.Hosting;
using Microsoft.Extensions.Localization;

namespace Lagesbild.Server.Features.Reports;

/// <summary>
/// The weekly report as data: one line per value, in long form (section, item, column, value; the item is unique in its section), invariant
/// numbers and names, so that a spreadsheet or a script can pivot it. The week and area lead every line.
/// </summary>
public static class WeeklyReportCsv
{
    private static readonly string[] Columns = ["week", "area", "section", "item", "column", "value"];

    public static byte[] Write(WeeklyReport report, IStringLocalizer L)
    {
        var area = report.Area ?? "Stockholm";
        // What the file holds, as its first line: Restricted information must be handled as such.
        var classification = new[] { report.Week, area, "report", "classification", "includes_restricted", report.IncludesRestricted ? "true" : "false" };
        var values = WeeklyReportTables.Build(report, L).SelectMany(table => table.Rows.SelectMany(row =>
            row.Cells.Select((cell, i) => new[] { report.Week, area, table.Id, row.Key, table.Columns[i].Id, cell.Data })));
        var text = CsvTable.Write(Columns, values.Prepend(classification));
        // A UTF-8 byte order mark, so that Excel opens Swedish letters right.
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];
    }
}
