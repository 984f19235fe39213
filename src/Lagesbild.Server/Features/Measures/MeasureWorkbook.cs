using System.Globalization;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Reports;
using Microsoft.Extensions.Localization;

namespace Lagesbild.Server.Features.Measures;

/// <summary>The measure register as a table (one row per measure, as GET /api/measures lists them), for the workbook.</summary>
public static class MeasureWorkbook
{
    public static ReportTable Table(IReadOnlyList<Feature<MeasureView>> measures, IStringLocalizer L) => new("measures", L["MeasuresTitle"], null,
        [
            new ReportColumn("id", L["ExportId"], ReportValue.Number), new ReportColumn("title", L["ReportMeasure"]), new ReportColumn("kind", L["ReportKind"]),
            new ReportColumn("status", L["ExportStatus"]), new ReportColumn("target", L["ReportTarget"]), new ReportColumn("district", L["ReportDistrict"]),
            new ReportColumn("organisation", L["ReportOrganisation"]), new ReportColumn("starts_on", L["ReportStarts"], ReportValue.Date),
            new ReportColumn("ends_on", L["ReportEnds"], ReportValue.Date), new ReportColumn("cost_sek", L["ReportCost"], ReportValue.Number),
            new ReportColumn("description", L["ExportDescription"]), new ReportColumn("updated_at", L["ExportUpdated"], ReportValue.Instant),
        ],
        [.. measures.Select(f =>
        {
            var m = f.Properties;
            var id = Convert.ToString(f.Id, CultureInfo.InvariantCulture)!;
            return new ReportRow($"measure-{id}",
            [
                Plain(id), Plain(m.Title), new ReportCell(L[$"MeasureKind{m.Kind}"], m.Kind.ToString()), new ReportCell(L[$"MeasureStatus{m.Status}"], m.Status.ToString()),
                Plain(m.Scene ?? m.Site ?? m.District ?? L["MeasureDrawnArea"]), Plain(m.District ?? ""), Plain(m.Organisation ?? ""),
                Plain(m.StartsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), Plain(m.EndsOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? ""),
                Plain(m.Cost?.ToString(CultureInfo.InvariantCulture) ?? ""), Plain(m.Description ?? ""), Plain(m.UpdatedAt.ToString("O", CultureInfo.InvariantCulture)),
            ]);
        })],
        L["NoMeasures"]);

    private static ReportCell Plain(string value) => new(value, value);
}
