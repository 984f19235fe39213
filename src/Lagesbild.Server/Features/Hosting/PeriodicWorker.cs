namespace Lagesbild.Server.Features.Hosting;

/// <summary>
/// A background pass that runs now and then on the injected clock: the durable timers (round deadlines,
/// escalations) and the outbox. Each named step runs in a scope of its own, and a step that fails is logged
/// and runs again at the next tick without stopping the others.
/// </summary>
public abstract class PeriodicWorker(IServiceScopeFactory scopes, TimeProvider time, ILogger log) : BackgroundService
{
    /// <summary>Whether the worker runs at all (tests drive the passes by hand).</summary>
    protected abstract bool Enabled { get; }

    protected abstract TimeSpan Period { get; }

    /// <summary>The steps of one pass, in order, each with a name for the log.</summary>
    protected abstract IEnumerable<(string Name, Func<IServiceProvider, CancellationToken, Task> Step)> Steps();

    protected TimeProvider Time => time;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
            return;
        using var timer = new PeriodicTimer(Period, time);
        do
        {
            foreach (var (name, step) in Steps())
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await step(scope.ServiceProvider, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "The step {Step} of {Worker} failed; it runs again shortly.", name, GetType().Name);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
