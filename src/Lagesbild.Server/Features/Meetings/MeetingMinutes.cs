using System.Globalization;
using Lagesbild.Server.Components.Shared;
using Lagesbild.Server.Features.Reports;
using Microsoft.Extensions.Localization;

namespace Lagesbild.Server.Features.Meetings;

/// <summary>
/// The minutes of a meeting as tables in the reader's language, the same for the printable page and the PDF (written by
/// the weekly report's document writer): the actions followed up, the decisions, the actions agreed, the weekly picture
/// as the reader may see it, and the other open actions.
/// </summary>
public static class MeetingMinutes
{
    public static string Title(MeetingView meeting, IStringLocalizer L) =>
        string.Format(CultureInfo.CurrentCulture, L["MinutesTitle"], AreaName(meeting, L), Formats.Date(meeting.At));

    public static string AreaName(MeetingView meeting, IStringLocalizer L) => meeting.AreaKind == MeetingAreaKind.City ? L["WholeCity"] : meeting.Area;

    public static IReadOnlyList<string> Lead(MeetingView meeting, IStringLocalizer L) =>
        [string.Format(CultureInfo.CurrentCulture, L["MinutesLead"], Formats.DateTime(meeting.At), meeting.Week)];

    public static string Marking(MeetingView meeting, IStringLocalizer L) =>
        meeting.Agenda.Picture is { } picture ? WeeklyReportTables.Classification(picture, L) : L["MinutesWithoutPicture"];

    public static IReadOnlyList<ReportTable> Tables(MeetingView meeting, IStringLocalizer L)
    {
        var actionColumns = new[]
        {
            new ReportColumn("action", L["ActionText"]), new ReportColumn("owner", L["ActionOwner"]), new ReportColumn("due", L["ActionDue"]),
            new ReportColumn("status", L["Status"]),
        };
        return
        [
            new ReportTable("actions_due", L["AgendaActionsDue"], null, actionColumns, meeting.Agenda.ActionsDue.Select(i => Row(i.Action, i.Overdue, L)).ToList(), L["AgendaNoActionsDue"]),
            new ReportTable("decisions", L["MeetingDecisions"], null,
                [new ReportColumn("number", L["DecisionNumber"], ReportValue.Number), new ReportColumn("decision", L["DecisionText"]), new ReportColumn("recorded", L["DecisionRecorded"])],
                meeting.Decisions.Select((d, i) => new ReportRow(string.Create(CultureInfo.InvariantCulture, $"decision-{d.Id}"),
                    [Cell((i + 1).ToString(CultureInfo.CurrentCulture)), Cell(d.Text), Cell(Formats.DateTime(d.RecordedAt))])).ToList(),
                L["MeetingNoDecisions"]),
            new ReportTable("actions_agreed", L["MeetingActions"], null, actionColumns, meeting.Actions.Select(a => Row(a, a.Overdue, L)).ToList(), L["MeetingNoActions"]),
            .. meeting.Agenda.Picture is { } picture ? WeeklyReportTables.Build(picture, L) : [],
            new ReportTable("other_open_actions", L["AgendaOtherActions"], null, actionColumns,
                meeting.Agenda.OtherOpenActions.Select(i => Row(i.Action, i.Overdue, L)).ToList(), L["AgendaNoOtherActions"]),
        ];
    }

    public static byte[] Pdf(MeetingView meeting, IStringLocalizer L) =>
        WeeklyReportPdf.Document(Title(meeting, L), Lead(meeting, L), Marking(meeting, L), Tables(meeting, L),
            string.Format(CultureInfo.CurrentCulture, L["MinutesGenerated"], Formats.DateTime(meeting.Agenda.Picture?.GeneratedAt ?? meeting.CreatedAt)));

    /// <summary>An action's words in the minutes: its status, and "overdue" when its day had passed.</summary>
    public static string StatusText(ActionView action, bool overdue, IStringLocalizer L) =>
        overdue && action.Status == Core.Meetings.ActionStatus.Open ? $"{L["ActionStatusOpen"]}, {L["ActionOverdue"]}" : L[$"ActionStatus{action.Status}"];

    private static ReportRow Row(ActionView a, bool overdue, IStringLocalizer L) => new(string.Create(CultureInfo.InvariantCulture, $"action-{a.Id}"),
        [Cell(a.Text), Cell(a.Owner), Cell(a.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), Cell(StatusText(a, overdue, L))]);

    private static ReportCell Cell(string text) => new(text, text);
}
