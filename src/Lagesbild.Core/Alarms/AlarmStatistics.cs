using System.Globalization;
using Lagesbild.Core.Time;

namespace Lagesbild.Core.Alarms;

/// <summary>The actions an alarm's timeline records, in the words stored with each entry.</summary>
public static class AlarmTimeline
{
    public const string Opened = "opened";
    public const string Dispatched = "dispatched";
    public const string Escalated = "escalated";
    public const string Acknowledged = "acknowledged";
    public const string OnSite = "on-site";
    public const string Resolved = "resolved";
    public const string Cancelled = "cancelled";
}

/// <summary>
/// One alarm as the statistics read it: where, which guard company, when it opened, how it ended, and from its
/// timeline when it was first acknowledged, when a guard was first on site and whether it was escalated.
/// </summary>
public sealed record AlarmFact(
    long Id, int SiteId, int? CompanyId, DateTimeOffset OpenedAt, AlarmStatus Status, AlarmOutcome? Outcome,
    DateTimeOffset? AcknowledgedAt, DateTimeOffset? OnSiteAt, bool Escalated)
{
    /// <summary>
    /// The fact of a stored alarm: the first "acknowledged" and the first "on-site" entry of its timeline; escalated
    /// when the timeline has an "escalated" entry or the alarm went past its first level.
    /// </summary>
    public static AlarmFact From(long id, int siteId, int? companyId, DateTimeOffset openedAt, AlarmStatus status, AlarmOutcome? outcome,
        int escalationLevel, IEnumerable<(DateTimeOffset At, string Action)> timeline)
    {
        var entries = timeline.OrderBy(e => e.At).ToList();
        DateTimeOffset? First(string action) => entries.Where(e => e.Action == action).Select(e => (DateTimeOffset?)e.At).FirstOrDefault();
        return new(id, siteId, companyId, openedAt, status, outcome, First(AlarmTimeline.Acknowledged), First(AlarmTimeline.OnSite),
            escalationLevel > 0 || entries.Any(e => e.Action == AlarmTimeline.Escalated));
    }

    /// <summary>Seconds from opening to the first acknowledgement, if there was one.</summary>
    public double? AcknowledgeSeconds => Since(AcknowledgedAt);

    /// <summary>Seconds from opening to the first guard on site, if one arrived.</summary>
    public double? ArriveSeconds => Since(OnSiteAt);

    private double? Since(DateTimeOffset? at) => at is { } when && when >= OpenedAt ? (when - OpenedAt).TotalSeconds : null;
}

public sealed record OutcomeCount(AlarmOutcome Outcome, int Count);

/// <summary>A duration's median and 90th percentile in seconds, over the alarms that have it (null where none does).</summary>
public sealed record DurationFigures(int Count, double? MedianSeconds, double? P90Seconds);

/// <summary>
/// The figures of a set of alarms. The false-alarm share is the false alarms among the alarms resolved with an
/// outcome (null where none was); cancelled and open alarms are counted but have no outcome.
/// </summary>
public sealed record AlarmFigures(
    int Alarms, int Open, int Resolved, int Cancelled, IReadOnlyList<OutcomeCount> Outcomes, int FalseAlarms, double? FalseAlarmShare,
    int Escalated, DurationFigures Acknowledge, DurationFigures Arrive);

public sealed record SiteFigures(int SiteId, AlarmFigures Figures);

/// <param name="CompanyId">The guard company that had the alarms; null for alarms no company had.</param>
public sealed record CompanyFigures(int? CompanyId, AlarmFigures Figures);

/// <param name="Month">The month in Stockholm (yyyy-MM); From and To the instants it covers within the window.</param>
public sealed record MonthFigures(string Month, DateTimeOffset From, DateTimeOffset To, AlarmFigures Figures);

public sealed record AlarmStatisticsResult(AlarmFigures Total, IReadOnlyList<SiteFigures> Sites, IReadOnlyList<CompanyFigures> Companies, IReadOnlyList<MonthFigures> Months);

/// <summary>
/// Alarm statistics as a security manager reports them: counts by outcome, time to acknowledge and to arrive
/// (median and 90th percentile), the false-alarm share and escalations, in total, per site, per guard company and
/// per calendar month in Stockholm. Alarms belong to the month and window in which they opened.
/// </summary>
public static class AlarmStatistics
{
    /// <summary>
    /// The p-th percentile (0 to 1) by linear interpolation between the closest ranks (as Excel's PERCENTILE.INC
    /// and R's default): for sorted x of n values, h = (n - 1)p, x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
    /// The median is the 50th; null for no values.
    /// </summary>
    public static double? Percentile(IEnumerable<double> values, double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1);
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
            return null;
        var h = (sorted.Length - 1) * p;
        var low = (int)Math.Floor(h);
        return low + 1 >= sorted.Length ? sorted[low] : sorted[low] + ((h - low) * (sorted[low + 1] - sorted[low]));
    }

    public static DurationFigures Durations(IEnumerable<double> seconds)
    {
        var values = seconds.ToList();
        return new(values.Count, Percentile(values, 0.5), Percentile(values, 0.9));
    }

    public static AlarmFigures Figures(IReadOnlyCollection<AlarmFact> alarms)
    {
        var resolved = alarms.Count(a => a.Status == AlarmStatus.Resolved);
        var withOutcome = alarms.Count(a => a.Status == AlarmStatus.Resolved && a.Outcome is not null);
        var falseAlarms = alarms.Count(a => a.Status == AlarmStatus.Resolved && a.Outcome == AlarmOutcome.FalseAlarm);
        return new(
            alarms.Count,
            alarms.Count(a => AlarmRules.IsOpen(a.Status)),
            resolved,
            alarms.Count(a => a.Status == AlarmStatus.Cancelled),
            [.. Enum.GetValues<AlarmOutcome>().Select(o => new OutcomeCount(o, alarms.Count(a => a.Status == AlarmStatus.Resolved && a.Outcome == o)))],
            falseAlarms,
            withOutcome == 0 ? null : (double)falseAlarms / withOutcome,
            alarms.Count(a => a.Escalated),
            Durations(alarms.Select(a => a.AcknowledgeSeconds).OfType<double>()),
            Durations(alarms.Select(a => a.ArriveSeconds).OfType<double>()));
    }

    /// <summary>The month in Stockholm an instant falls in, as yyyy-MM.</summary>
    public static string MonthOf(DateTimeOffset instant) => Stockholm.ToLocal(instant).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The calendar months in Stockholm that the window [from, to) touches, each cut to the window.</summary>
    public static IEnumerable<(string Month, DateTimeOffset From, DateTimeOffset To)> Months(DateTimeOffset from, DateTimeOffset to)
    {
        var local = Stockholm.ToLocal(from);
        var month = new DateOnly(local.Year, local.Month, 1);
        for (var start = Stockholm.StartOfDay(month); start < to; month = month.AddMonths(1), start = Stockholm.StartOfDay(month))
        {
            var end = Stockholm.StartOfDay(month.AddMonths(1));
            yield return (month.ToString("yyyy-MM", CultureInfo.InvariantCulture), start < from ? from : start, end > to ? to : end);
        }
    }

    /// <summary>
    /// The figures of the alarms that opened in [from, to): in total, per site and per company (most alarms first),
    /// and per Stockholm month of the window, every month listed, those without alarms too.
    /// </summary>
    public static AlarmStatisticsResult Compute(IEnumerable<AlarmFact> alarms, DateTimeOffset from, DateTimeOffset to)
    {
        var inWindow = alarms.Where(a => a.OpenedAt >= from && a.OpenedAt < to).ToList();
        var byMonth = inWindow.ToLookup(a => MonthOf(a.OpenedAt));
        return new(
            Figures(inWindow),
            [.. inWindow.GroupBy(a => a.SiteId).Select(g => new SiteFigures(g.Key, Figures([.. g])))
                .OrderByDescending(s => s.Figures.Alarms).ThenBy(s => s.SiteId)],
            [.. inWindow.GroupBy(a => a.CompanyId).Select(g => new CompanyFigures(g.Key, Figures([.. g])))
                .OrderByDescending(c => c.Figures.Alarms).ThenBy(c => c.CompanyId ?? int.MaxValue)],
            [.. Months(from, to).Select(m => new MonthFigures(m.Month, m.From, m.To, Figures([.. byMonth[m.Month]])))]);
    }
}
