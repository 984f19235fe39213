using Lagesbild.Core.Indicators;
using Lagesbild.Core.Scenes;

namespace Lagesbild.Core.Tests.Indicators;

public class ActiveScenesTests
{
    private static StatusChange At(SceneStatus status, int year, int month, int day) =>
        new(status, new DateTimeOffset(year, month, day, 10, 0, 0, TimeSpan.Zero));

    // A: suspected, then active, declining and ceased.
    private static readonly StatusChange[] SceneA =
    [
        At(SceneStatus.Suspected, 2025, 12, 10),
        At(SceneStatus.Active, 2026, 1, 15),
        At(SceneStatus.Declining, 2026, 3, 10),
        At(SceneStatus.Ceased, 2026, 4, 20),
    ];

    // B: active, ceased, reopened.
    private static readonly StatusChange[] SceneB =
    [
        At(SceneStatus.Active, 2025, 11, 1),
        At(SceneStatus.Ceased, 2026, 2, 15),
        At(SceneStatus.Reopened, 2026, 3, 20),
    ];

    // C: only ever suspected.
    private static readonly StatusChange[] SceneC = [At(SceneStatus.Suspected, 2026, 1, 5)];

    private static readonly IReadOnlyList<IReadOnlyList<StatusChange>> Scenes = [SceneA, SceneB, SceneC];

    [Fact]
    public void Series_counts_active_scenes_at_the_start_of_each_month()
    {
        var series = ActiveScenes.Series(Scenes, new DateOnly(2026, 1, 1), new DateOnly(2026, 5, 1), Interval.Month);

        Assert.Equal(
            [
                new CountAt(new DateOnly(2026, 1, 1), 1), // B
                new CountAt(new DateOnly(2026, 2, 1), 2), // A, B
                new CountAt(new DateOnly(2026, 3, 1), 1), // A (B ceased)
                new CountAt(new DateOnly(2026, 4, 1), 2), // A declining, B reopened
                new CountAt(new DateOnly(2026, 5, 1), 1), // B (A ceased)
            ],
            series);
    }

    [Fact]
    public void Series_by_quarter_and_year()
    {
        var quarters = ActiveScenes.Series(Scenes, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), Interval.Quarter);
        var years = ActiveScenes.Series(Scenes, new DateOnly(2024, 6, 1), new DateOnly(2026, 6, 1), Interval.Year);

        Assert.Equal([new DateOnly(2026, 1, 1), new DateOnly(2026, 4, 1), new DateOnly(2026, 7, 1), new DateOnly(2026, 10, 1)], quarters.Select(p => p.At));
        Assert.Equal([1, 2, 1, 1], quarters.Select(p => p.Count));
        Assert.Equal([new CountAt(new DateOnly(2024, 6, 1), 0), new CountAt(new DateOnly(2025, 6, 1), 0), new CountAt(new DateOnly(2026, 6, 1), 1)], years);
    }

    [Fact]
    public void Series_from_a_month_end_keeps_to_month_ends()
    {
        var series = ActiveScenes.Series([], new DateOnly(2026, 1, 31), new DateOnly(2026, 5, 31), Interval.Month);

        Assert.Equal(
            [new DateOnly(2026, 1, 31), new DateOnly(2026, 2, 28), new DateOnly(2026, 3, 31), new DateOnly(2026, 4, 30), new DateOnly(2026, 5, 31)],
            series.Select(p => p.At));
    }

    [Fact]
    public void Series_is_empty_when_from_is_after_to_and_capped_at_MaxPoints()
    {
        Assert.Empty(ActiveScenes.Series(Scenes, new DateOnly(2026, 2, 1), new DateOnly(2026, 1, 1), Interval.Month));
        Assert.Equal(ActiveScenes.MaxPoints, ActiveScenes.Series([], new DateOnly(1900, 1, 1), new DateOnly(2199, 12, 1), Interval.Month).Count);
    }

    [Fact]
    public void Compare_gives_the_change_from_start_to_end()
    {
        var up = ActiveScenes.Compare(Scenes, new DateOnly(2026, 1, 1), new DateOnly(2026, 4, 1));
        var down = ActiveScenes.Compare(Scenes, new DateOnly(2026, 2, 1), new DateOnly(2026, 5, 1));

        Assert.Equal(new PeriodChange(new DateOnly(2026, 1, 1), new DateOnly(2026, 4, 1), 1, 2), up);
        Assert.Equal(1, up.Change);
        Assert.Equal(2, down.AtStart);
        Assert.Equal(1, down.AtEnd);
        Assert.Equal(-1, down.Change);
    }

    [Fact]
    public void Reopened_counts_as_active_but_suspected_and_ceased_do_not()
    {
        Assert.Equal(1, ActiveScenes.CountAt([[At(SceneStatus.Ceased, 2026, 1, 1), At(SceneStatus.Reopened, 2026, 2, 1)]], new DateOnly(2026, 3, 1)));
        Assert.Equal(0, ActiveScenes.CountAt([[At(SceneStatus.Suspected, 2026, 1, 1)]], new DateOnly(2026, 3, 1)));
        Assert.Equal(0, ActiveScenes.CountAt([[At(SceneStatus.Active, 2026, 1, 1), At(SceneStatus.Ceased, 2026, 2, 1)]], new DateOnly(2026, 3, 1)));
        Assert.Equal(1, ActiveScenes.CountAt([[At(SceneStatus.Active, 2026, 1, 1), At(SceneStatus.Declining, 2026, 2, 1)]], new DateOnly(2026, 3, 1)));
    }

    [Fact]
    public void CountAt_is_taken_at_Stockholm_midnight_not_utc_midnight()
    {
        // 2026-03-31 22:00 UTC is 2026-04-01 00:00 CEST; 23:00 UTC is 01:00 CEST.
        var atLocalMidnight = new StatusChange(SceneStatus.Active, new DateTimeOffset(2026, 3, 31, 22, 0, 0, TimeSpan.Zero));
        var anHourLater = new StatusChange(SceneStatus.Active, new DateTimeOffset(2026, 3, 31, 23, 0, 0, TimeSpan.Zero));

        Assert.Equal(1, ActiveScenes.CountAt([[atLocalMidnight]], new DateOnly(2026, 4, 1)));
        Assert.Equal(0, ActiveScenes.CountAt([[anHourLater]], new DateOnly(2026, 4, 1)));
    }
}
