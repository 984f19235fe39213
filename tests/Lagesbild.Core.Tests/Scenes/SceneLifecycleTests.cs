using Lagesbild.Core.Scenes;
using Lagesbild.Core.Validation;

namespace Lagesbild.Core.Tests.Scenes;

public class SceneLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 20, 12, 0, 0, TimeSpan.Zero);

    private static readonly HashSet<(SceneStatus, SceneStatus)> Allowed =
    [
        (SceneStatus.Suspected, SceneStatus.Active),
        (SceneStatus.Suspected, SceneStatus.Ceased),
        (SceneStatus.Active, SceneStatus.Declining),
        (SceneStatus.Active, SceneStatus.Ceased),
        (SceneStatus.Declining, SceneStatus.Active),
        (SceneStatus.Declining, SceneStatus.Ceased),
        (SceneStatus.Ceased, SceneStatus.Reopened),
        (SceneStatus.Reopened, SceneStatus.Active),
        (SceneStatus.Reopened, SceneStatus.Declining),
        (SceneStatus.Reopened, SceneStatus.Ceased),
    ];

    public static TheoryData<SceneStatus, SceneStatus, bool> AllMoves()
    {
        var data = new TheoryData<SceneStatus, SceneStatus, bool>();
        foreach (var from in Enum.GetValues<SceneStatus>())
        {
            foreach (var to in Enum.GetValues<SceneStatus>())
                data.Add(from, to, Allowed.Contains((from, to)));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllMoves))]
    public void CanMove_allows_only_the_lifecycle_transitions(SceneStatus from, SceneStatus to, bool allowed)
    {
        Assert.Equal(allowed, SceneLifecycle.CanMove(from, to));
    }

    [Theory]
    [InlineData(SceneStatus.Suspected, false)]
    [InlineData(SceneStatus.Active, true)]
    [InlineData(SceneStatus.Declining, true)]
    [InlineData(SceneStatus.Ceased, false)]
    [InlineData(SceneStatus.Reopened, true)]
    public void IsActive_counts_active_declining_and_reopened(SceneStatus status, bool active)
    {
        Assert.Equal(active, SceneLifecycle.IsActive(status));
    }

    [Theory]
    [InlineData(SceneStatus.Suspected)]
    [InlineData(SceneStatus.Active)]
    [InlineData(SceneStatus.Ceased)]
    public void CheckChange_accepts_any_first_entry(SceneStatus status)
    {
        Assert.Null(SceneLifecycle.CheckChange([], status, Now.AddDays(-30), Now));
    }

    [Fact]
    public void CheckChange_refuses_a_date_in_the_future()
    {
        Assert.Equal(
            new Refusal("at", RefusalCodes.InFuture, "A status change cannot be dated in the future."),
            SceneLifecycle.CheckChange([], SceneStatus.Active, Now.AddHours(1), Now));
        Assert.Equal(
            ("statusAt", RefusalCodes.InFuture),
            SceneLifecycle.CheckChange([new StatusChange(SceneStatus.Suspected, Now.AddDays(-1))], SceneStatus.Active, Now.AddMinutes(6), Now, "statusAt") is { } r ? (r.Field, r.Code) : default);
    }

    [Fact]
    public void CheckChange_allows_a_few_minutes_of_clock_skew()
    {
        Assert.Null(SceneLifecycle.CheckChange([], SceneStatus.Active, Now.AddMinutes(4), Now));
    }

    [Fact]
    public void CheckChange_refuses_a_date_before_the_latest_change()
    {
        var history = new[] { new StatusChange(SceneStatus.Suspected, Now.AddDays(-10)), new StatusChange(SceneStatus.Active, Now.AddDays(-5)) };

        var error = SceneLifecycle.CheckChange(history, SceneStatus.Declining, Now.AddDays(-6), Now);

        Assert.Equal("A status change must come after the latest one (Active at 2026-05-15 12:00 UTC).", error?.Message);
        Assert.Equal(("at", RefusalCodes.BeforeLatest), (error!.Field, error.Code));
    }

    [Fact]
    public void CheckChange_names_the_latest_change_in_utc_whatever_its_offset()
    {
        var history = new[] { new StatusChange(SceneStatus.Active, new DateTimeOffset(2026, 5, 15, 14, 0, 0, TimeSpan.FromHours(2))) };

        var error = SceneLifecycle.CheckChange(history, SceneStatus.Declining, Now.AddDays(-6), Now);

        Assert.Equal("A status change must come after the latest one (Active at 2026-05-15 12:00 UTC).", error?.Message);
        Assert.Equal(("at", RefusalCodes.BeforeLatest), (error!.Field, error.Code));
    }

    [Fact]
    public void CheckChange_accepts_the_same_instant_as_the_latest_change()
    {
        var history = new[] { new StatusChange(SceneStatus.Active, Now.AddDays(-5)) };

        Assert.Null(SceneLifecycle.CheckChange(history, SceneStatus.Declining, Now.AddDays(-5), Now));
    }

    [Fact]
    public void CheckChange_refuses_a_transition_the_lifecycle_does_not_allow()
    {
        var history = new[] { new StatusChange(SceneStatus.Suspected, Now.AddDays(-10)) };

        var declining = SceneLifecycle.CheckChange(history, SceneStatus.Declining, Now, Now);
        Assert.Equal("A scene that is Suspected cannot become Declining.", declining?.Message);
        Assert.Equal(("status", RefusalCodes.NotAllowed), (declining!.Field, declining.Code));
        Assert.Equal([SceneStatus.Suspected, SceneStatus.Declining], declining.Args!);
        Assert.Equal("A scene that is Suspected cannot become Suspected.", SceneLifecycle.CheckChange(history, SceneStatus.Suspected, Now, Now)?.Message);
    }

    [Fact]
    public void CheckChange_accepts_an_allowed_transition_in_order()
    {
        var history = new[] { new StatusChange(SceneStatus.Active, Now.AddDays(-10)), new StatusChange(SceneStatus.Ceased, Now.AddDays(-5)) };

        Assert.Null(SceneLifecycle.CheckChange(history, SceneStatus.Reopened, Now.AddDays(-1), Now));
    }

    [Fact]
    public void StatusAt_follows_the_history_in_time_order()
    {
        var jan = new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);
        var feb = new DateTimeOffset(2026, 2, 1, 10, 0, 0, TimeSpan.Zero);
        var mar = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        // Given out of order on purpose.
        var history = new[] { new StatusChange(SceneStatus.Active, feb), new StatusChange(SceneStatus.Ceased, mar), new StatusChange(SceneStatus.Suspected, jan) };

        Assert.Null(SceneLifecycle.StatusAt(history, jan.AddTicks(-1)));
        Assert.Equal(SceneStatus.Suspected, SceneLifecycle.StatusAt(history, jan));
        Assert.Equal(SceneStatus.Suspected, SceneLifecycle.StatusAt(history, feb.AddTicks(-1)));
        Assert.Equal(SceneStatus.Active, SceneLifecycle.StatusAt(history, feb));
        Assert.Equal(SceneStatus.Ceased, SceneLifecycle.StatusAt(history, mar.AddDays(100)));

        Assert.False(SceneLifecycle.IsActiveAt(history, jan.AddTicks(-1)));
        Assert.False(SceneLifecycle.IsActiveAt(history, jan.AddDays(1)));
        Assert.True(SceneLifecycle.IsActiveAt(history, feb.AddDays(1)));
        Assert.False(SceneLifecycle.IsActiveAt(history, mar.AddDays(1)));
    }

    [Fact]
    public void StatusAt_of_an_empty_history_is_null()
    {
        Assert.Null(SceneLifecycle.StatusAt([], Now));
        Assert.False(SceneLifecycle.IsActiveAt([], Now));
    }
}
