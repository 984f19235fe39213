using System.Text.Json;
using System.Text.Json.Nodes;
using Lagesbild.Core.Alarms;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Residents;
using Lagesbild.Data;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Retention;

/// <summary>The batches of each type: what a row past its period loses, and what it keeps for the statistics.</summary>
public sealed partial class RetentionPass
{
    /// <summary>The reason on an observation's history when retention removed its text.</summary>
    public const string Reason = "gallring";

    private async Task<(int, int)> ResidentReportsAsync(DateTimeOffset cutoff, DateTimeOffset now, CancellationToken ct)
    {
        var closed = RequestStatus.ClosedOnes;
        // Closed, or handled and not waiting in the police's queue: a report someone still has to act on keeps its words.
        var due = await db.ServiceRequests.AsNoTracking()
            .Where(r => r.CulledAt == null && r.UpdatedAt < cutoff
                && (closed.Contains(r.Status) || r.TriagedAt != null)
                // Forwarding closes a report for the city, but it waits in the police's queue until they receive it.
                && (r.ForwardedTo == null || r.ReceivedAt != null))
            .OrderBy(r => r.Id).Take(Options.BatchSize)
            .Select(r => new { r.Id, r.CellKey })
            .ToListAsync(ct);
        var culled = 0;
        foreach (var request in due)
        {
            // The exact point goes to the centre of its 250 m cell, the same cell the public map counts it in.
            double? lat = null, lon = null, x = null, y = null;
            NetTopologySuite.Geometries.Point? location = null;
            if (request.CellKey is { } key)
            {
                var centre = GridCell.FromKey(key).Centre;
                var wgs84 = Sweref99Tm.Unproject(centre);
                (lat, lon, x, y) = (wgs84.Lat, wgs84.Lon, centre.X, centre.Y);
                location = PolygonInput.Wgs84.CreatePoint(new NetTopologySuite.Geometries.Coordinate(wgs84.Lon, wgs84.Lat));
            }
            var token = CulledToken();
            culled += await db.ServiceRequests
                .Where(r => r.Id == request.Id && r.CulledAt == null)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Description, (string?)null)
                    .SetProperty(r => r.MediaUrl, (string?)null)
                    .SetProperty(r => r.AddressString, (string?)null)
                    .SetProperty(r => r.Token, token)
                    .SetProperty(r => r.Lat, lat)
                    .SetProperty(r => r.Lon, lon)
                    .SetProperty(r => r.X, x)
                    .SetProperty(r => r.Y, y)
                    .SetProperty(r => r.Location, location)
                    .SetProperty(r => r.CulledAt, now), ct);
        }
        return (due.Count, culled);
    }

    private async Task<(int, int)> FindingsAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var due = await db.Findings.AsNoTracking()
            .Where(f => f.FoundAt < cutoff && (f.HasPhoto || f.Text != null))
            .OrderBy(f => f.Id).Take(Options.BatchSize).Select(f => f.Id).ToListAsync(ct);
        await db.FindingPhotos.Where(p => due.Contains(p.FindingId)).ExecuteDeleteAsync(ct);
        var culled = await db.Findings
            .Where(f => due.Contains(f.Id) && (f.HasPhoto || f.Text != null))
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.HasPhoto, false).SetProperty(f => f.Text, (string?)null), ct);
        return (due.Count, culled);
    }

    private async Task<(int, int)> SensorEventsAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        // An open alarm keeps its events until it is closed; the alarm keeps its count and timeline for good.
        var closed = Enum.GetValues<AlarmStatus>().Where(s => !AlarmRules.IsOpen(s)).ToArray();
        var due = await db.SensorEvents.AsNoTracking()
            .Where(e => e.ReceivedAt < cutoff && (e.AlarmId == null || db.Alarms.Any(a => a.Id == e.AlarmId && closed.Contains(a.Status))))
            .OrderBy(e => e.Id).Take(Options.BatchSize).Select(e => e.Id).ToListAsync(ct);
        var culled = await db.SensorEvents.Where(e => due.Contains(e.Id)).ExecuteDeleteAsync(ct);
        return (due.Count, culled);
    }

    /// <summary>Stills past their camera's retention (the register's, which may have changed since they were fetched).</summary>
    private async Task<(int, int)> CameraStillsAsync(DateTimeOffset now, CancellationToken ct)
    {
        var cameras = await db.Cameras.AsNoTracking().Where(c => db.AlarmSnapshots.Any(s => s.CameraId == c.Id))
            .Select(c => new { c.Id, c.RetentionDays }).ToListAsync(ct);
        var due = new List<long>();
        foreach (var camera in cameras)
        {
            var cutoff = now.AddDays(-camera.RetentionDays);
            due.AddRange(await db.AlarmSnapshots.AsNoTracking().Where(s => s.CameraId == camera.Id && s.FetchedAt < cutoff)
                .OrderBy(s => s.Id).Take(Options.BatchSize - due.Count).Select(s => s.Id).ToListAsync(ct));
            if (due.Count >= Options.BatchSize)
                break;
        }
        var culled = await db.AlarmSnapshots.Where(s => due.Contains(s.Id)).ExecuteDeleteAsync(ct);
        return (due.Count, culled);
    }

    private async Task<(int, int)> NotificationsAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var due = await db.Notifications.AsNoTracking()
            .Where(n => n.CreatedAt < cutoff)
            .OrderBy(n => n.Id).Take(Options.BatchSize).Select(n => n.Id).ToListAsync(ct);
        var culled = await db.Notifications.Where(n => due.Contains(n.Id)).ExecuteDeleteAsync(ct);
        return (due.Count, culled);
    }

    /// <summary>
    /// Removes an observation's text, and the text of its earlier versions, and records the change as a revision of
    /// its own (the revisions are what the picture index follows; the counts do not change).
    /// </summary>
    private async Task<(int, int)> ObservationTextsAsync(DateTimeOffset cutoff, DateTimeOffset now, CancellationToken ct)
    {
        var due = await db.Observations.AsNoTracking()
            // Also when a correction removed the text: its earlier versions may still hold words.
            .Where(o => o.CulledAt == null && o.ReportedAt < cutoff
                && (o.Text != null || db.ObservationRevisions.Any(r => r.ObservationId == o.Id && r.Kind != RevisionKind.Culled)))
            .OrderBy(o => o.Id).Take(Options.BatchSize)
            .ToListAsync(ct);
        var culled = 0;
        foreach (var o in due)
        {
            var changed = await db.Observations
                .Where(x => x.Id == o.Id && x.Version == o.Version && x.CulledAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Text, (string?)null).SetProperty(x => x.CulledAt, now).SetProperty(x => x.Version, o.Version + 1), ct);
            if (changed == 0)
                continue;
            db.ObservationRevisions.Add(new ObservationRevision
            {
                ObservationId = o.Id,
                Version = o.Version + 1,
                Kind = RevisionKind.Culled,
                At = now,
                ByName = "Gallring",
                Reason = Reason,
                // As it stood, less the words that retention removes, in the history's own shape.
                Before = new Observations.ObservationCorrections.RevisionDocument(Observations.ObservationValues.Of(o) with { Text = null }, null, null).ToJson(),
            });
            culled++;
        }
        var ids = due.Select(o => o.Id).ToList();
        foreach (var earlier in await db.ObservationRevisions.Where(r => ids.Contains(r.ObservationId) && r.Kind != RevisionKind.Culled).ToListAsync(ct))
            earlier.Before = WithoutText(earlier.Before);
        await db.SaveChangesAsync(ct);
        return (due.Count, culled);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>An earlier version as JSON with every "text" property emptied, wherever it sits.</summary>
    public static string WithoutText(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            // Not JSON: it cannot be told apart from the words themselves, so none of it stays.
            return "{}";
        }
        Strip(node);
        return node?.ToJsonString() ?? "{}";

        static void Strip(JsonNode? node)
        {
            if (node is JsonObject o)
            {
                foreach (var name in o.Select(p => p.Key).Where(k => string.Equals(k, "text", StringComparison.OrdinalIgnoreCase)).ToList())
                    o[name] = null;
                foreach (var (_, value) in o)
                    Strip(value);
            }
            else if (node is JsonArray a)
            {
                foreach (var item in a)
                    Strip(item);
            }
        }
    }

    /// <summary>
    /// Deletes the oldest entries past their period, in id order and only a run without a gap, and keeps the newest
    /// deleted one's hash as the chain's anchor in the same transaction, so the rest still verifies from there. A
    /// writer that read the deleted head links to that same hash, so no lock with the chain's writers is needed.
    /// </summary>
    private async Task<(int, int)> AuditAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var oldest = await db.AuditEntries.AsNoTracking()
            .OrderBy(a => a.Id).Take(Options.BatchSize)
            .Select(a => new { a.Id, a.At, a.Hash })
            .ToListAsync(ct);
        var due = oldest.TakeWhile(a => a.At < cutoff).ToList();
        if (due.Count == 0)
            return (0, 0);
        var last = due[^1];
        var culled = await db.AuditEntries.Where(a => a.Id <= last.Id).ExecuteDeleteAsync(ct);
        var anchor = await db.Settings.FirstOrDefaultAsync(s => s.Key == AuditChain.AnchorSetting, ct);
        if (anchor is null)
            db.Settings.Add(new Setting { Key = AuditChain.AnchorSetting, Value = last.Hash, UpdatedAt = time.GetUtcNow() });
        else
        {
            anchor.Value = last.Hash;
            anchor.UpdatedAt = time.GetUtcNow();
        }
        await db.SaveChangesAsync(ct);
        // A run cut short by a newer entry ends the type's pass: what follows is within its period.
        return (due.Count < oldest.Count ? 0 : due.Count, culled);
    }
}
