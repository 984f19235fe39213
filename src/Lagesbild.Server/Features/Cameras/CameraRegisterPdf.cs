using System.Globalization;
using Lagesbild.Core.Cameras;
using Lagesbild.Server.Components.Shared;
using Lagesbild.Server.Features.Reports;
using Microsoft.Extensions.Localization;

namespace Lagesbild.Server.Features.Cameras;

/// <summary>The camera register as the reader's language writes it: one table per camera, for the PDF (the same writer as the weekly report).</summary>
public static class CameraRegisterPdf
{
    public static byte[] Write(IReadOnlyList<CameraView> cameras, string? site, DateTimeOffset generatedAt, IStringLocalizer L) =>
        WeeklyReportPdf.Document(
            L["CameraRegisterTitle"],
            [site is null ? L["CameraRegisterAllSites"] : string.Format(CultureInfo.CurrentCulture, L["CameraRegisterOneSite"], site),
                string.Format(CultureInfo.CurrentCulture, L["CameraRegisterCount"], cameras.Count)],
            L["CameraRegisterMarking"],
            cameras.Count == 0 ? [new ReportTable("none", L["CameraRegisterTitle"], null, [new("item", L["CameraItem"])], [], L["CameraNone"])] : cameras.Select(c => Table(c, L)),
            string.Format(CultureInfo.CurrentCulture, L["ReportGenerated"], Formats.DateTime(generatedAt)));

    private static ReportTable Table(CameraView c, IStringLocalizer L) => new(
        string.Create(CultureInfo.InvariantCulture, $"camera-{c.Id}"),
        $"{c.Site} – {c.Name}",
        null,
        [new("item", L["CameraItem"]), new("value", L["CameraValue"])],
        [
            Row("purpose", L["CameraPurpose"], c.Purpose),
            Row("area", L["CameraCoveredArea"], c.CoveredArea),
            Row("assessment", L["CameraAssessment"], c.Assessment.Text),
            Row("assessed", L["CameraAssessedOnBy"], string.Format(CultureInfo.CurrentCulture, L["CameraAssessedOnByValue"], c.Assessment.MadeOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), c.Assessment.MadeBy)),
            Row("recording", L["CameraRecordingHours"], HoursText(c.RecordingHours, L)),
            Row("retention", L["CameraRetention"], string.Format(CultureInfo.CurrentCulture, L["CameraRetentionDays"], c.RetentionDays)),
            Row("signage", L["CameraSignage"], c.Signage ? string.Format(CultureInfo.CurrentCulture, L["CameraSignageYes"], c.SignageLocation) : L["CameraSignageNo"]),
            Row("updated", L["CameraUpdated"], $"{Formats.DateTime(c.UpdatedAt)}, {c.UpdatedBy}"),
        ],
        "");

    /// <summary>A camera's recording hours in words: by the site's calendar, or its windows ("lör 00:00–24:00"), always outside opening hours.</summary>
    public static string HoursText(RecordingHoursView hours, IStringLocalizer L) => hours.Mode == RecordingMode.OutsideOpeningHours
        ? L["CameraRecordingOutside"]
        : string.Format(CultureInfo.CurrentCulture, L["CameraRecordingWindows"],
            string.Join("; ", hours.Windows.Select(w => $"{CultureInfo.CurrentCulture.DateTimeFormat.GetAbbreviatedDayName(w.Day)} {w.From}–{w.To}")));

    private static ReportRow Row(string key, string item, string value) => new(key, [new ReportCell(item, item), new ReportCell(value, value)]);
}
