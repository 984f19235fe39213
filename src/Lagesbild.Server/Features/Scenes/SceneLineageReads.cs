using Lagesbild.Core.Access;
using Lagesbild.Core.Scenes;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Scenes;

/// <summary>What the scene page and GET /api/scenes/{id} show of a scene's lineage, area history and proposals.</summary>
public static class SceneLineageReads
{
    public static async Task<SceneLineageView> OfAsync(LagesbildDb db, Scene scene, CurrentUser user, CancellationToken ct)
    {
        var links = await db.SceneLinks.AsNoTracking().Where(l => l.FromSceneId == scene.Id || l.ToSceneId == scene.Id).OrderBy(l => l.At).ThenBy(l => l.Id).ToListAsync(ct);
        var otherIds = links.Select(l => l.FromSceneId == scene.Id ? l.ToSceneId : l.FromSceneId).Distinct().ToList();
        var names = await db.Scenes.AsNoTracking().Where(s => otherIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var entries = links.Select(l => l.FromSceneId == scene.Id
                ? new LineageEntry(l.Kind == LineageKind.Merge ? "mergedInto" : "splitInto", l.ToSceneId, names.GetValueOrDefault(l.ToSceneId, ""), l.At, l.ByName)
                : new LineageEntry(l.Kind == LineageKind.Merge ? "mergedFrom" : "splitFrom", l.FromSceneId, names.GetValueOrDefault(l.FromSceneId, ""), l.At, l.ByName))
            .ToList();

        var outlines = await db.SceneAreas.AsNoTracking().Where(a => a.SceneId == scene.Id).OrderBy(a => a.From).ThenBy(a => a.Id).ToListAsync(ct);
        var areas = outlines.Select((a, i) => new AreaEntry(a.From, i + 1 < outlines.Count ? outlines[i + 1].From : null, a.Reason, a.ByName, PolygonGeometry.From(a.Area))).ToList();

        var proposals = await db.SceneStatusProposals.AsNoTracking().Where(p => p.SceneId == scene.Id).OrderByDescending(p => p.ProposedAt).ThenByDescending(p => p.Id).ToListAsync(ct);
        var party = await PartyOfAsync(db, user, ct);
        var keepsRegister = Permissions.CanEditScenes(user.Roles);
        var views = proposals.Select(p => View(p, p.State == ProposalState.Pending
            && StatusConfirmation.CheckDecider(p.ConfirmingParty, keepsRegister, party, user.OrganisationId, p.ProposedByOrganisationId) is null)).ToList();
        return new SceneLineageView(links.Any(l => l.FromSceneId == scene.Id), entries, areas, views);
    }

    public static ProposalView View(SceneStatusProposal p, bool mayDecide) => new(
        p.Id, p.Status, p.At, p.Reason, p.ConfirmingParty, p.ProposedByName, p.ProposedAt, p.State, p.DecidedByName, p.DecidedAt, p.DecisionNote, mayDecide);

    public static async Task<Party> PartyOfAsync(LagesbildDb db, CurrentUser user, CancellationToken ct) =>
        await db.Organisations.AsNoTracking().Where(o => o.Id == user.OrganisationId).Select(o => (OrganisationKind?)o.Kind).SingleOrDefaultAsync(ct) is { } kind
            ? StatusConfirmation.PartyOf(kind)
            : Party.None;

    /// <summary>Whether a merge or split has ended the scene.</summary>
    public static Task<bool> EndedAsync(LagesbildDb db, int sceneId, CancellationToken ct) => db.SceneLinks.AnyAsync(l => l.FromSceneId == sceneId, ct);
}

public static class SceneAudit
{
    /// <summary>The audit entry of a change to the register (merge, split, a proposal and its decision), Internal like the scene.</summary>
    public static void AddSceneChange(this AuditTrail audit, CurrentUser user, string action, int sceneId, string detail) =>
        audit.Add(user, action, nameof(Scene), sceneId.ToString(System.Globalization.CultureInfo.InvariantCulture), Core.Observations.Classification.Internal, detail: detail);
}
