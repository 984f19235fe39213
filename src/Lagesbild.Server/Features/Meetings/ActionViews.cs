using Lagesbild.Core.Meetings;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Districts;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Meetings;

/// <summary>Actions as a reader sees them: with the names of their owner, scene, site, measure and area, and their history.</summary>
public sealed class ActionViews(LagesbildDb db, DistrictCatalog districts, TimeProvider time)
{
    public const string City = "Stockholm";

    /// <summary>A record's id as the audit log names it.</summary>
    public static string Key(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string AreaName(int? districtId, string? borough) => districts.NameOf(districtId) ?? borough ?? City;

    public async Task<List<ActionView>> ViewsAsync(IReadOnlyCollection<AgreedAction> actions, CancellationToken ct)
    {
        var organisationIds = actions.Select(a => a.OwnerOrganisationId).Distinct().ToList();
        var sceneIds = actions.Select(a => a.SceneId).OfType<int>().Distinct().ToList();
        var siteIds = actions.Select(a => a.SiteId).OfType<int>().Distinct().ToList();
        var measureIds = actions.Select(a => a.MeasureId).OfType<int>().Distinct().ToList();
        var organisations = await db.Organisations.AsNoTracking().Where(o => organisationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var scenes = await db.Scenes.AsNoTracking().Where(s => sceneIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var sites = await db.Sites.AsNoTracking().Where(s => siteIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var measures = await db.Measures.AsNoTracking().Where(m => measureIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Title, ct);
        var now = time.GetUtcNow();
        return actions.Select(a => new ActionView(a.Id, a.Text, a.OwnerOrganisationId, organisations.GetValueOrDefault(a.OwnerOrganisationId) ?? "?", a.Due, a.Status,
            a.Status == ActionStatus.Open && MeetingRules.IsOverdue(a.Due, now),
            a.SceneId, a.SceneId is { } scene ? scenes.GetValueOrDefault(scene) : null,
            a.SiteId, a.SiteId is { } site ? sites.GetValueOrDefault(site) : null,
            a.MeasureId, a.MeasureId is { } measure ? measures.GetValueOrDefault(measure) : null,
            a.MeetingId, a.DecisionId, AreaName(a.DistrictId, a.Borough), a.CreatedAt, a.UpdatedAt,
            a.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new ActionStepView(h.Status, h.Note, h.At, h.ByName)).ToList())).ToList();
    }
}

public static class AuditedWrites
{
    /// <summary>
    /// Saves a new record and its audit entry in one transaction: the entry names the record's id, which exists only
    /// after the first save, and neither is kept without the other.
    /// </summary>
    public static async Task SaveAuditedAsync(this LagesbildDb db, AuditTrail audit, Action addEntry, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        addEntry();
        await audit.SaveAsync(ct);
        await transaction.CommitAsync(ct);
    }
}
