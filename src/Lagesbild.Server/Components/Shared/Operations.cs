namespace Lagesbild.Server.Components.Shared;

/// <summary>
/// Runs one page operation in its own service scope. A Blazor circuit lives as long as the tab, so a
/// DbContext injected into a page would live that long too, and serve what it tracked earlier instead of
/// what another user has written since; each operation gets a fresh one instead.
/// </summary>
public sealed class Operations(IServiceScopeFactory scopes)
{
    public async Task<T> RunAsync<TService, T>(Func<TService, Task<T>> work)
        where TService : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
