using System.Globalization;
using Lagesbild.Core.Observations;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Alarms.Snapshots;

/// <summary>One camera's still for an alarm as the card lists it: the picture's address, or why there is none.</summary>
public sealed record SnapshotView(long Id, int CameraId, string Camera, DateTimeOffset FetchedAt, string? ContentType, int? Bytes, string? Url, SnapshotFailure? Failure, string? FailureDetail);

/// <summary>
/// The stills of an alarm's cameras, for exactly those who may read the alarm. A picture from a camera is personal data:
/// each picture seen is an audit entry of its own.
/// </summary>
public sealed class AlarmSnapshots(LagesbildDb db, AlarmService alarms, AuditTrail audit)
{
    /// <summary>The alarm's stills, in the order of its cameras' names; null when the user may not read the alarm.</summary>
    public async Task<List<SnapshotView>?> ListAsync(long alarmId, CurrentUser user, CancellationToken ct)
    {
        if (!await (await alarms.VisibleToAsync(user, ct)).AnyAsync(a => a.Id == alarmId, ct))
            return null;
        var rows = await db.AlarmSnapshots.AsNoTracking().Where(s => s.AlarmId == alarmId).OrderBy(s => s.CameraName).ThenBy(s => s.Id)
            .Select(s => new { s.Id, s.CameraId, s.CameraName, s.FetchedAt, s.ContentType, Bytes = s.Image == null ? (int?)null : s.Image.Length, s.Failure, s.FailureDetail })
            .ToListAsync(ct);
        return rows.Select(s => new SnapshotView(s.Id, s.CameraId, s.CameraName, s.FetchedAt, s.ContentType, s.Bytes,
            s.Bytes is null ? null : string.Create(CultureInfo.InvariantCulture, $"/api/alarms/{alarmId}/snapshots/{s.Id}"), s.Failure, s.FailureDetail)).ToList();
    }

    /// <summary>One still's picture and its type, audited as a read; null when there is none the user may see.</summary>
    public async Task<(byte[] Image, string ContentType)?> ImageAsync(long alarmId, long snapshotId, CurrentUser user, CancellationToken ct)
    {
        if (!await (await alarms.VisibleToAsync(user, ct)).AnyAsync(a => a.Id == alarmId, ct))
            return null;
        var still = await db.AlarmSnapshots.AsNoTracking().Where(s => s.Id == snapshotId && s.AlarmId == alarmId && s.Image != null)
            .Select(s => new { s.Image, s.ContentType, s.CameraName }).SingleOrDefaultAsync(ct);
        if (still is null)
            return null;
        audit.Add(user, "read", nameof(AlarmSnapshot), snapshotId.ToString(CultureInfo.InvariantCulture), Classification.Internal, 1,
            string.Create(CultureInfo.InvariantCulture, $"still from camera {still.CameraName} of alarm {alarmId}"));
        await audit.SaveAsync(ct);
        return (still.Image!, still.ContentType!);
    }
}
