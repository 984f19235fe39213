using Lagesbild.Data;

namespace Lagesbild.Server.Features.Hosting;

/// <summary>When a start-up step runs: each stage may use what the stages before it prepared.</summary>
public enum StartupStage
{
    /// <summary>The database, migrated to this version.</summary>
    Storage,

    /// <summary>Data the rest reads from memory: the districts.</summary>
    ReferenceData,

    /// <summary>The synthetic demo data, with --demo.</summary>
    DemoData,

    /// <summary>Accounts: the first administrator of a new installation.</summary>
    Accounts,
}

/// <summary>Preparation a feature needs before the server takes requests, run once at start in its <see cref="StartupStage"/>.</summary>
public interface IStartupStep
{
    Task RunAsync(CancellationToken cancellationToken);
}

public static class StartupSteps
{
    private sealed record Registration(StartupStage Stage, Type Step);

    public static IServiceCollection AddStartupStep<TStep>(this IServiceCollection services, StartupStage stage)
        where TStep : class, IStartupStep
    {
        services.AddScoped<TStep>();
        services.AddSingleton(new Registration(stage, typeof(TStep)));
        return services;
    }

    /// <summary>The registered steps by stage and, within a stage, in the order they were added.</summary>
    public static IReadOnlyList<Type> InOrder(IServiceProvider services) =>
        [.. services.GetServices<Registration>().OrderBy(r => r.Stage).Select(r => r.Step)];

    /// <summary>
    /// Runs every step in order, in one scope: the steps share its database context, and a step is made only when
    /// its turn comes, after the database is ready.
    /// </summary>
    public static async Task RunStartupStepsAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        foreach (var step in InOrder(scope.ServiceProvider))
            await ((IStartupStep)scope.ServiceProvider.GetRequiredService(step)).RunAsync(cancellationToken);
    }

    /// <summary>
    /// Prepares every feature (migrations, districts, demo data, the first administrator) before the server starts.
    /// Servers that start together on one database take turns (<see cref="StartupLock"/>), so that the steps that look
    /// before they write run once.
    /// </summary>
    public static async Task PrepareAsync(this WebApplication app)
    {
        var stopping = app.Lifetime.ApplicationStopping;
        await using var scope = app.Services.CreateAsyncScope();
        await using var turn = await StartupLock.WaitAsync(scope.ServiceProvider.GetRequiredService<LagesbildDb>(), stopping);
        await app.Services.RunStartupStepsAsync(stopping);
    }
}
