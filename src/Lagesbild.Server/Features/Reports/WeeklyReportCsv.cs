using System.Text;
using Microsoft.Extensions.Localization;
using nietras.SeparatedValues;

namespace Lagesbild.Server.Features.Reports;

/// <summary>
/// The weekly report as data: one line per value, in long form (section, item, column, value), invariant
/// numbers and names, so that a spreadsheet or a script can pivot it. The week and area lead every line.
/// </summary>
public static class WeeklyReportCsv
{
    public static byte[] Write(WeeklyReport report, IStringLocalizer L)
    {
        using var writer = Sep.New(',').Writer(o => o with { Escape = true }).ToText();
        foreach (var table in WeeklyReportTables.Build(report, L))
        {
            foreach (var row in table.Rows)
            {
                for (var i = 1; i < row.Cells.Count; i++)
                {
                    using var line = writer.NewRow();
                    line["week"].Set(report.Week);
                    line["area"].Set(report.Area ?? "Stockholm");
                    line["section"].Set(table.Id);
                    line["item"].Set(row.Cells[0].Data);
                    line["column"].Set(table.Columns[i].Id);
                    line["value"].Set(row.Cells[i].Data);
                }
            }
        }
        // A UTF-8 byte order mark, so that Excel opens Swedish letters right.
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(writer.ToString())];
    }
}
