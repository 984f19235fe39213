using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Residents;

/// <summary>
/// Holds back a flood of reports: a fixed number per minute from one network address, and per Open311 api_key (a
/// client such as FixMyStreet sends every resident's report from its own server, so its key has a limit of its own).
/// The counts live in this process only; a restart forgets them.
/// </summary>
public sealed class ReportLimiter(IOptions<Open311Options> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _addresses = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => Window(options.Value.PostsPerAddressPerMinute)));

    private readonly PartitionedRateLimiter<string> _keys = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => Window(options.Value.PostsPerKeyPerMinute)));

    private static FixedWindowRateLimiterOptions Window(int permits) =>
        new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true };

    /// <summary>Counts a report from an address; null when it may go on, else the seconds to wait.</summary>
    public int? FromAddress(IPAddress? address) => Take(_addresses, Partition(address));

    /// <summary>
    /// An IPv4 address on its own; an IPv6 address by its /64 network, since one home or phone has a whole /64 to
    /// pick addresses from.
    /// </summary>
    public static string Partition(IPAddress? address)
    {
        if (address is null)
            return "unknown";
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>Counts a report with an api_key; null when it may go on, else the seconds to wait.</summary>
    public int? WithKey(int apiKeyId) => Take(_keys, apiKeyId.ToString(CultureInfo.InvariantCulture));

    private static int? Take(PartitionedRateLimiter<string> limiter, string partition)
    {
        using var lease = limiter.AttemptAcquire(partition);
        if (lease.IsAcquired)
            return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 60;
    }

    public void Dispose()
    {
        _addresses.Dispose();
        _keys.Dispose();
    }
}
