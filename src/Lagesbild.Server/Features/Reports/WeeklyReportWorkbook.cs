using Lagesbild.Server.Features.Exports;
using Microsoft.Extensions.Localization;

namespace Lagesbild.Server.Features.Reports;

/// <summary>The weekly report as a workbook: a first sheet saying what it is (and whether it holds Restricted counts), then one sheet per table.</summary>
public static class WeeklyReportWorkbook
{
    public static byte[] Write(WeeklyReport report, IStringLocalizer L)
    {
        var lines = new[] { ("title", WeeklyReportTables.Title(report, L)), ("period", WeeklyReportTables.Period(report, L)), ("classification", WeeklyReportTables.Classification(report, L)) };
        var about = new ReportTable("report", L["ReportWorkbookAbout"], null, [new ReportColumn("report", L["ReportWorkbookAbout"])],
            [.. lines.Select(line => new ReportRow(line.Item1, [new ReportCell(line.Item2, line.Item2)]))], "");
        return Workbook.Write([about, .. WeeklyReportTables.Build(report, L)]);
    }
}
