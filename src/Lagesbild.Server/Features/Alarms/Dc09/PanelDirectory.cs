using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Lagesbild.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Alarms.Dc09;

/// <summary>
/// Panel accounts as the receiver needs them, kept in memory as <see cref="SensorDirectory"/> keeps sensors: a frame
/// should not wait for its account to be read and its key decrypted. What this server changes it forgets at once;
/// what another server changes is read again within <see cref="SensorDirectory.Keep"/>. Unknown accounts are not
/// remembered, so that made-up account numbers do not fill the memory.
/// </summary>
public sealed class PanelDirectory(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Lagesbild.PanelKeys");
    private readonly ConcurrentDictionary<string, Entry> _panels = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>A known panel: its account, its key (empty for a panel that sends in plain text; null when the keys that encrypted it are lost), its zones.</summary>
    public sealed record Known(int Id, string Account, string? Receiver, string? Prefix, int SiteId, int SensorId, byte[]? Key, IReadOnlyDictionary<int, int> Zones)
    {
        /// <summary>The sensor that takes a zone's events: the zone's own, else the panel's.</summary>
        public int SensorOf(int? zone) => zone is { } z && Zones.TryGetValue(z, out var sensor) ? sensor : SensorId;
    }

    private sealed record Entry(Known Known, long Until);

    public string Protect(byte[] key) => _protector.Protect(Convert.ToHexString(key));

    public async Task<Known?> FindAsync(string account, LagesbildDb db, CancellationToken ct)
    {
        var number = account.ToUpperInvariant();
        if (_panels.TryGetValue(number, out var entry) && Stopwatch.GetTimestamp() < entry.Until)
            return entry.Known;
        var generation = Volatile.Read(ref _generation);
        var panel = await db.PanelAccounts.AsNoTracking().Include(p => p.Zones).SingleOrDefaultAsync(p => p.Account == number, ct);
        if (panel is null)
        {
            _panels.TryRemove(number, out _);
            return null;
        }
        var known = new Known(panel.Id, panel.Account, panel.Receiver, panel.Prefix, panel.SiteId, panel.SensorId, KeyOf(panel),
            panel.Zones.ToDictionary(z => z.Zone, z => z.SensorId));
        if (generation == Volatile.Read(ref _generation))
            _panels[number] = new Entry(known, Expiry.From(SensorDirectory.Keep));
        return known;
    }

    public void ForgetAll()
    {
        Interlocked.Increment(ref _generation);
        _panels.Clear();
    }

    private byte[]? KeyOf(PanelAccount panel)
    {
        if (panel.ProtectedKey is null)
            return [];
        try
        {
            return Convert.FromHexString(_protector.Unprotect(panel.ProtectedKey));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public static bool IsHex(string text, int min, int max) =>
        text.Length >= min && text.Length <= max && text.All(char.IsAsciiHexDigit);
}
