using System.Collections.Concurrent;
using System.Net;
using Lagesbild.Server.Features.Residents;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Auth;

/// <summary>
/// Wrong sign-ins per network address in a fixed window, over all accounts: one address guessing at many accounts
/// is held back, while the accounts' own lockout stops many addresses guessing at one. In this process only; a
/// restart forgets the counts (the accounts' lockout is in the database).
/// </summary>
public sealed class AddressThrottle(TimeProvider time, IOptions<LockoutOptions> options)
{
    private const int MaxAddresses = 100_000;

    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset Start)> _windows = new();

    /// <summary>How long the address must wait, or null when it may try.</summary>
    public TimeSpan? HeldBack(IPAddress? address)
    {
        var now = time.GetUtcNow();
        if (!_windows.TryGetValue(ReportLimiter.Partition(address), out var window) || now - window.Start >= options.Value.AddressWindow)
            return null;
        return window.Failures >= options.Value.MaxFailuresPerAddress ? window.Start + options.Value.AddressWindow - now : null;
    }

    public void Failed(IPAddress? address)
    {
        var now = time.GetUtcNow();
        if (_windows.Count > MaxAddresses)
            Forget(now);
        _windows.AddOrUpdate(ReportLimiter.Partition(address), _ => (1, now),
            (_, window) => now - window.Start >= options.Value.AddressWindow ? (1, now) : (window.Failures + 1, window.Start));
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var (address, window) in _windows)
        {
            if (now - window.Start >= options.Value.AddressWindow)
                _windows.TryRemove(address, out _);
        }
    }
}
