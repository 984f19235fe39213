using CsCheck;
using Lagesbild.Core.Indicators;
using Lagesbild.Core.Scenes;

namespace Lagesbild.Core.Tests.Indicators;

public class SceneFlowsTests
{
    private static readonly TermOfOffice Term2022 = new(2022);
    private static readonly DateOnly Today = new(2026, 11, 27);

    private static DateTimeOffset On(int year, int month, int day) => new(year, month, day, 10, 0, 0, TimeSpan.Zero);

    private static StatusChange At(SceneStatus status, DateTimeOffset at) => new(status, at);

    [Fact]
    public void A_term_counts_new_ceased_and_net_with_merges_and_splits_apart()
    {
        var merge = On(2024, 6, 1);
        var split = On(2025, 2, 1);
        SceneCourse[] scenes =
        [
            new([At(SceneStatus.Active, On(2020, 1, 1))]),                                                   // A: active throughout
            new([At(SceneStatus.Active, On(2021, 5, 1)), At(SceneStatus.Ceased, On(2024, 3, 1))]),         // B: ceased
            new([At(SceneStatus.Active, On(2023, 1, 1))]),                                                   // C: new
            new([At(SceneStatus.Active, On(2020, 6, 1)), At(SceneStatus.Ceased, merge)], EndedByLineage: merge),   // D: merged into A
            new([At(SceneStatus.Active, On(2019, 3, 1)), At(SceneStatus.Ceased, split)], EndedByLineage: split),   // E: split into F and G
            new([At(SceneStatus.Active, split)], BornOfLineage: split),                                     // F
            new([At(SceneStatus.Active, split)], BornOfLineage: split),                                     // G
            new([At(SceneStatus.Suspected, On(2023, 3, 1)), At(SceneStatus.Active, On(2023, 4, 1)),
                 At(SceneStatus.Ceased, On(2024, 1, 1)), At(SceneStatus.Reopened, On(2025, 1, 1))]),       // H: new twice, ceased once
        ];

        var flow = SceneFlows.Of(scenes, Term2022, Today);

        // At 2022-10-15: A, B, D, E. At 2026-10-15: A, C, F, G, H.
        Assert.Equal((4, 5), (flow.AtStart, flow.AtEnd));
        // New: C, and H twice; ceased: B, and H once. D's merge and E's split into F and G are redrawn: -1 - 1 + 2 = 0.
        Assert.Equal((3, 2, 1, 0), (flow.New, flow.Ceased, flow.Net, flow.Redrawn));
        Assert.False(flow.Ongoing);
        Assert.Equal(new DateOnly(2026, 10, 15), flow.To);
    }

    [Fact]
    public void A_merge_lowers_the_count_by_one_without_a_ceased_scene()
    {
        var merge = On(2027, 2, 1);
        SceneCourse[] scenes =
        [
            new([At(SceneStatus.Active, On(2025, 1, 1))]),
            new([At(SceneStatus.Active, On(2025, 2, 1)), At(SceneStatus.Ceased, merge)], EndedByLineage: merge),
        ];

        var flow = SceneFlows.Of(scenes, new TermOfOffice(2026), new DateOnly(2027, 3, 1));

        Assert.True(flow.Ongoing);
        Assert.Equal((2, 1, 0, 0, 0, -1), (flow.AtStart, flow.AtEnd, flow.New, flow.Ceased, flow.Net, flow.Redrawn));
    }

    [Fact]
    public void A_scene_ceased_on_another_day_than_its_merge_counts_as_ceased()
    {
        // The lineage is an instant: a scene that ceased a week before it was merged really ceased.
        SceneCourse[] scenes = [new([At(SceneStatus.Active, On(2021, 1, 1)), At(SceneStatus.Ceased, On(2024, 1, 1))], EndedByLineage: On(2024, 1, 8))];

        var flow = SceneFlows.Of(scenes, Term2022, Today);

        Assert.Equal((0, 1, -1, 0), (flow.New, flow.Ceased, flow.Net, flow.Redrawn));
    }

    [Fact]
    public void A_part_split_from_a_suspected_scene_that_becomes_active_later_is_new()
    {
        var split = On(2023, 5, 1);
        SceneCourse[] scenes = [new([At(SceneStatus.Suspected, split), At(SceneStatus.Active, On(2023, 9, 1))], BornOfLineage: split)];

        var flow = SceneFlows.Of(scenes, Term2022, Today);

        Assert.Equal((1, 0, 1, 0), (flow.New, flow.Ceased, flow.Net, flow.Redrawn));
    }

    [Fact]
    public void Per_term_gives_each_term_from_the_first_to_today()
    {
        SceneCourse[] scenes = [new([At(SceneStatus.Active, On(2016, 1, 1)), At(SceneStatus.Ceased, On(2020, 1, 1))])];

        var flows = SceneFlows.PerTerm(scenes, new DateOnly(2015, 1, 1), Today);

        Assert.Equal([2014, 2018, 2022, 2026], flows.Select(f => f.Term.ElectionYear));
        Assert.Equal([1, 0, 0, 0], flows.Select(f => f.New));
        Assert.Equal([0, 1, 0, 0], flows.Select(f => f.Ceased));
        Assert.Equal(Today, flows[^1].To);
    }

    [Fact]
    public void The_change_in_the_count_is_always_net_plus_redrawn()
    {
        var statuses = Gen.Enum<SceneStatus>();
        var change = Gen.Select(statuses, Gen.Int[0, 4000], Gen.Bool, Gen.Bool)
            .Select((status, days, born, ended) => (Change: At(status, On(2020, 1, 1).AddDays(days)), Born: born, Ended: ended));
        var course = change.Array[1, 6].Select(changes =>
        {
            var ordered = changes.OrderBy(c => c.Change.At).ToArray();
            return new SceneCourse(
                [.. ordered.Select(c => c.Change)],
                ordered[0].Born ? ordered[0].Change.At : null,
                ordered[^1].Ended ? ordered[^1].Change.At : null);
        });
        course.Array[0, 12].Sample(scenes =>
        {
            var flow = SceneFlows.Of(scenes, Term2022, Today);
            return flow.AtEnd - flow.AtStart == flow.Net + flow.Redrawn;
        });
    }
}
