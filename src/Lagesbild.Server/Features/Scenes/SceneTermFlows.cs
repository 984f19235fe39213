using Lagesbild.Core.Indicators;
using Lagesbild.Core.Scenes;
using Lagesbild.Data;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Scenes;

/// <summary>One term's flows of scenes; <c>atEnd - atStart = net + redrawn</c>.</summary>
public sealed record TermFlowView(string Term, DateOnly From, DateOnly To, bool Ongoing, int AtStart, int AtEnd, int New, int Ceased, int Net, int Redrawn);

/// <summary>New, ceased and net scenes per term of office, and the goal (zero) they are measured against.</summary>
public sealed record TermFlowsResponse(IReadOnlyList<TermFlowView> Terms, int Goal);

/// <summary>Reads every scene's course (history and lineage) for the counts per term (SceneFlows in the core).</summary>
public sealed class SceneTermFlows(LagesbildDb db)
{
    public async Task<TermFlowsResponse> ReadAsync(DateOnly from, DateOnly today, CancellationToken ct)
    {
        var histories = await db.SceneStatusEntries.AsNoTracking().OrderBy(h => h.SceneId).ThenBy(h => h.At).ThenBy(h => h.Id)
            .Select(h => new { h.SceneId, h.Status, h.At }).ToListAsync(ct);
        var links = await db.SceneLinks.AsNoTracking().Select(l => new { l.FromSceneId, l.ToSceneId, l.Kind, l.At }).ToListAsync(ct);
        var ended = links.GroupBy(l => l.FromSceneId).ToDictionary(g => g.Key, g => g.Min(l => l.At));
        var born = links.Where(l => l.Kind == LineageKind.Split).GroupBy(l => l.ToSceneId).ToDictionary(g => g.Key, g => g.Min(l => l.At));
        var courses = histories.GroupBy(h => h.SceneId)
            .Select(g => new SceneCourse(
                g.Select(h => new StatusChange(h.Status, h.At)).ToList(),
                born.TryGetValue(g.Key, out var b) ? b : null,
                ended.TryGetValue(g.Key, out var e) ? e : null))
            .ToList();
        var flows = SceneFlows.PerTerm(courses, from, today)
            .Select(f => new TermFlowView(f.Term.Label, f.From, f.To, f.Ongoing, f.AtStart, f.AtEnd, f.New, f.Ceased, f.Net, f.Redrawn))
            .ToList();
        return new TermFlowsResponse(flows, TermFlow.Goal);
    }
}
