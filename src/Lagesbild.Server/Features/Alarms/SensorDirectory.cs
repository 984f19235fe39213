using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Lagesbild.Core.Alarms;
using Lagesbild.Core.Sites;
using Lagesbild.Data;
using Lagesbild.Server.Features.Sites;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Alarms;

/// <summary>
/// Sensors as ingest needs them, kept in memory: an event should not wait for its sensor and site to be read, its
/// secret to be decrypted and its site's calendar to be worked out. What this server changes (a sensor, a site's
/// hours) it forgets at once; what another server changes is read again within <see cref="Keep"/> (give or take a
/// quarter, so that sensors read at the same moment are not all read again at the same moment).
/// </summary>
public sealed class SensorDirectory(IDataProtectionProvider protection, SchoolYear schoolYear)
{
    public static readonly TimeSpan Keep = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<int, Entry> _sensors = new();

    /// <summary>Counts the times everything was forgotten, so that a read that began before is not kept after.</summary>
    private long _generation;
    private readonly IDataProtector _protector = protection.CreateProtector("Lagesbild.SensorSecrets");

    /// <summary>A known sensor with its site, its secret (null when the keys that encrypted it are lost) and its site's schedule.</summary>
    public sealed class Known(Sensor sensor, byte[]? secret, SchoolYear schoolYear)
    {
        private YearSchedule? _schedule;

        public Sensor Sensor { get; } = sensor;

        public byte[]? Secret { get; } = secret;

        public bool IsArmed(DateTimeOffset at)
        {
            var year = Core.Time.Stockholm.ToLocal(at).Year;
            if (_schedule is not { } known || known.Year != year)
                _schedule = known = new YearSchedule(year, schoolYear.ScheduleOf(Sensor.Site!, year));
            return Arming.IsArmed(Sensor.ArmingMode, known.Schedule, at);
        }

        private sealed record YearSchedule(int Year, SiteSchedule Schedule);
    }

    private sealed record Entry(Known Known, long Until);

    public string Protect(string secret) => _protector.Protect(secret);

    public async Task<Known?> FindAsync(int sensorId, LagesbildDb db, CancellationToken ct)
    {
        if (_sensors.TryGetValue(sensorId, out var entry) && Stopwatch.GetTimestamp() < entry.Until)
            return entry.Known;
        // Unknown ids are not remembered: a stranger sending made-up ids must not fill the memory.
        var generation = Volatile.Read(ref _generation);
        var sensor = await db.Sensors.AsNoTracking().Include(s => s.Site).SingleOrDefaultAsync(s => s.Id == sensorId, ct);
        if (sensor is null)
        {
            _sensors.TryRemove(sensorId, out _);
            return null;
        }
        var known = new Known(sensor, SecretOf(sensor), schoolYear);
        // Read before a site changed here: used this once, not kept.
        if (generation == Volatile.Read(ref _generation))
            _sensors[sensorId] = new Entry(known, Expiry.From(Keep));
        return known;
    }

    /// <summary>Forgets every sensor: a site's hours or calendar changed, and with them whether its sensors are armed.</summary>
    public void ForgetAll()
    {
        Interlocked.Increment(ref _generation);
        _sensors.Clear();
    }

    private byte[]? SecretOf(Sensor sensor)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetBytes(_protector.Unprotect(sensor.ProtectedSecret));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}

/// <summary>When something kept in memory is to be read again: after about a while, spread so that what was read together does not expire together.</summary>
public static class Expiry
{
    public static long From(TimeSpan keep) =>
        Stopwatch.GetTimestamp() + (long)(keep.TotalSeconds * (0.75 + (0.5 * Random.Shared.NextDouble())) * Stopwatch.Frequency);
}
