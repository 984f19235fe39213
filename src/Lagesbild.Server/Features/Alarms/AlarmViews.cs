using Lagesbild.Data;
using Lagesbild.Server.Features.Sites;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Alarms;

/// <summary>Builds alarms as the console shows them, with the site card a guard needs on the way there.</summary>
public sealed class AlarmViews(LagesbildDb db, ExposureService exposure)
{
    /// <summary>How far to look for the nearest active scene.</summary>
    public const double SceneSearchMetres = 2000;

    public async Task<List<AlarmView>> ViewsAsync(IReadOnlyList<Alarm> alarms, CancellationToken ct)
    {
        if (alarms.Count == 0)
            return [];
        var siteIds = alarms.Select(a => a.SiteId).Distinct().ToList();
        var alarmIds = alarms.Select(a => a.Id).ToList();
        var notes = await db.Sensors.AsNoTracking().Where(s => siteIds.Contains(s.SiteId) && s.AccessNotes != null)
            .Select(s => new { s.SiteId, s.AccessNotes }).ToListAsync(ct);
        var media = await db.SensorEvents.AsNoTracking().Where(e => e.AlarmId != null && alarmIds.Contains(e.AlarmId.Value) && e.MediaUrl != null)
            .OrderByDescending(e => e.OccurredAt).Select(e => new { AlarmId = e.AlarmId!.Value, e.MediaUrl }).ToListAsync(ct);
        var active = await exposure.ActiveScenesAsync(ct);
        return alarms.Select(a =>
        {
            var nearest = ExposureService.NearbyOf(a.Site!, active, SceneSearchMetres).FirstOrDefault();
            var card = new AlarmSiteCard(
                a.Site!.Location.Y, a.Site.Location.X, a.Site.Yard,
                string.Join(" ", notes.Where(n => n.SiteId == a.SiteId).Select(n => n.AccessNotes).Distinct()) is { Length: > 0 } text ? text : null,
                media.FirstOrDefault(m => m.AlarmId == a.Id)?.MediaUrl,
                nearest?.Scene.Scene.Name, nearest is null ? null : Math.Round(nearest.DistanceMetres));
            return new AlarmView(
                a.Id, a.SiteId, a.Site.Name, card, a.Status, a.OpenedAt, a.LastEventAt, a.EventCount, a.EscalationLevel, a.AssignedName, a.AcknowledgeBy,
                a.Outcome, a.Note, a.ObservationId,
                a.Timeline.OrderBy(t => t.At).ThenBy(t => t.Id).Select(t => new AlarmEntryView(t.At, t.Action, t.ByName, t.Detail)).ToList());
        }).ToList();
    }
}
