using System.Text;
using Lagesbild.Server.Features.Hosting;
using Microsoft.Extensions.Localization;
using nietras.SeparatedValues;

namespace Lagesbild.Server.Features.Reports;

/// <summary>
/// The weekly report as data: one line per value, in long form (section, item, column, value; the item is unique in its section), invariant
/// numbers and names, so that a spreadsheet or a script can pivot it. The week and area lead every line.
/// </summary>
public static class WeeklyReportCsv
{
    public static byte[] Write(WeeklyReport report, IStringLocalizer L)
    {
        using var writer = Sep.New(',').Writer(o => o with { Escape = true }).ToText();
        // What the file holds, as its first line: Restricted information must be handled as such.
        using (var line = writer.NewRow())
        {
            line["week"].Set(report.Week);
            line["area"].Set(CsvRows.Guard(report.Area ?? "Stockholm"));
            line["section"].Set("report");
            line["item"].Set("classification");
            line["column"].Set("includes_restricted");
            line["value"].Set(report.IncludesRestricted ? "true" : "false");
        }
        foreach (var table in WeeklyReportTables.Build(report, L))
        {
            foreach (var row in table.Rows)
            {
                for (var i = 0; i < row.Cells.Count; i++)
                {
                    using var line = writer.NewRow();
                    line["week"].Set(report.Week);
                    line["area"].Set(CsvRows.Guard(report.Area ?? "Stockholm"));
                    line["section"].Set(table.Id);
                    line["item"].Set(CsvRows.Guard(row.Key));
                    line["column"].Set(table.Columns[i].Id);
                    line["value"].Set(CsvRows.Guard(row.Cells[i].Data));
                }
            }
        }
        // A UTF-8 byte order mark, so that Excel opens Swedish letters right.
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(writer.ToString())];
    }
}
