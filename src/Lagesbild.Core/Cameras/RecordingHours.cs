using System.Globalization;
using Lagesbild.Core.Sites;
using Lagesbild.Core.Time;
using Lagesbild.Core.Validation;

namespace Lagesbild.Core.Cameras;

/// <summary>
/// When a camera may record. The default follows the site's calendar: whenever the site is closed (nights, weekends,
/// public holidays, and a school's breaks). Weekly windows narrow that further; they may never meet the site's hours.
/// </summary>
public enum RecordingMode
{
    OutsideOpeningHours,
    Windows,
}

/// <summary>A weekly window in local (Stockholm) wall-clock time, [From, To); To may be the end of the day (24:00).</summary>
public readonly record struct RecordingWindow(DayOfWeek Day, TimeOnly From, TimeOnly To)
{
    public bool Contains(DayOfWeek day, TimeOnly time) => day == Day && time >= From && (To == TimeOnly.MaxValue || time < To);

    public bool Meets(DailyHours hours) =>
        ClockTime.Minutes(From) < ClockTime.Minutes(hours.Closes) && ClockTime.Minutes(hours.Opens) < ClockTime.Minutes(To);
}

/// <summary>A window as a form or the API writes it: "Saturday", "00:00" to "24:00".</summary>
public readonly record struct RecordingWindowText(DayOfWeek? Day, string? From, string? To);

/// <summary>A camera's recording hours: its mode and, for <see cref="RecordingMode.Windows"/>, the weekly windows.</summary>
public sealed record RecordingHours(RecordingMode Mode, IReadOnlyList<RecordingWindow> Windows)
{
    public static readonly RecordingHours OutsideOpening = new(RecordingMode.OutsideOpeningHours, []);

    public const int MaxWindows = 28;

    /// <summary>How far ahead a window is held against the site's calendar: a year, so each break and holiday is seen once.</summary>
    public const int HorizonDays = 366;

    /// <summary>
    /// Whether the camera may record at an instant, read in Stockholm's local time: never while the site is open;
    /// otherwise always, or within a window.
    /// </summary>
    public bool AllowsAt(SiteSchedule schedule, DateTimeOffset instant)
    {
        if (schedule.IsOpenAt(instant))
            return false;
        if (Mode == RecordingMode.OutsideOpeningHours)
            return true;
        var local = Stockholm.ToLocal(instant);
        var time = TimeOnly.FromDateTime(local);
        return Windows.Any(w => w.Contains(local.DayOfWeek, time));
    }

    /// <summary>
    /// Checks the written hours against the site's calendar from a local date on: each window well formed, and none
    /// meeting the site's hours on any day of the coming year (an ordinary week, a special day the site has set; a
    /// school's break does not make its ordinary hours free, since the window recurs every week).
    /// </summary>
    public static (RecordingHours? Hours, Refusals Refusals) Check(RecordingMode? mode, IReadOnlyList<RecordingWindowText>? windows, SiteSchedule schedule, DateOnly from)
    {
        var refusals = new Refusals();
        var chosen = mode ?? RecordingMode.OutsideOpeningHours;
        windows ??= [];
        if (chosen == RecordingMode.OutsideOpeningHours)
        {
            if (windows.Count > 0)
                refusals.Add("recordingHours.windows", RefusalCodes.Invalid, "Windows are given only with mode Windows; outsideOpeningHours records whenever the site is closed.");
            return (refusals.Count == 0 ? OutsideOpening : null, refusals);
        }
        if (windows.Count == 0)
            refusals.Add("recordingHours.windows", RefusalCodes.Required, "Mode Windows needs at least one window (day, from, to).");
        else if (windows.Count > MaxWindows)
            refusals.Add("recordingHours.windows", RefusalCodes.TooMany, $"At most {MaxWindows} windows.", MaxWindows);
        var parsed = new List<RecordingWindow>();
        for (var i = 0; i < Math.Min(windows.Count, MaxWindows); i++)
        {
            var (day, fromText, toText) = windows[i];
            var field = string.Create(CultureInfo.InvariantCulture, $"recordingHours.windows[{i}]");
            if (day is null || !Enum.IsDefined(day.Value))
                refusals.Add(field, RefusalCodes.Required, "day is required: Monday to Sunday.");
            else if (!ClockTime.TryParse(fromText, out var start) || !ClockTime.TryParse(toText, out var end) || start == TimeOnly.MaxValue)
                refusals.Add(field, RefusalCodes.NotATime, "from and to must be times such as 18:00 (to may be 24:00).", day.Value);
            else if (ClockTime.Minutes(start) >= ClockTime.Minutes(end))
                refusals.Add(field, RefusalCodes.TimesReversed, $"{day} starts at {fromText} but ends at {toText}.", day.Value, start, end);
            else
                parsed.Add(new RecordingWindow(day.Value, start, end));
        }
        if (refusals.Count > 0)
            return (null, refusals);
        if (FirstConflict(parsed, schedule, from) is { } conflict)
        {
            var (date, window, hours) = conflict;
            refusals.Add("recordingHours", RefusalCodes.DuringOpeningHours,
                string.Create(CultureInfo.InvariantCulture,
                    $"The window {window.Day} {ClockTime.Format(window.From)}–{ClockTime.Format(window.To)} meets the site's opening hours {ClockTime.Format(hours.Opens)}–{ClockTime.Format(hours.Closes)} on {date:yyyy-MM-dd}: a camera may record only while the site is closed."),
                window.Day, ClockTime.Format(window.From), ClockTime.Format(window.To), date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ClockTime.Format(hours.Opens), ClockTime.Format(hours.Closes));
            return (null, refusals);
        }
        return (new RecordingHours(RecordingMode.Windows, parsed), refusals);
    }

    /// <summary>The first day of the coming year on which a window meets the site's hours, with the window and those hours.</summary>
    public static (DateOnly Date, RecordingWindow Window, DailyHours Hours)? FirstConflict(IReadOnlyList<RecordingWindow> windows, SiteSchedule schedule, DateOnly from)
    {
        for (var date = from; date < from.AddDays(HorizonDays); date = date.AddDays(1))
        {
            if (schedule.HoursOn(date) is not { } hours)
                continue;
            foreach (var window in windows)
            {
                if (window.Day == date.DayOfWeek && window.Meets(hours))
                    return (date, window, hours);
            }
        }
        return null;
    }
}
