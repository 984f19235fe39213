using System.Globalization;
using Lagesbild.Core.Indicators;
using Lagesbild.Server.Features.Reports;
using Microsoft.Extensions.Localization;

namespace Lagesbild.Server.Features.Indicators;

/// <summary>The indicator series as tables for the workbook: the active scenes per month, and the survey indicators in long form.</summary>
public static class IndicatorWorkbook
{
    public static IReadOnlyList<ReportTable> Tables(IReadOnlyList<CountAt> activeScenes, IReadOnlyList<IndicatorSeries> series, IStringLocalizer L) =>
    [
        new("active_scenes", L["ExportActiveScenes"], null,
            [new ReportColumn("at", L["ExportDate"], ReportValue.Date), new ReportColumn("count", L["ExportActiveScenes"], ReportValue.Number)],
            [.. activeScenes.Select(p => new ReportRow(Invariant(p.At),
                [Plain(Invariant(p.At)), Plain(p.Count.ToString(CultureInfo.InvariantCulture))]))],
            ""),
        new("survey", L["IndicatorsTitle"], null,
            [
                new ReportColumn("indicator", L["Indicator"]), new ReportColumn("unit", L["ExportUnit"]), new ReportColumn("area_kind", L["ExportAreaKind"]),
                new ReportColumn("area", L["IndicatorArea"]), new ReportColumn("period", L["ExportPeriod"]), new ReportColumn("from", L["ExportFromYear"], ReportValue.Number),
                new ReportColumn("to", L["ExportToYear"], ReportValue.Number), new ReportColumn("value", L["ExportValue"], ReportValue.Number),
                new ReportColumn("n", "n", ReportValue.Number), new ReportColumn("source", L["IndicatorSource"]), new ReportColumn("provenance", L["ExportProvenance"]),
            ],
            [.. series.SelectMany(s => s.Points.Select(p => new ReportRow($"{s.Indicator}|{s.Area}|{p.Period}",
            [
                Plain(s.Indicator), Plain(s.Unit), new ReportCell(L[$"ExportAreaKind{s.AreaKind}"], s.AreaKind.ToString()), Plain(s.Area), Plain(p.Period),
                Plain(p.From.ToString(CultureInfo.InvariantCulture)), Plain(p.To.ToString(CultureInfo.InvariantCulture)), Plain(p.Value.ToString("R", CultureInfo.InvariantCulture)),
                Plain(p.N?.ToString(CultureInfo.InvariantCulture) ?? ""), Plain(p.Source), new ReportCell(L[$"Provenance{p.Provenance}"], p.Provenance.ToString()),
            ])))],
            L["NoIndicators"]),
    ];

    private static string Invariant(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static ReportCell Plain(string value) => new(value, value);
}
