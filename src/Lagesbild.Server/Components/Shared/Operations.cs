using Lagesbild.Server.Features.Auth;
using Microsoft.AspNetCore.Components;

namespace Lagesbild.Server.Components.Shared;

/// <summary>
/// Runs one page operation in its own service scope. A Blazor circuit lives as long as the tab, so a
/// DbContext injected into a page would live that long too, and serve what it tracked earlier instead of
/// what another user has written since; each operation gets a fresh one instead. The operation's audit entries
/// name the page it ran for.
/// </summary>
public sealed class Operations(IServiceScopeFactory scopes, NavigationManager navigation)
{
    public async Task<T> RunAsync<TService, T>(Func<TService, Task<T>> work)
        where TService : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AuditTrail>().Page = PagePath();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    private string? PagePath()
    {
        try
        {
            return "/" + navigation.ToBaseRelativePath(navigation.Uri);
        }
        catch (InvalidOperationException)
        {
            // Not yet initialised (outside a render): the entry names the HTTP route instead.
            return null;
        }
    }
}
