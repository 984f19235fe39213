using Lagesbild.Core.Alarms;

namespace Lagesbild.Core.Tests.Alarms;

/// <summary>Alarm statistics against figures computed by hand.</summary>
public sealed class AlarmStatisticsTests
{
    [Theory]
    [InlineData(new double[] { 40, 10, 30, 20 }, 0.5, 25.0)] // h = 1.5: 20 + 0.5 * 10
    [InlineData(new double[] { 40, 10, 30, 20 }, 0.9, 37.0)] // h = 2.7: 30 + 0.7 * 10
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 0.9, 9.1)] // h = 8.1
    [InlineData(new double[] { 3, 1, 2 }, 0.5, 2.0)] // an odd count: the middle value
    [InlineData(new double[] { 7 }, 0.9, 7.0)]
    [InlineData(new double[] { 5, 15 }, 0.0, 5.0)]
    [InlineData(new double[] { 5, 15 }, 1.0, 15.0)]
    public void Percentiles_interpolate_between_the_closest_ranks(double[] values, double p, double expected) =>
        Assert.Equal(expected, AlarmStatistics.Percentile(values, p)!.Value, 9);

    [Fact]
    public void No_values_have_no_percentile_and_a_share_outside_zero_to_one_is_refused()
    {
        Assert.Null(AlarmStatistics.Percentile([], 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => AlarmStatistics.Percentile([1], 1.5));
    }

    [Fact]
    public void A_fact_reads_the_first_acknowledgement_and_arrival_and_any_escalation_from_the_timeline()
    {
        var opened = new DateTimeOffset(2026, 3, 10, 1, 0, 0, TimeSpan.Zero);
        var fact = AlarmFact.From(1, 7, 3, opened, AlarmStatus.Resolved, AlarmOutcome.Vandalism, 0,
        [
            (opened.AddSeconds(400), "acknowledged"), // taken again after a release: the first one counts
            (opened, "opened"), (opened.AddSeconds(2), "dispatched"), (opened.AddSeconds(62), "escalated"),
            (opened.AddSeconds(75), "acknowledged"), (opened.AddSeconds(700), "on-site"), (opened.AddSeconds(900), "resolved"),
        ]);
        Assert.Equal(75, fact.AcknowledgeSeconds);
        Assert.Equal(700, fact.ArriveSeconds);
        Assert.True(fact.Escalated);

        var quiet = AlarmFact.From(2, 7, null, opened, AlarmStatus.Cancelled, null, 0, [(opened, "opened"), (opened.AddMinutes(1), "cancelled")]);
        Assert.Null(quiet.AcknowledgeSeconds);
        Assert.Null(quiet.ArriveSeconds);
        Assert.False(quiet.Escalated);
        Assert.True(AlarmFact.From(3, 7, null, opened, AlarmStatus.Dispatched, null, 1, []).Escalated);
    }

    private static AlarmFact Fact(long id, int site, int company, DateTimeOffset opened, AlarmStatus status, AlarmOutcome? outcome, int? ack, int? arrive, bool escalated = false) =>
        new(id, site, company, opened, status, outcome, ack is { } a ? opened.AddSeconds(a) : null, arrive is { } r ? opened.AddSeconds(r) : null, escalated);

    /// <summary>March and April 2026 in Stockholm: summer time starts on 29 March, so March ends at 22:00 UTC and began at 23:00 UTC.</summary>
    private static readonly DateTimeOffset From = new(2026, 2, 28, 23, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2026, 4, 30, 22, 0, 0, TimeSpan.Zero);

    private static readonly AlarmFact[] Alarms =
    [
        Fact(1, 1, 1, new(2026, 3, 10, 1, 0, 0, TimeSpan.Zero), AlarmStatus.Resolved, AlarmOutcome.FalseAlarm, 30, 600),
        Fact(2, 1, 1, new(2026, 3, 12, 1, 0, 0, TimeSpan.Zero), AlarmStatus.Resolved, AlarmOutcome.PeopleMovedOn, 90, 900, escalated: true),
        // 00:30 on 1 April in Stockholm (summer time), 31 March in UTC: April's.
        Fact(3, 2, 2, new(2026, 3, 31, 22, 30, 0, TimeSpan.Zero), AlarmStatus.Resolved, AlarmOutcome.FalseAlarm, 60, null),
        // 00:30 on 1 March in Stockholm (winter time), 28 February in UTC: March's.
        Fact(4, 2, 2, new(2026, 2, 28, 23, 30, 0, TimeSpan.Zero), AlarmStatus.Cancelled, null, null, null),
        Fact(5, 1, 1, new(2026, 4, 15, 1, 0, 0, TimeSpan.Zero), AlarmStatus.Acknowledged, null, 120, null),
        // 23:30 on 28 February in Stockholm: before the window.
        Fact(6, 1, 1, new(2026, 2, 28, 22, 30, 0, TimeSpan.Zero), AlarmStatus.Resolved, AlarmOutcome.FalseAlarm, 10, 20),
    ];

    [Fact]
    public void The_totals_count_outcomes_shares_escalations_and_the_durations_median_and_90th_percentile()
    {
        var total = AlarmStatistics.Compute(Alarms, From, To).Total;
        Assert.Equal((5, 1, 3, 1, 2, 1), (total.Alarms, total.Open, total.Resolved, total.Cancelled, total.FalseAlarms, total.Escalated));
        Assert.Equal(2.0 / 3, total.FalseAlarmShare!.Value, 9);
        Assert.Equal(2, total.Outcomes.Single(o => o.Outcome == AlarmOutcome.FalseAlarm).Count);
        Assert.Equal(1, total.Outcomes.Single(o => o.Outcome == AlarmOutcome.PeopleMovedOn).Count);
        Assert.Equal(Enum.GetValues<AlarmOutcome>().Length, total.Outcomes.Count);
        // Acknowledged after 30, 60, 90 and 120 s: median (60 + 90) / 2, 90th percentile 90 + 0.7 * 30.
        Assert.Equal(new DurationFigures(4, 75, 111), Round(total.Acknowledge));
        // On site after 600 and 900 s: median 750, 90th percentile 600 + 0.9 * 300.
        Assert.Equal(new DurationFigures(2, 750, 870), Round(total.Arrive));
    }

    [Fact]
    public void Months_are_Stockholm_months_across_the_change_to_summer_time()
    {
        var months = AlarmStatistics.Compute(Alarms, From, To).Months;
        Assert.Equal(["2026-03", "2026-04"], months.Select(m => m.Month));
        var march = months[0];
        Assert.Equal(From, march.From);
        Assert.Equal(new DateTimeOffset(2026, 3, 31, 22, 0, 0, TimeSpan.Zero), march.To);
        Assert.Equal(743, (march.To - march.From).TotalHours); // 31 days less the hour skipped on 29 March
        Assert.Equal((3, 1, 1), (march.Figures.Alarms, march.Figures.Cancelled, march.Figures.FalseAlarms));
        Assert.Equal(0.5, march.Figures.FalseAlarmShare);
        Assert.Equal(new DurationFigures(2, 60, 84), Round(march.Figures.Acknowledge)); // 30 and 90: 30 + 0.9 * 60
        var april = months[1];
        Assert.Equal((2, 1, 1.0), (april.Figures.Alarms, april.Figures.Open, april.Figures.FalseAlarmShare!.Value));
        Assert.Equal(new DurationFigures(2, 90, 114), Round(april.Figures.Acknowledge)); // 60 and 120
        Assert.Equal(new DurationFigures(0, null, null), april.Figures.Arrive);
    }

    [Fact]
    public void Every_month_of_the_window_is_listed_and_cut_to_the_window()
    {
        var from = new DateTimeOffset(2026, 10, 15, 12, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2027, 1, 10, 12, 0, 0, TimeSpan.Zero);
        var months = AlarmStatistics.Compute([], from, to).Months;
        Assert.Equal(["2026-10", "2026-11", "2026-12", "2027-01"], months.Select(m => m.Month));
        Assert.Equal(from, months[0].From);
        // October ends at midnight in Stockholm after the change back to winter time (25 October): 23:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 10, 31, 23, 0, 0, TimeSpan.Zero), months[0].To);
        Assert.Equal(to, months[^1].To);
        Assert.All(months, m => Assert.Equal(0, m.Figures.Alarms));
        Assert.Null(months[0].Figures.FalseAlarmShare);
    }

    [Fact]
    public void Sites_and_companies_are_grouped_with_the_most_alarms_first()
    {
        var result = AlarmStatistics.Compute(Alarms, From, To);
        Assert.Equal([(1, 3), (2, 2)], result.Sites.Select(s => (s.SiteId, s.Figures.Alarms)));
        Assert.Equal([((int?)1, 3), (2, 2)], result.Companies.Select(c => (c.CompanyId, c.Figures.Alarms)));
        var second = result.Companies[1].Figures;
        Assert.Equal((1, 1, 1.0), (second.Resolved, second.Cancelled, second.FalseAlarmShare!.Value));
        Assert.Equal(new DurationFigures(1, 60, 60), Round(second.Acknowledge));
    }

    private static DurationFigures Round(DurationFigures d) =>
        new(d.Count, d.MedianSeconds is { } m ? Math.Round(m, 6) : null, d.P90Seconds is { } p ? Math.Round(p, 6) : null);
}
