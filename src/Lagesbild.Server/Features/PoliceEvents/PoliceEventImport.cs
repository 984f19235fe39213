using Lagesbild.Core.PoliceEvents;
using Lagesbild.Data;
using Lagesbild.Server.Features.Districts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;

namespace Lagesbild.Server.Features.PoliceEvents;

/// <summary>
/// What one import did: events added, events already held (or repeated in the document), events of other places left
/// out, and entries that could not be read.
/// </summary>
public sealed record ImportResult(int Added, int Known, int Elsewhere, int Unreadable);

/// <summary>
/// Stores the municipality's events of a feed document, placed: once per police id, in one transaction under a lock,
/// so that the same events again, or two servers polling at once, change nothing. The highest police id stored is
/// the cursor: events above it are new without a look-up; those below it are looked up, since an event may be
/// published late.
/// </summary>
public sealed class PoliceEventImport(LagesbildDb db, DistrictCatalog catalog, IOptions<PoliceEventOptions> options, TimeProvider time)
{
    private const long ImportLock = 0x4C61_6750_6F6C_6963;

    public async Task<ImportResult> ImportAsync(FeedRead feed, CancellationToken ct)
    {
        var settings = options.Value;
        var mine = feed.Events
            .Where(e => string.Equals(e.LocationName, settings.Municipality, StringComparison.OrdinalIgnoreCase) && catalog.InServiceArea(e.Lon, e.Lat))
            .ToList();
        var ours = mine.DistinctBy(e => e.Id).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.LockAsync(ImportLock, ct);
        var cursor = await db.PoliceEvents.MaxAsync(p => (long?)p.PoliceId, ct) ?? 0;
        var older = ours.Where(e => e.Id <= cursor).Select(e => e.Id).ToList();
        var known = older.Count == 0 ? [] : await db.PoliceEvents.Where(p => older.Contains(p.PoliceId)).Select(p => p.PoliceId).ToListAsync(ct);
        var fresh = ours.Where(e => e.Id > cursor || !known.Contains(e.Id)).ToList();
        if (fresh.Count > 0)
        {
            var names = new DistrictNames(catalog.All.Select(d => (d.Id, d.Name)));
            var centres = await DistrictCentresAsync(ct);
            var now = time.GetUtcNow();
            db.PoliceEvents.AddRange(fresh.Select(e => Placed(e, names.Place(e.Summary, e.Name, e.Lat, e.Lon, settings.CentreLat, settings.CentreLon), centres, now)));
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return new ImportResult(fresh.Count, mine.Count - fresh.Count, feed.Events.Count - mine.Count, feed.Unreadable);
    }

    private static PoliceEvent Placed(FeedEvent e, Placed placed, Dictionary<int, Point> centres, DateTimeOffset now)
    {
        var (lat, lon) = placed.DistrictId is { } id && centres.TryGetValue(id, out var centre) ? (centre.Y, centre.X) : (e.Lat, e.Lon);
        return new PoliceEvent
        {
            PoliceId = e.Id,
            At = e.At,
            Name = e.Name,
            Summary = e.Summary,
            Url = e.Url,
            Type = e.Type,
            LocationName = e.LocationName,
            FeedLat = e.Lat,
            FeedLon = e.Lon,
            Lat = Math.Round(lat, 6),
            Lon = Math.Round(lon, 6),
            Placement = placed.Placement,
            DistrictId = placed.DistrictId,
            NamedAs = placed.NamedAs,
            ImportedAt = now,
        };
    }

    /// <summary>A point inside each district (its interior point, which a centroid of an odd shape may not be).</summary>
    private async Task<Dictionary<int, Point>> DistrictCentresAsync(CancellationToken ct) =>
        (await db.Districts.AsNoTracking().Select(d => new { d.Id, d.Area }).ToListAsync(ct))
            .ToDictionary(d => d.Id, d => d.Area.InteriorPoint);
}
