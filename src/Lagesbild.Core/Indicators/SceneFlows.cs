using Lagesbild.Core.Scenes;
using Lagesbild.Core.Time;

namespace Lagesbild.Core.Indicators;

/// <summary>
/// One scene's course for counting: its status history (ordered by time) and the instants a merge or split began or
/// ended it (null when it did not).
/// </summary>
public sealed record SceneCourse(IReadOnlyList<StatusChange> History, DateTimeOffset? BornOfLineage = null, DateTimeOffset? EndedByLineage = null);

/// <summary>
/// How a term went, in flows: scenes that arose (<see cref="New"/>) and that ended (<see cref="Ceased"/>), and the
/// change in the number of register entries that merges and splits made (<see cref="Redrawn"/>) without a place
/// arising or ending. <c>AtEnd - AtStart = Net + Redrawn</c> always.
/// </summary>
public sealed record TermFlow(TermOfOffice Term, DateOnly From, DateOnly To, bool Ongoing, int AtStart, int AtEnd, int New, int Ceased, int Redrawn)
{
    public int Net => New - Ceased;

    /// <summary>The city's goal: no open drug scenes; the dashboard draws it as a line.</summary>
    public const int Goal = 0;
}

/// <summary>
/// New, ceased and net scenes per term of office, with lineage taken into account. A scene becoming active counts as
/// new, and becoming inactive as ceased, unless it happened at the instant of a merge or split: a part split from an
/// active scene is not a new scene, and a scene merged into another has not ceased, its place lives on in the receiving
/// scene. Those entries and exits are counted apart, as redrawn.
/// </summary>
public static class SceneFlows
{
    public static IReadOnlyList<TermFlow> PerTerm(IReadOnlyList<SceneCourse> scenes, DateOnly from, DateOnly today) =>
        TermsOfOffice.Between(from, today).Select(term => Of(scenes, term, today)).ToList();

    /// <summary>A term's flows from its start to its end, or to today while it runs.</summary>
    public static TermFlow Of(IReadOnlyList<SceneCourse> scenes, TermOfOffice term, DateOnly today)
    {
        var ongoing = today < term.Ends;
        var to = ongoing ? today : term.Ends;
        var (start, end) = (Stockholm.StartOfDay(term.Starts), Stockholm.StartOfDay(to));
        int atStart = 0, atEnd = 0, arose = 0, ended = 0, redrawnIn = 0, redrawnOut = 0;
        foreach (var scene in scenes)
        {
            var active = SceneLifecycle.IsActiveAt(scene.History, start);
            if (active)
                atStart++;
            // Changes at one instant are one change: the last of them stands, as in SceneLifecycle.StatusAt.
            foreach (var instant in scene.History.Where(c => c.At > start && c.At <= end).GroupBy(c => c.At).OrderBy(g => g.Key))
            {
                var now = SceneLifecycle.IsActive(instant.Last().Status);
                if (now && !active)
                {
                    if (instant.Key == scene.BornOfLineage)
                        redrawnIn++;
                    else
                        arose++;
                }
                else if (!now && active)
                {
                    if (instant.Key == scene.EndedByLineage)
                        redrawnOut++;
                    else
                        ended++;
                }
                active = now;
            }
            if (active)
                atEnd++;
        }
        return new TermFlow(term, term.Starts, to, ongoing, atStart, atEnd, arose, ended, redrawnIn - redrawnOut);
    }
}
