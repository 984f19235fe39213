using System.Text;
using Lagesbild.Core.Alarms;
using Lagesbild.Core.Sites;

namespace Lagesbild.Core.Tests.Alarms;

public sealed class ArmingTests
{
    private static readonly SiteSchedule School = SiteSchedule.For(SiteKind.School, OpeningHours.Weekdays(new(8, 0), new(16, 0)), SchoolBreaks.StockholmPattern(2025, 2027));

    private static DateTimeOffset Local(int month, int day, int hour, int minute, int offset) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(offset));

    [Theory]
    [InlineData(11, 27, 2, 10, 1, true)] // Friday night: closed, armed
    [InlineData(11, 27, 10, 0, 1, false)] // Friday morning: open, children in the yard
    [InlineData(11, 28, 10, 0, 1, true)] // Saturday
    [InlineData(12, 24, 10, 0, 1, true)] // julafton
    [InlineData(10, 28, 10, 0, 1, true)] // höstlov: the school is closed
    [InlineData(3, 30, 7, 59, 2, true)] // the Monday after the spring change, a minute before opening
    [InlineData(3, 30, 8, 0, 2, false)]
    [InlineData(11, 2, 15, 59, 1, false)] // the first school Monday after the autumn change (week 44 is höstlov), a minute before closing
    [InlineData(11, 2, 16, 0, 1, true)]
    [InlineData(10, 26, 10, 0, 1, true)] // the Monday after the change falls in höstlov: closed, armed
    public void On_schedule_a_sensor_is_armed_while_the_site_is_closed(int month, int day, int hour, int minute, int offset, bool armed) =>
        Assert.Equal(armed, Arming.IsArmed(ArmingMode.Schedule, School, Local(month, day, hour, minute, offset)));

    [Fact]
    public void Always_and_never_ignore_the_calendar()
    {
        Assert.True(Arming.IsArmed(ArmingMode.AlwaysArmed, School, Local(11, 27, 10, 0, 1)));
        Assert.False(Arming.IsArmed(ArmingMode.Disarmed, School, Local(11, 27, 2, 0, 1)));
    }

    [Fact]
    public void A_signature_is_the_hex_hmac_of_the_raw_body_and_nothing_else_passes()
    {
        var secret = Encoding.UTF8.GetBytes("sensor-secret");
        var body = Encoding.UTF8.GetBytes("""{"sensorId":1,"eventId":"e1"}""");
        var signature = SensorSignature.Sign(secret, body);

        Assert.Matches("^sha256=[0-9a-f]{64}$", signature);
        Assert.True(SensorSignature.Verify(secret, body, signature));
        Assert.True(SensorSignature.Verify(secret, body, signature.ToUpperInvariant().Replace("SHA256=", "sha256=", StringComparison.Ordinal)));
        Assert.False(SensorSignature.Verify(secret, Encoding.UTF8.GetBytes("""{"sensorId":1,"eventId":"e2"}"""), signature));
        Assert.False(SensorSignature.Verify(Encoding.UTF8.GetBytes("other"), body, signature));
        Assert.False(SensorSignature.Verify(secret, body, null));
        Assert.False(SensorSignature.Verify(secret, body, signature[7..]));
        Assert.False(SensorSignature.Verify(secret, body, "sha256=zz" + signature[9..]));
        Assert.False(SensorSignature.Verify(secret, body, signature + "00"));
    }

    [Fact]
    public void Events_far_from_the_servers_clock_are_replays()
    {
        var now = Local(11, 27, 2, 10, 1);
        Assert.True(SensorSignature.WithinReplayWindow(now.AddMinutes(-4), now));
        Assert.True(SensorSignature.WithinReplayWindow(now.AddMinutes(4), now));
        Assert.False(SensorSignature.WithinReplayWindow(now.AddMinutes(-6), now));
        Assert.False(SensorSignature.WithinReplayWindow(now.AddMinutes(6), now));
    }
}

public sealed class AlarmRulesTests
{
    [Theory]
    [InlineData(AlarmStatus.New, AlarmAction.Dispatch, AlarmStatus.Dispatched)]
    [InlineData(AlarmStatus.Dispatched, AlarmAction.Dispatch, AlarmStatus.Dispatched)] // escalated to the next guard
    [InlineData(AlarmStatus.Dispatched, AlarmAction.Acknowledge, AlarmStatus.Acknowledged)]
    [InlineData(AlarmStatus.Acknowledged, AlarmAction.ArriveOnSite, AlarmStatus.OnSite)]
    [InlineData(AlarmStatus.OnSite, AlarmAction.Resolve, AlarmStatus.Resolved)]
    [InlineData(AlarmStatus.Acknowledged, AlarmAction.Resolve, AlarmStatus.Resolved)]
    [InlineData(AlarmStatus.New, AlarmAction.Cancel, AlarmStatus.Cancelled)]
    public void Allowed_moves(AlarmStatus from, AlarmAction action, AlarmStatus to) => Assert.Equal(to, AlarmRules.After(from, action));

    [Theory]
    [InlineData(AlarmStatus.Acknowledged, AlarmAction.Acknowledge)] // the second of two guards acknowledging
    [InlineData(AlarmStatus.Resolved, AlarmAction.Resolve)]
    [InlineData(AlarmStatus.Resolved, AlarmAction.Cancel)]
    [InlineData(AlarmStatus.New, AlarmAction.Resolve)]
    [InlineData(AlarmStatus.Cancelled, AlarmAction.ArriveOnSite)]
    public void Refused_moves(AlarmStatus from, AlarmAction action) => Assert.Null(AlarmRules.After(from, action));

    [Theory]
    [InlineData(AlarmStatus.New, new[] { AlarmAction.Acknowledge })]
    [InlineData(AlarmStatus.Dispatched, new[] { AlarmAction.Acknowledge, AlarmAction.ArriveOnSite })]
    [InlineData(AlarmStatus.Acknowledged, new[] { AlarmAction.ArriveOnSite, AlarmAction.Resolve })]
    [InlineData(AlarmStatus.OnSite, new[] { AlarmAction.Resolve })]
    [InlineData(AlarmStatus.Resolved, new AlarmAction[0])]
    [InlineData(AlarmStatus.Cancelled, new AlarmAction[0])]
    public void The_console_offers_the_guard_the_moves_the_state_allows(AlarmStatus status, AlarmAction[] actions) =>
        Assert.Equal(actions, AlarmRules.GuardActions(status));

    [Fact]
    public void Events_within_five_minutes_join_the_open_alarm()
    {
        var last = new DateTimeOffset(2026, 11, 27, 1, 10, 0, TimeSpan.Zero);
        Assert.True(AlarmRules.JoinsOpenAlarm(last, last.AddMinutes(5)));
        Assert.True(AlarmRules.JoinsOpenAlarm(last, last.AddSeconds(-30))); // delivered out of order
        Assert.False(AlarmRules.JoinsOpenAlarm(last, last.AddMinutes(5).AddSeconds(1)));
    }

    [Fact]
    public void Only_drugs_damage_and_syringes_enter_the_picture()
    {
        Assert.Equal(Observations.ObservationCategory.Syringes, AlarmRules.ObservationOf(AlarmOutcome.SyringesFound));
        Assert.Equal(Observations.ObservationCategory.Vandalism, AlarmRules.ObservationOf(AlarmOutcome.Vandalism));
        Assert.NotNull(AlarmRules.ObservationOf(AlarmOutcome.DrugActivity));
        Assert.Null(AlarmRules.ObservationOf(AlarmOutcome.FalseAlarm));
        Assert.Null(AlarmRules.ObservationOf(AlarmOutcome.PeopleMovedOn));
    }

    [Fact]
    public void Escalation_goes_to_the_next_guard_and_then_the_control_room()
    {
        int[] guards = [7, 9, 11];
        Assert.Equal(new Escalation.Target.Guard(7), Escalation.At(0, guards));
        Assert.Equal(new Escalation.Target.Guard(9), Escalation.At(1, guards));
        Assert.IsType<Escalation.Target.ControlRoom>(Escalation.At(2, guards));
        Assert.False(Escalation.HasNext(2, guards));
        Assert.IsType<Escalation.Target.ControlRoom>(Escalation.At(1, [7]));
        Assert.IsType<Escalation.Target.ControlRoom>(Escalation.At(0, []));
    }
}
