using System.Threading.Channels;
using Lagesbild.Data;

namespace Lagesbild.Server.Features.Audit;

/// <summary>
/// Group commit for the audit entries of reads. A read must not answer before its entry is stored, but one durable
/// commit per read would serialise reads behind the disk (about 180 a second on SQLite): entries that arrive together
/// are chained and stored together, one transaction and one commit for the lot, and each reader is answered once
/// that commit is done. Entries written with a change (a record and its audit entry) never come here: they stay in
/// the change's own transaction.
/// </summary>
public sealed class AuditWriter(IServiceScopeFactory scopes) : BackgroundService
{
    private const int MaxBatch = 512;

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private sealed record Pending(IReadOnlyList<AuditEntry> Entries, TaskCompletionSource Done);

    /// <summary>Stores the entries (chained after every entry before them) and answers once they are durable.</summary>
    public async Task StoreAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        var pending = new Pending(entries, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await _queue.Writer.WriteAsync(pending, ct);
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("The server is stopping: the audit entry was not stored, so the read is not answered.");
        }
        await pending.Done.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
                await WriteNextAsync();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Stopping: nothing new, and what is queued is still stored and answered.
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryPeek(out _))
                await WriteNextAsync();
        }
    }

    private async Task WriteNextAsync()
    {
        var batch = new List<Pending>();
        while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            batch.Add(next);
        if (batch.Count == 0)
            return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LagesbildDb>();
            db.AuditEntries.AddRange(batch.SelectMany(p => p.Entries));
            await db.SaveChangesAsync(CancellationToken.None);
            foreach (var pending in batch)
                pending.Done.TrySetResult();
        }
        catch (Exception e)
        {
            // Nothing of the batch was stored (one transaction): every reader in it is refused its answer.
            foreach (var pending in batch)
                pending.Done.TrySetException(e);
        }
    }
}
