using System.Collections.Concurrent;
using System.Diagnostics;
using Lagesbild.Core.Alarms;
using Lagesbild.Data;
using Lagesbild.Server.Features.Sites;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Alarms;

/// <summary>Builds alarms as the console shows them, with the site card a guard needs on the way there.</summary>
public sealed class AlarmViews(LagesbildDb db, ExposureService exposure, AlarmCardCache cards)
{
    /// <summary>How far to look for the nearest active scene.</summary>
    public const double SceneSearchMetres = 2000;

    /// <summary>Alarms as they stand, every card read afresh (what the API answers).</summary>
    public async Task<List<AlarmView>> ViewsAsync(IReadOnlyList<Alarm> alarms, CancellationToken ct)
    {
        var built = await CardsAsync(alarms, ct);
        return alarms.Select(a => View(a, built[a.Id])).ToList();
    }

    /// <summary>
    /// Alarms as events just stored left them, for the push: a card built in the last <see cref="AlarmCardCache.Keep"/>
    /// is used again (an open alarm's site, access notes and nearest scene do not change from one event to the
    /// next), with the camera link of the latest of those events that had one.
    /// </summary>
    public async Task<List<AlarmView>> ViewsForPushAsync(IReadOnlyList<Alarm> alarms, IReadOnlyDictionary<long, (string Url, DateTimeOffset At)> latestMedia, CancellationToken ct)
    {
        var found = new Dictionary<long, AlarmSiteCard>();
        var missing = new List<Alarm>();
        foreach (var alarm in alarms)
        {
            if (cards.Find(alarm.Id) is { } card)
                found[alarm.Id] = card;
            else
                missing.Add(alarm);
        }
        foreach (var (id, card) in await CardsAsync(missing, ct))
            cards.Remember(id, found[id] = card);
        return alarms.Select(a =>
        {
            var card = found[a.Id];
            if (latestMedia.TryGetValue(a.Id, out var media) && media.Url != card.MediaUrl)
                card = cards.Update(a.Id, card with { MediaUrl = media.Url }, media.At) ?? card;
            return View(a, card);
        }).ToList();
    }

    private async Task<Dictionary<long, AlarmSiteCard>> CardsAsync(IReadOnlyList<Alarm> alarms, CancellationToken ct)
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
        return alarms.ToDictionary(a => a.Id, a =>
        {
            var nearest = ExposureService.NearbyOf(a.Site!, active, SceneSearchMetres).FirstOrDefault();
            return new AlarmSiteCard(
                a.Site!.Location.Y, a.Site.Location.X, a.Site.Yard,
                string.Join(" ", notes.Where(n => n.SiteId == a.SiteId).Select(n => n.AccessNotes).Distinct()) is { Length: > 0 } text ? text : null,
                media.FirstOrDefault(m => m.AlarmId == a.Id)?.MediaUrl,
                nearest?.Scene.Scene.Name, nearest is null ? null : Math.Round(nearest.DistanceMetres));
        });
    }

    private static AlarmView View(Alarm a, AlarmSiteCard card) => new(
        a.Id, a.SiteId, a.Site!.Name, card, a.Status, a.OpenedAt, a.LastEventAt, a.EventCount, a.EscalationLevel, a.AssignedName, a.AcknowledgeBy,
        a.Outcome, a.Note, a.ObservationId,
        a.Timeline.OrderBy(t => t.At).ThenBy(t => t.Id).Select(t => new AlarmEntryView(t.At, t.Action, t.ByName, t.Detail)).ToList(),
        AlarmRules.IsOpen(a.Status), AlarmRules.GuardActions(a.Status));
}

/// <summary>Site cards of open alarms, kept a short while for the pushes of the events that keep coming in.</summary>
public sealed class AlarmCardCache
{
    public static readonly TimeSpan Keep = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<long, Entry> _cards = new();

    /// <summary>A card, until when it is kept, and when the event happened whose camera link it shows (if it was set from one).</summary>
    private sealed record Entry(AlarmSiteCard Card, long Until, DateTimeOffset? MediaAt);

    public AlarmSiteCard? Find(long alarmId) =>
        _cards.TryGetValue(alarmId, out var known) && Stopwatch.GetTimestamp() < known.Until ? known.Card : null;

    public void Remember(long alarmId, AlarmSiteCard card)
    {
        if (_cards.Count > 10_000)
        {
            foreach (var stale in _cards.Where(c => Stopwatch.GetTimestamp() >= c.Value.Until).Select(c => c.Key).ToList())
                _cards.TryRemove(stale, out _);
        }
        _cards[alarmId] = new Entry(card, Expiry.From(Keep), null);
    }

    /// <summary>
    /// A camera link from an event that happened at <paramref name="at"/>: kept (without making the card any
    /// younger) unless the card shows a later event's link. Answers the card that is now kept, or null if unchanged.
    /// </summary>
    public AlarmSiteCard? Update(long alarmId, AlarmSiteCard card, DateTimeOffset at)
    {
        if (!_cards.TryGetValue(alarmId, out var known) || known.MediaAt > at)
            return null;
        _cards[alarmId] = new Entry(card, known.Until, at);
        return card;
    }
}
