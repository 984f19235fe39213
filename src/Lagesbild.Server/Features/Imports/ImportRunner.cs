using System.Collections.Concurrent;
using System.Threading.Channels;
using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Imports;

/// <summary>
/// Runs queued imports one at a time in the background. At start it takes up the imports that a stopped process left
/// queued or running, whose file is in this server's data folder: they go on after their last committed line, so a
/// killed server doubles nothing and loses nothing committed.
/// </summary>
public sealed class ImportRunner(IServiceScopeFactory scopes, IOptions<DataOptions> data, ILogger<ImportRunner> log) : BackgroundService
{
    private readonly Channel<long> _queue = Channel.CreateUnbounded<long>();
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _running = new();

    public void Enqueue(long id) => _queue.Writer.TryWrite(id);

    /// <summary>Stops the import's batch at once if it runs here; its state already says Cancelled, which stops it on any server.</summary>
    public void Cancel(long id)
    {
        if (_running.TryGetValue(id, out var run))
            run.Cancel();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await TakeUpLeftAsync(stoppingToken);
            await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
                await RunAsync(id, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a running import stays Running, to be taken up at the next start.
        }
    }

    private async Task TakeUpLeftAsync(CancellationToken ct)
    {
        var folder = Path.GetFullPath(ImportJobs.Folder(data.Value.Directory));
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LagesbildDb>();
        var left = await db.ImportJobs.AsNoTracking().Where(j => j.State == ImportState.Queued || j.State == ImportState.Running)
            .OrderBy(j => j.Id).Select(j => new { j.Id, j.Path }).ToListAsync(ct);
        foreach (var job in left.Where(j => Path.GetFullPath(j.Path).StartsWith(folder, StringComparison.Ordinal) && File.Exists(j.Path)))
            Enqueue(job.Id);
    }

    private async Task RunAsync(long id, CancellationToken stoppingToken)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        _running[id] = run;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LagesbildDb>();
            var job = await db.ImportJobs.AsNoTracking().SingleAsync(j => j.Id == id, run.Token);
            var actor = await ActorAsync(db, job, run.Token);
            var ended = await scope.ServiceProvider.GetRequiredService<ObservationImport>().RunAsync(id, actor, null, run.Token);
            if (ended.State is ImportState.Completed)
                File.Delete(ended.Path);
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            // Cancelled by its user (the state says so) or the server is stopping (it stays Running).
        }
        catch (Exception e)
        {
            log.LogError(e, "Import {Id} failed.", id);
            await FailAsync(id, e, stoppingToken);
        }
        finally
        {
            _running.TryRemove(id, out _);
        }
    }

    /// <summary>The user who started it, with the tiers they may write now (none when they may no longer import), or the operator.</summary>
    private static async Task<ImportActor> ActorAsync(LagesbildDb db, ImportJob job, CancellationToken ct)
    {
        if (job.CreatedById is null)
            return ImportActor.Operator; // started at the command line
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == job.CreatedById, ct);
        if (user is null)
            return new ImportActor(new CurrentUser(0, job.OrganisationId ?? 0, job.CreatedByName, []), new HashSet<Classification>());
        var tiers = user.IsActive ? Enum.GetValues<Classification>().Where(c => Permissions.CanImport(user.Roles, c)).ToHashSet() : [];
        return new ImportActor(new CurrentUser(user.Id, user.OrganisationId, user.DisplayName, user.Roles), tiers);
    }

    private async Task FailAsync(long id, Exception e, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LagesbildDb>();
            var message = $"The import stopped on an error ({e.GetType().Name}); it can be resumed from its last committed line.";
            await db.ImportJobs.Where(j => j.Id == id && j.State == ImportState.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, ImportState.Failed).SetProperty(j => j.LastError, message), ct);
        }
        catch (Exception again) when (again is not OperationCanceledException)
        {
            log.LogError(again, "Import {Id} could not be marked failed; it is taken up again at the next start.", id);
        }
    }
}
