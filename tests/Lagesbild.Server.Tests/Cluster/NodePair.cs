using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Lagesbild.Server.Tests.Cluster;

/// <summary>
/// Two servers on one database, for running a background pass on both at the same moment. On PostgreSQL they are
/// two hosts; SQLite is one server process by design, so there the second "server" is a second instance of the pass
/// in the same host, with a scope and a clock of its own.
/// </summary>
public abstract class NodePair : IAsyncLifetime
{
    public abstract LagesbildFactory First { get; }

    protected abstract IServiceProvider SecondServices { get; }

    /// <summary>The services of both servers (on SQLite the one host's, twice).</summary>
    public IEnumerable<IServiceProvider> Both => [First.Services, SecondServices];

    public virtual Task InitializeAsync() => First.InitializeAsync();

    public virtual Task DisposeAsync() => ((IAsyncLifetime)First).DisposeAsync();

    /// <summary>Runs the pass on both servers at once, the first at its clock and the second at <paramref name="secondNow"/>; answers both results.</summary>
    public async Task<T[]> AtOnceAsync<TPass, T>(DateTimeOffset secondNow, Func<TPass, Task<T>> run)
        where TPass : notnull
    {
        var secondClock = new FakeTimeProvider(secondNow);
        SecondClockMoved(secondNow);
        await using var first = First.Services.CreateAsyncScope();
        await using var second = SecondServices.CreateAsyncScope();
        var passes = new[]
        {
            first.ServiceProvider.GetRequiredService<TPass>(),
            ActivatorUtilities.CreateInstance<TPass>(second.ServiceProvider, (TimeProvider)secondClock),
        };
        using var together = new Barrier(2);
        return await Task.WhenAll(passes.Select(pass => Task.Run(() =>
        {
            together.SignalAndWait();
            return run(pass);
        })));
    }

    /// <summary>Runs the pass on the second server alone, at <paramref name="secondNow"/>.</summary>
    public async Task<T> OnSecondAsync<TPass, T>(DateTimeOffset secondNow, Func<TPass, Task<T>> run)
        where TPass : notnull
    {
        SecondClockMoved(secondNow);
        await using var second = SecondServices.CreateAsyncScope();
        return await run(ActivatorUtilities.CreateInstance<TPass>(second.ServiceProvider, (TimeProvider)new FakeTimeProvider(secondNow)));
    }

    protected virtual void SecondClockMoved(DateTimeOffset now)
    {
    }
}

public sealed class SqlitePair : NodePair
{
    private readonly SqliteLagesbild _first = new();

    public override LagesbildFactory First => _first;

    protected override IServiceProvider SecondServices => _first.Services;
}

public sealed class PostgresPair : NodePair
{
    private readonly PostgresLagesbild _first = new();
    private Node? _second;

    public override LagesbildFactory First => _first;

    public Node Second => _second ?? throw new InvalidOperationException("Not started.");

    protected override IServiceProvider SecondServices => Second.Services;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _second = new Node(_first.ConnectionString!);
        await _second.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        if (_second is not null)
            await _second.StopAsync();
        await base.DisposeAsync();
    }

    protected override void SecondClockMoved(DateTimeOffset now) => Second.Clock.AdjustTime(now);
}
