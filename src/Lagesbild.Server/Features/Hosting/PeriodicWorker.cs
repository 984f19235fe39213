namespace Lagesbild.Server.Features.Hosting;

/// <summary>
/// A background pass that runs now and then on the injected clock: the durable timers (round deadlines,
/// escalations) and the outbox. Each named step runs in a scope of its own, and a step that fails is logged
/// and runs again at the next tick without stopping the others. With several servers on one database, each step
/// runs on one server at a time (<see cref="PassLocks"/>); a worker that looks after this process's own state runs
/// on every server.
/// </summary>
public abstract partial class PeriodicWorker(IServiceScopeFactory scopes, TimeProvider time, ILogger log) : BackgroundService
{
    /// <summary>Whether the worker runs at all (tests drive the passes by hand).</summary>
    protected abstract bool Enabled { get; }

    protected abstract TimeSpan Period { get; }

    /// <summary>Whether every server runs this step (it concerns this process only), rather than one at a time.</summary>
    protected virtual bool RunsOnEveryServer(string step) => false;

    /// <summary>The steps of one pass, in order, each with a name for the log.</summary>
    protected abstract IEnumerable<(string Name, Func<IServiceProvider, CancellationToken, Task> Step)> Steps();

    protected TimeProvider Time => time;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
            return;
        using var timer = new PeriodicTimer(Period, time);
        do
            await RunOnceAsync(stoppingToken);
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One tick: each step this server can take; answers the names of the steps it ran.</summary>
    public async Task<IReadOnlyList<string>> RunOnceAsync(CancellationToken stoppingToken)
    {
        var ran = new List<string>();
        foreach (var (name, step) in Steps())
        {
            var lost = CancellationToken.None;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await using var held = RunsOnEveryServer(name)
                    ? PassHandle.Unshared
                    : await scope.ServiceProvider.GetRequiredService<PassLocks>().TryTakeAsync($"{GetType().Name}/{name}", stoppingToken);
                if (held is null)
                {
                    LogTakenElsewhere(log, name, GetType().Name);
                    continue;
                }
                lost = held.Lost;
                using var running = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lost);
                await step(scope.ServiceProvider, running.Token);
                ran.Add(name);
            }
            catch (OperationCanceledException) when (lost.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
            {
                LogLost(log, name, GetType().Name);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogError(e, "The step {Step} of {Worker} failed; it runs again shortly.", name, GetType().Name);
            }
        }
        return ran;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The step {Step} of {Worker} runs on another server now.")]
    private static partial void LogTakenElsewhere(ILogger log, string step, string worker);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The step {Step} of {Worker} stopped: the database connection that held it broke. Another server takes over.")]
    private static partial void LogLost(ILogger log, string step, string worker);
}
