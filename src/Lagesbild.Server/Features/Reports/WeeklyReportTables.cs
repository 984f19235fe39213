using System.Globalization;
using Lagesbild.Core.Reports;
using Lagesbild.Server.Components.Shared;
using Microsoft.Extensions.Localization;

namespace Lagesbild.Server.Features.Reports;

/// <summary>One cell: the text a person reads, and the value as data (invariant, for the CSV).</summary>
public sealed record ReportCell(string Text, string Data);

/// <summary>What a column's values are, so that a spreadsheet holds numbers and dates as such.</summary>
public enum ReportValue
{
    Text,
    Number,
    /// <summary>A calendar date (yyyy-MM-dd).</summary>
    Date,
    /// <summary>An instant (ISO 8601), shown in Stockholm time.</summary>
    Instant,
}

public sealed record ReportColumn(string Id, string Header, ReportValue Kind = ReportValue.Text)
{
    public bool Numeric => Kind == ReportValue.Number;
}

/// <param name="Key">What the row is about, unique in its table (a category, a scene and the time of its change, a measure's id): the CSV's item.</param>
public sealed record ReportRow(string Key, IReadOnlyList<ReportCell> Cells);

/// <summary>A section of the report as a table, the same for the printable page, the PDF, the CSV and the workbook.</summary>
public sealed record ReportTable(string Id, string Title, string? Lead, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<ReportRow> Rows, string Empty);

/// <summary>The weekly report as tables in the reader's language, so that the page, the PDF and the CSV say the same.</summary>
public static class WeeklyReportTables
{
    public static string Title(WeeklyReport report, IStringLocalizer L) =>
        string.Format(CultureInfo.CurrentCulture, L["ReportTitle"], report.Week, report.Area ?? L["WholeCity"]);

    public static string Period(WeeklyReport report, IStringLocalizer L) =>
        string.Format(CultureInfo.CurrentCulture, L["ReportPeriod"], Formats.Date(report.From), Formats.Date(report.To.AddTicks(-1)), Formats.Date(report.CompareFrom), Formats.Date(report.From.AddTicks(-1)));

    public static string Classification(WeeklyReport report, IStringLocalizer L) =>
        report.IncludesRestricted ? L["ReportIncludesRestricted"] : L["ReportWithoutRestricted"];

    public static IReadOnlyList<ReportTable> Build(WeeklyReport report, IStringLocalizer L)
    {
        var compare = new[] { new ReportColumn("this_week", L["ReportThisWeek"], ReportValue.Number), new ReportColumn("previous_average", L["ReportPreviousAverage"], ReportValue.Number), new ReportColumn("change", L["ReportChange"], ReportValue.Number) };
        var measureColumns = new[]
        {
            new ReportColumn("measure", L["ReportMeasure"]), new ReportColumn("kind", L["ReportKind"]), new ReportColumn("target", L["ReportTarget"]),
            new ReportColumn("organisation", L["ReportOrganisation"]), new ReportColumn("starts_on", L["ReportStarts"], ReportValue.Date), new ReportColumn("ends_on", L["ReportEnds"], ReportValue.Date),
            new ReportColumn("cost_sek", L["ReportCost"], ReportValue.Number),
        };
        return
        [
            new ReportTable("summary", L["ReportSummary"], null,
                [new ReportColumn("item", L["ReportItem"]), new ReportColumn("value", L["ReportValue"], ReportValue.Number)],
                [
                    Pair("active_scenes_at_start", L["ReportActiveAtStart"], report.ActiveScenesAtStart),
                    Pair("active_scenes_at_end", L["ReportActiveAtEnd"], report.ActiveScenesAtEnd),
                    Pair("observations", L["ReportObservationsTotal"], report.Observations.Sum(o => o.ThisWeek)),
                    Pair("rounds_completed", L["ReportRoundsCompleted"], report.Rounds.Completed),
                    Pair("rounds_missed", L["ReportRoundsMissed"], report.Rounds.Missed),
                    .. (report.IncludesAlarms
                        ? new[] { Pair("alarms_raised", L["ReportAlarmsRaised"], report.Alarms.Raised), Pair("alarms_open", L["ReportAlarmsOpen"], report.Alarms.StillOpen) }
                        : []),
                    Pair("measures_started", L["ReportMeasuresStartedCount"], report.MeasuresStarted.Count),
                    Pair("new_candidates", L["ReportNewCandidates"], report.Candidates.Count),
                ], ""),
            new ReportTable("scene_changes", L["ReportSceneChanges"], null,
                [
                    new ReportColumn("scene", L["ReportScene"]), new ReportColumn("district", L["ReportDistrict"]), new ReportColumn("from", L["ReportFromStatus"]),
                    new ReportColumn("to", L["ReportToStatus"]), new ReportColumn("at", L["ReportWhen"], ReportValue.Instant), new ReportColumn("reason", L["ReportReason"]),
                ],
                report.SceneChanges.Select(c => Keyed(string.Create(CultureInfo.InvariantCulture, $"scene-{c.SceneId}@{c.At:O}"),
                    Text(c.Scene), Text(c.District ?? ""),
                    c.From is { } f ? Named(L[$"Status{f}"], f.ToString()) : Text(""), Named(L[$"Status{c.To}"], c.To.ToString()),
                    new ReportCell(Formats.DateTime(c.At), c.At.ToString("O", CultureInfo.InvariantCulture)), Text(c.Reason))).ToList(),
                L["ReportNoSceneChanges"]),
            new ReportTable("observations", L["ReportObservations"], L["ReportObservationsLead"],
                [new ReportColumn("category", L["ReportCategory"]), .. compare],
                report.Observations.Select(o => Compared(Named(L[$"Category{o.Key}"], o.Key.ToString()), o.ThisWeek, o.PreviousAverage)).ToList(),
                L["ReportNoObservations"]),
            new ReportTable("time_of_week", L["ReportTimeOfWeek"], L["ReportTimeOfWeekLead"],
                [
                    new ReportColumn("day", L["ReportDay"]), new ReportColumn("night", L["ReportNight"], ReportValue.Number), new ReportColumn("morning", L["ReportMorning"], ReportValue.Number),
                    new ReportColumn("afternoon", L["ReportAfternoon"], ReportValue.Number), new ReportColumn("evening", L["ReportEvening"], ReportValue.Number),
                ],
                report.TimeOfWeek.Select(t => Row(Named(CultureInfo.CurrentCulture.DateTimeFormat.GetDayName(t.Day), t.Day.ToString()),
                    Number(t.Night), Number(t.Morning), Number(t.Afternoon), Number(t.Evening))).ToList(), ""),
            new ReportTable("round_findings", L["ReportFindings"],
                string.Format(CultureInfo.CurrentCulture, L["ReportRoundsLead"], report.Rounds.Completed, report.Rounds.Missed, report.Rounds.Other, Decimal(report.Rounds.PreviousCompletedAverage).Text),
                [new ReportColumn("finding", L["ReportFinding"]), .. compare],
                report.Findings.Select(f => Compared(Named(L[$"Finding{f.Key}"], f.Key.ToString()), f.ThisWeek, f.PreviousAverage)).ToList(),
                L["ReportNoFindings"]),
            new ReportTable("alarm_outcomes", L["ReportAlarms"],
                report.IncludesAlarms
                    ? string.Format(CultureInfo.CurrentCulture, L["ReportAlarmsLead"], report.Alarms.Raised, report.Alarms.Resolved, report.Alarms.StillOpen, Decimal(report.Alarms.PreviousRaisedAverage).Text)
                    : L["ReportAlarmsNotShown"],
                [new ReportColumn("outcome", L["ReportOutcome"]), .. compare],
                report.AlarmOutcomes.Select(a => Compared(Named(L[$"Outcome{a.Key}"], a.Key.ToString()), a.ThisWeek, a.PreviousAverage)).ToList(),
                L["ReportNoAlarms"]),
            new ReportTable("measures_started", L["ReportMeasuresStarted"], null, measureColumns, report.MeasuresStarted.Select(m => Measure(m, L)).ToList(), L["ReportNoMeasures"]),
            new ReportTable("measures_ended", L["ReportMeasuresEnded"], null, measureColumns, report.MeasuresEnded.Select(m => Measure(m, L)).ToList(), L["ReportNoMeasures"]),
            new ReportTable("candidates", L["ReportCandidates"], report.CandidatesComputed ? L["ReportCandidatesLead"] : L["ReportCandidatesNotComputed"],
                [
                    new ReportColumn("district", L["ReportDistrict"]), new ReportColumn("observations", L["ReportObservationsCount"], ReportValue.Number),
                    new ReportColumn("per_week", L["ReportPerWeek"], ReportValue.Number), new ReportColumn("position", L["ReportPosition"]),
                ],
                report.Candidates.Select((c, i) => Keyed(string.Create(CultureInfo.InvariantCulture, $"candidate-{i + 1}"), Text(c.District ?? ""), Number(c.Observations), Decimal(c.PerWeek),
                    Text(string.Create(CultureInfo.InvariantCulture, $"{c.Centre[1]:0.0000}, {c.Centre[0]:0.0000}")))).ToList(),
                L["ReportNoCandidates"]),
            new ReportTable("open_actions", L["ReportOpenActions"], L["ReportOpenActionsLead"],
                [new ReportColumn("organisation", L["ReportOrganisation"]), new ReportColumn("measures", L["ReportOpenMeasures"]), new ReportColumn("open_alarms", L["ReportAlarmsOpen"], ReportValue.Number)],
                report.OpenActions.Select(a => Row(Text(a.Organisation),
                    Text(string.Join("; ", a.Measures.Select(m => $"{m.Title} ({m.Target ?? L[$"MeasureKind{m.Kind}"]})"))),
                    Number(a.OpenAlarms))).ToList(),
                L["ReportNoOpenActions"]),
        ];
    }

    private static ReportRow Row(params ReportCell[] cells) => new(cells[0].Data, cells);

    private static ReportRow Keyed(string key, params ReportCell[] cells) => new(key, cells);

    private static ReportCell Text(string text) => new(text, text);

    private static ReportCell Named(string text, string data) => new(text, data);

    private static ReportCell Number(long value) => new(value.ToString("N0", CultureInfo.CurrentCulture), value.ToString(CultureInfo.InvariantCulture));

    private static ReportCell Decimal(double value) =>
        new(Math.Round(value, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.CurrentCulture), value.ToString("0.##", CultureInfo.InvariantCulture));

    private static ReportRow Pair(string key, string label, long value) => Row(Named(label, key), Number(value));

    private static ReportRow Compared(ReportCell key, int thisWeek, double previous)
    {
        var (_, shown, change) = WeekComparison.Shown(thisWeek, previous);
        var sign = change > 0 ? "+" : change < 0 ? "−" : "±";
        return Row(key, Number(thisWeek), Decimal(shown),
            new ReportCell(sign + Math.Abs(change).ToString("0.0", CultureInfo.CurrentCulture), change.ToString("0.##", CultureInfo.InvariantCulture)));
    }

    private static ReportRow Measure(MeasureRow m, IStringLocalizer L) => Keyed(string.Create(CultureInfo.InvariantCulture, $"measure-{m.Id}"),
        Text(m.Title), Named(L[$"MeasureKind{m.Kind}"], m.Kind.ToString()), Text(m.Target ?? ""), Text(m.Organisation ?? ""),
        Text(m.StartsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), Text(m.EndsOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? ""),
        m.Cost is { } cost ? Number(cost) : Text(""));
}
