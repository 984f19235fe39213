using Lagesbild.Core.Access;
using Lagesbild.Core.Meetings;
using Lagesbild.Core.Validation;

namespace Lagesbild.Core.Tests.Meetings;

public class MeetingRulesTests
{
    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void An_action_is_overdue_from_the_Stockholm_midnight_that_ends_its_day()
    {
        var due = new DateOnly(2026, 11, 26);
        // Winter: Stockholm is UTC+1, so the day ends at 23:00 UTC.
        Assert.Equal(Utc("2026-11-26T23:00:00Z"), MeetingRules.OverdueFrom(due));
        Assert.False(MeetingRules.IsOverdue(due, Utc("2026-11-26T22:59:59Z")));
        Assert.True(MeetingRules.IsOverdue(due, Utc("2026-11-26T23:00:00Z")));
    }

    [Fact]
    public void On_the_spring_change_the_due_day_has_23_hours_and_in_summer_it_ends_at_22_UTC()
    {
        // 29 March 2026: clocks go from 02:00 to 03:00; the day after ends at local midnight = 22:00 UTC (UTC+2).
        Assert.Equal(Utc("2026-03-28T23:00:00Z"), MeetingRules.OverdueFrom(new DateOnly(2026, 3, 28)));
        Assert.Equal(Utc("2026-03-29T22:00:00Z"), MeetingRules.OverdueFrom(new DateOnly(2026, 3, 29)));
        Assert.Equal(TimeSpan.FromHours(23), MeetingRules.OverdueFrom(new DateOnly(2026, 3, 29)) - MeetingRules.OverdueFrom(new DateOnly(2026, 3, 28)));
    }

    [Fact]
    public void On_the_autumn_change_the_due_day_has_25_hours()
    {
        // 25 October 2026: 03:00 summer time becomes 02:00 winter time.
        Assert.Equal(Utc("2026-10-25T23:00:00Z"), MeetingRules.OverdueFrom(new DateOnly(2026, 10, 25)));
        Assert.Equal(TimeSpan.FromHours(25), MeetingRules.OverdueFrom(new DateOnly(2026, 10, 25)) - MeetingRules.OverdueFrom(new DateOnly(2026, 10, 24)));
        // 23:30 UTC on the 24th is already 01:30 on the 25th in Stockholm: an action due on the 24th is overdue.
        Assert.True(MeetingRules.IsOverdue(new DateOnly(2026, 10, 24), Utc("2026-10-24T22:30:00Z")));
        Assert.Equal(new DateOnly(2026, 10, 25), MeetingRules.DayOf(Utc("2026-10-24T22:30:00Z")));
    }

    [Fact]
    public void A_due_date_is_today_or_later_by_the_Stockholm_date_and_at_most_two_years_ahead()
    {
        // 23:30 UTC on 30 November is 00:30 on 1 December in Stockholm: the 30th is in the past there.
        var now = Utc("2026-11-30T23:30:00Z");
        var past = MeetingRules.CheckDue(new DateOnly(2026, 11, 30), now);
        Assert.Equal(("due", RefusalCodes.OutOfRange), (past!.Field, past.Code));
        Assert.Null(MeetingRules.CheckDue(new DateOnly(2026, 12, 1), now));
        Assert.Null(MeetingRules.CheckDue(new DateOnly(2028, 12, 1), now));
        Assert.NotNull(MeetingRules.CheckDue(new DateOnly(2028, 12, 2), now));
    }

    [Fact]
    public void A_meeting_lies_within_a_year_back_and_two_years_ahead()
    {
        var now = Utc("2026-11-30T12:00:00Z");
        Assert.Null(MeetingRules.CheckMeetingTime(now.AddDays(-300), now));
        Assert.Equal("at", MeetingRules.CheckMeetingTime(now.AddDays(-400), now)!.Field);
        Assert.NotNull(MeetingRules.CheckMeetingTime(now.AddYears(3), now));
    }

    [Fact]
    public void The_agenda_puts_the_actions_due_first_earliest_first_then_the_rest_by_due_date()
    {
        // Tuesday 1 December 2026, 13:00 in Stockholm.
        var meeting = Utc("2026-12-01T12:00:00Z");
        var actions = new[]
        {
            new AgendaAction(1, new DateOnly(2026, 12, 10), "Polisen"),
            new AgendaAction(2, new DateOnly(2026, 12, 1), "Staden"),
            new AgendaAction(3, new DateOnly(2026, 11, 20), "Staden"),
            new AgendaAction(4, new DateOnly(2026, 12, 2), "Polisen"),
            new AgendaAction(5, new DateOnly(2026, 11, 20), "Polisen"),
        };
        var agenda = MeetingRules.Agenda(actions, meeting);
        Assert.Equal([5, 3, 2, 4, 1], agenda.Select(l => l.Action.Id));
        Assert.Equal([true, true, true, false, false], agenda.Select(l => l.Due));
        // Due on the meeting's own day is due, not overdue.
        Assert.Equal([true, true, false, false, false], agenda.Select(l => l.Overdue));
    }

    [Fact]
    public void A_meeting_just_after_midnight_on_the_spring_change_counts_the_day_before_as_overdue()
    {
        // 29 March 2026 00:30 Stockholm (UTC+1 still) = 23:30 UTC on the 28th.
        var agenda = MeetingRules.Agenda([new AgendaAction(1, new DateOnly(2026, 3, 28), "Staden"), new AgendaAction(2, new DateOnly(2026, 3, 29), "Staden")],
            Utc("2026-03-28T23:30:00Z"));
        Assert.Equal([(1, true, true), (2, true, false)], agenda.Select(l => (l.Action.Id, l.Due, l.Overdue)));
    }

    [Fact]
    public void Cancelling_or_opening_again_needs_a_note_and_a_move_must_change_the_status()
    {
        Assert.Null(MeetingRules.CheckMove(ActionStatus.Open, ActionStatus.Done, null));
        Assert.Equal(("note", RefusalCodes.NoteNeeded), Pair(MeetingRules.CheckMove(ActionStatus.Open, ActionStatus.Cancelled, " ")));
        Assert.Null(MeetingRules.CheckMove(ActionStatus.Open, ActionStatus.Cancelled, "Ersatt av annan åtgärd"));
        Assert.Equal(("note", RefusalCodes.NoteNeeded), Pair(MeetingRules.CheckMove(ActionStatus.Done, ActionStatus.Open, null)));
        Assert.Equal(("status", RefusalCodes.NotAllowed), Pair(MeetingRules.CheckMove(ActionStatus.Done, ActionStatus.Done, "x")));
    }

    private static (string, string) Pair(Refusal? refusal) => (refusal!.Field, refusal.Code);

    [Fact]
    public void The_status_at_an_instant_is_the_last_step_by_then()
    {
        var history = new[]
        {
            new ActionStep(ActionStatus.Open, Utc("2026-11-01T10:00:00Z")),
            new ActionStep(ActionStatus.Done, Utc("2026-11-05T10:00:00Z")),
            new ActionStep(ActionStatus.Open, Utc("2026-11-08T10:00:00Z")),
        };
        Assert.Null(MeetingRules.StatusAt(history, Utc("2026-10-31T00:00:00Z")));
        Assert.Equal(ActionStatus.Open, MeetingRules.StatusAt(history, Utc("2026-11-03T00:00:00Z")));
        Assert.Equal(ActionStatus.Done, MeetingRules.StatusAt(history, Utc("2026-11-05T10:00:00Z")));
        Assert.Equal(ActionStatus.Open, MeetingRules.StatusAt(history, Utc("2026-11-09T00:00:00Z")));
    }

    [Theory]
    [InlineData(Role.Coordinator, true, true, true)]
    [InlineData(Role.Police, false, true, true)]
    [InlineData(Role.SocialServices, false, true, true)]
    [InlineData(Role.SchoolManager, false, true, true)]
    [InlineData(Role.Analyst, false, true, true)]
    [InlineData(Role.SchoolStaff, false, false, false)]
    [InlineData(Role.Guard, false, false, false)]
    [InlineData(Role.DataProtection, false, false, false)]
    public void Who_keeps_reads_and_moves_on_their_own_actions(Role role, bool keeps, bool reads, bool movesOwn)
    {
        Assert.Equal(keeps, MeetingRules.CanKeepMeetings([role]));
        Assert.Equal(reads, MeetingRules.CanReadMeetings([role]));
        Assert.Equal(movesOwn, MeetingRules.CanUpdateAction([role], 7, 7));
        // Another organisation's action: only the coordinator.
        Assert.Equal(keeps, MeetingRules.CanUpdateAction([role], 7, 8));
    }
}
