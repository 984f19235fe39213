using Lagesbild.Core.Rounds;
using Lagesbild.Core.Sites;

namespace Lagesbild.Core.Tests.Rounds;

public sealed class RoundPlanTests
{
    private static readonly SchoolBreaks Breaks = SchoolBreaks.StockholmPattern(2025, 2027);
    private static readonly SiteSchedule School = SiteSchedule.For(SiteKind.School, OpeningHours.Weekdays(new(8, 0), new(16, 0)), Breaks);
    private static readonly SiteSchedule Preschool = SiteSchedule.For(SiteKind.Preschool, OpeningHours.Weekdays(new(6, 30), new(18, 0)), Breaks);
    private static readonly TimeSpan HalfHour = TimeSpan.FromMinutes(30);

    [Fact]
    public void The_deadline_is_the_lead_time_before_opening_in_Stockholm_time()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 5, 0, 0, TimeSpan.Zero), RoundPlan.Deadline(Preschool, new DateOnly(2026, 11, 27), HalfHour));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 6, 30, 0, TimeSpan.Zero), RoundPlan.Deadline(School, new DateOnly(2026, 11, 27), HalfHour));
    }

    [Fact]
    public void The_deadline_follows_daylight_saving_on_the_mornings_after_the_changes()
    {
        // Summer time from Sunday 29 March 2026: 06:00 local is 04:00 UTC on the Monday after, 05:00 the Friday before.
        Assert.Equal(new DateTimeOffset(2026, 3, 27, 5, 0, 0, TimeSpan.Zero), RoundPlan.Deadline(Preschool, new DateOnly(2026, 3, 27), HalfHour));
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 4, 0, 0, TimeSpan.Zero), RoundPlan.Deadline(Preschool, new DateOnly(2026, 3, 30), HalfHour));
        // Back to winter time on Sunday 25 October 2026.
        Assert.Equal(new DateTimeOffset(2026, 10, 23, 4, 0, 0, TimeSpan.Zero), RoundPlan.Deadline(Preschool, new DateOnly(2026, 10, 23), HalfHour));
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 5, 0, 0, TimeSpan.Zero), RoundPlan.Deadline(Preschool, new DateOnly(2026, 10, 26), HalfHour));
    }

    [Fact]
    public void No_round_on_a_day_the_site_is_closed()
    {
        Assert.Null(RoundPlan.Deadline(School, new DateOnly(2026, 11, 28), HalfHour)); // Saturday
        Assert.Null(RoundPlan.Deadline(School, new DateOnly(2026, 12, 24), HalfHour)); // julafton
        Assert.Null(RoundPlan.Deadline(School, new DateOnly(2026, 10, 28), HalfHour)); // höstlov
        Assert.NotNull(RoundPlan.Deadline(Preschool, new DateOnly(2026, 10, 28), HalfHour)); // the preschool stays open
    }

    [Theory]
    [InlineData(RoundScope.All, false, null, true)]
    [InlineData(RoundScope.Flagged, false, null, false)]
    [InlineData(RoundScope.Flagged, true, null, true)]
    [InlineData(RoundScope.Flagged, false, 499.9, true)]
    [InlineData(RoundScope.Flagged, false, 500.1, false)]
    public void A_site_needs_a_round_when_all_do_or_it_is_flagged_by_hand_or_by_a_near_active_scene(RoundScope scope, bool flagged, double? nearest, bool required) =>
        Assert.Equal(required, RoundPlan.IsRequired(scope, flagged, nearest));

    [Fact]
    public void The_previous_closing_of_a_Monday_is_Friday_evening()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 17, 0, 0, TimeSpan.Zero), RoundPlan.PreviousClosing(Preschool, new DateOnly(2026, 11, 23)));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 15, 0, 0, TimeSpan.Zero), RoundPlan.PreviousClosing(School, new DateOnly(2026, 11, 27)));
    }

    [Fact]
    public void A_school_after_its_summer_break_has_no_closing_in_the_last_two_weeks()
    {
        var firstDay = SchoolBreaks.StockholmPattern(2026, 2026).Breaks.Single(b => b.First.Month == 6).Last.AddDays(1);
        Assert.Null(RoundPlan.PreviousClosing(School, firstDay));
    }

    [Fact]
    public void A_finding_happened_since_the_later_of_the_closing_and_the_previous_round()
    {
        var found = new DateTimeOffset(2026, 11, 27, 5, 40, 0, TimeSpan.Zero);
        var closing = new DateTimeOffset(2026, 11, 26, 17, 0, 0, TimeSpan.Zero);
        Assert.Equal((closing, found), RoundPlan.FindingInterval(found, closing, new DateTimeOffset(2026, 11, 26, 5, 50, 0, TimeSpan.Zero)));
        var lateRound = new DateTimeOffset(2026, 11, 26, 19, 0, 0, TimeSpan.Zero);
        Assert.Equal((lateRound, found), RoundPlan.FindingInterval(found, closing, lateRound));
        Assert.Equal((found.AddDays(-14), found), RoundPlan.FindingInterval(found, null, null));
        Assert.Equal((found.AddDays(-14), found), RoundPlan.FindingInterval(found, found.AddDays(-40), null));
    }

    [Theory]
    [InlineData(RoundStatus.Due, RoundStatus.Missed)]
    [InlineData(RoundStatus.InProgress, RoundStatus.Missed)]
    [InlineData(RoundStatus.Completed, RoundStatus.Completed)]
    [InlineData(RoundStatus.Missed, RoundStatus.Missed)]
    public void At_the_deadline_an_unfinished_round_is_missed(RoundStatus before, RoundStatus after) =>
        Assert.Equal(after, RoundTransitions.AtDeadline(before));

    [Fact]
    public void A_missed_round_can_still_be_walked_but_a_completed_one_cannot_be_completed_again()
    {
        Assert.Null(RoundTransitions.CanStart(RoundStatus.Missed));
        Assert.Null(RoundTransitions.CanComplete(RoundStatus.InProgress));
        Assert.NotNull(RoundTransitions.CanComplete(RoundStatus.Completed));
        var completed = new DateTimeOffset(2026, 11, 30, 5, 0, 0, TimeSpan.Zero);
        Assert.NotNull(RoundTransitions.CanRecord(RoundStatus.Completed, completed.AddMinutes(1), completed));
        Assert.Null(RoundTransitions.CanRecord(RoundStatus.Completed, completed.AddMinutes(-3), completed)); // found before, sent late
        Assert.Null(RoundTransitions.CanRecord(RoundStatus.Missed, completed, null));
    }
}
