using System.Threading.Channels;
using Lagesbild.Core.Time;
using Lagesbild.Data;
using Lagesbild.Server.Features.Cameras;
using Lagesbild.Server.Features.Sites;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Alarms.Snapshots;

/// <summary>
/// Fetches the still pictures of a site's cameras when an alarm opens there. The event writer hands over the alarm
/// once its transaction is committed and goes on at once: the alarm never waits for a camera. Each camera the register
/// allows to record at that instant is asked (all of a site's cameras together, a few alarms at a time); a camera
/// that may not record now is not asked, and the card says why. The consoles hear when the pictures are in.
/// </summary>
public sealed partial class AlarmSnapshotWorker(IServiceScopeFactory scopes, IOptions<SnapshotOptions> options, ILogger<AlarmSnapshotWorker> log) : BackgroundService
{
    /// <summary>Alarms waiting for their pictures; past this many (a storm of alarms), the newest go without.</summary>
    private const int QueueLimit = 1000;

    private readonly Channel<long> _queue = Channel.CreateBounded<long>(new BoundedChannelOptions(QueueLimit) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Asks for the stills of a newly opened alarm; never waits.</summary>
    public void Enqueue(long alarmId)
    {
        if (!_queue.Writer.TryWrite(alarmId))
            LogDropped(log, alarmId);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Parallel.ForEachAsync(_queue.Reader.ReadAllAsync(stoppingToken),
                new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallel, CancellationToken = stoppingToken },
                async (alarmId, ct) =>
                {
                    try
                    {
                        await using var scope = scopes.CreateAsyncScope();
                        await FetchAsync(scope.ServiceProvider, alarmId, ct);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        LogFailed(log, e, alarmId);
                    }
                });
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Fetches and stores the stills of one alarm's site, then tells the consoles.</summary>
    public static async Task FetchAsync(IServiceProvider services, long alarmId, CancellationToken ct)
    {
        var db = services.GetRequiredService<LagesbildDb>();
        var time = services.GetRequiredService<TimeProvider>();
        if (await db.Alarms.AsNoTracking().Include(a => a.Site).SingleOrDefaultAsync(a => a.Id == alarmId, ct) is not { } alarm)
            return;
        var cameras = await db.Cameras.AsNoTracking()
            .Where(c => c.SiteId == alarm.SiteId && c.RetiredAt == null && (c.SnapshotUrl != null || c.OnvifUrl != null))
            .OrderBy(c => c.Name).ThenBy(c => c.Id).ToListAsync(ct);
        if (cameras.Count == 0)
            return;
        var now = time.GetUtcNow();
        var schedule = services.GetRequiredService<SchoolYear>().ScheduleOf(alarm.Site!, Stockholm.ToLocal(now).Year);
        var stills = services.GetRequiredService<CameraStills>();
        var credentials = services.GetRequiredService<CameraCredentials>();
        var fetched = await Task.WhenAll(cameras.Select(async camera =>
        {
            if (!CameraWindows.Hours(camera).AllowsAt(schedule, now))
                return (camera, Still.Failed(SnapshotFailure.NotRecording));
            string? password = null;
            if (camera.SnapshotPassword is { } stored && (password = credentials.Unprotect(stored)) is null)
                return (camera, Still.Failed(SnapshotFailure.Credentials));
            return (camera, await stills.FetchAsync(camera, password, ct));
        }));
        var at = time.GetUtcNow();
        db.AlarmSnapshots.AddRange(fetched.Select(f => new AlarmSnapshot
        {
            AlarmId = alarmId,
            CameraId = f.camera.Id,
            CameraName = f.camera.Name,
            FetchedAt = at,
            ContentType = f.Item2.ContentType,
            Image = f.Item2.Image,
            Failure = f.Item2.Failure,
            FailureDetail = f.Item2.Detail,
        }));
        await db.SaveChangesAsync(ct);
        var hub = services.GetRequiredService<IHubContext<AlarmHub, IAlarmClient>>();
        await hub.Clients.Groups(AlarmAudience.Of(alarm).Groups(joined: false)).SnapshotsChanged(alarmId);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Too many alarms wait for camera stills; alarm {AlarmId} goes without.")]
    private static partial void LogDropped(ILogger log, long alarmId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetching the camera stills of alarm {AlarmId} failed.")]
    private static partial void LogFailed(ILogger log, Exception e, long alarmId);
}
