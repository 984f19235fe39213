using System.Globalization;
using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Validation;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Alarms.Dc09;

/// <summary>
/// The DC-09 panel accounts: which panel (by account number) reports for which site, through which sensors, with
/// which key. Kept by whoever registers sensors (administrators and coordinators). Each write is one transaction
/// with its audit entry; the receiver forgets what it knew of the panels at once.
/// </summary>
public sealed class PanelService(LagesbildDb db, PanelDirectory directory, AuditTrail audit, TimeProvider time)
{
    private const string KeepersReason = "Alarm panels are kept by administrators and coordinators, as sensors are.";

    public async Task<Outcome<List<PanelView>>> ListAsync(int? siteId, CurrentUser user, CancellationToken ct)
    {
        if (!Permissions.CanManageSites(user.Roles))
            return new Outcome<List<PanelView>>.Refused(KeepersReason);
        var query = db.PanelAccounts.AsNoTracking().Include(p => p.Zones).AsQueryable();
        if (siteId is { } id)
            query = query.Where(p => p.SiteId == id);
        return await ViewsAsync(await query.OrderBy(p => p.SiteId).ThenBy(p => p.Account).ToListAsync(ct), ct);
    }

    public async Task<Outcome<PanelView>> GetAsync(int id, CurrentUser user, CancellationToken ct)
    {
        if (!Permissions.CanManageSites(user.Roles))
            return new Outcome<PanelView>.Refused(KeepersReason);
        return await db.PanelAccounts.AsNoTracking().Include(p => p.Zones).FirstOrDefaultAsync(p => p.Id == id, ct) is { } panel
            ? (await ViewsAsync([panel], ct))[0]
            : new Outcome<PanelView>.Missing();
    }

    /// <summary>Registers a panel; a retry with the same Idempotency-Key and body answers the first and registers nothing.</summary>
    public async Task<Outcome<Written<PanelView>>> CreateAsync(PanelRequest request, CurrentUser user, string? idempotencyKey, CancellationToken ct)
    {
        if (!Permissions.CanManageSites(user.Roles))
            return new Outcome<Written<PanelView>>.Refused(KeepersReason);
        var hash = Idempotency.Hash(request);
        var write = new KeyedWrite<PanelAccount, Written<PanelView>>(db, idempotencyKey)
        {
            FindEarlier = key => db.PanelAccounts.AsNoTracking().Include(p => p.Zones).SingleOrDefaultAsync(p => p.CreatedById == user.Id && p.IdempotencyKey == key, ct),
            IsSameRequest = earlier => earlier.RequestHash == hash,
            Replay = async earlier => new Written<PanelView>((await ViewsAsync([earlier], ct))[0], true),
            ReusedReason = "This Idempotency-Key was already used for another panel.",
        };
        return await write.RunAsync(async () =>
        {
            var panel = new PanelAccount { Account = "", Name = "", CreatedAt = time.GetUtcNow(), CreatedById = user.Id, IdempotencyKey = write.Key, RequestHash = hash };
            if (await ApplyAsync(panel, request, creating: true, ct) is { } refused)
                return refused.As<Written<PanelView>>();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.PanelAccounts.Add(panel);
            await db.SaveChangesAsync(ct);
            Audit(user, "create", panel);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            directory.ForgetAll();
            return new Written<PanelView>((await ViewsAsync([panel], ct))[0], false);
        });
    }

    /// <summary>Replaces a panel's settings (its zones too, when the request gives them).</summary>
    public async Task<Outcome<PanelView>> UpdateAsync(int id, PanelRequest request, CurrentUser user, CancellationToken ct)
    {
        if (!Permissions.CanManageSites(user.Roles))
            return new Outcome<PanelView>.Refused(KeepersReason);
        if (await db.PanelAccounts.Include(p => p.Zones).FirstOrDefaultAsync(p => p.Id == id, ct) is not { } panel)
            return new Outcome<PanelView>.Missing();
        if (await ApplyAsync(panel, request, creating: false, ct) is { } refused)
            return refused;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        Audit(user, "update", panel);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        directory.ForgetAll();
        return (await ViewsAsync([panel], ct))[0];
    }

    /// <summary>Replaces the panel's zone map alone.</summary>
    public async Task<Outcome<PanelView>> SetZonesAsync(int id, PanelZoneRequest[] zones, CurrentUser user, CancellationToken ct)
    {
        if (!Permissions.CanManageSites(user.Roles))
            return new Outcome<PanelView>.Refused(KeepersReason);
        if (await db.PanelAccounts.Include(p => p.Zones).FirstOrDefaultAsync(p => p.Id == id, ct) is not { } panel)
            return new Outcome<PanelView>.Missing();
        var refusals = new Refusals();
        var mapped = await ZonesAsync(refusals, "zones", zones, panel.SiteId, ct);
        if (refusals.Count > 0)
            return Outcome<PanelView>.Because(refusals);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        Replace(panel, mapped);
        await db.SaveChangesAsync(ct);
        Audit(user, "update-zones", panel);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        directory.ForgetAll();
        return (await ViewsAsync([panel], ct))[0];
    }

    /// <summary>
    /// Removes a panel account (the panel was replaced or the site closed): its frames are answered DUH from now on.
    /// The events it sent stay with their sensors and alarms; the audit keeps that the account was there.
    /// </summary>
    public async Task<Outcome<bool>> DeleteAsync(int id, CurrentUser user, CancellationToken ct)
    {
        if (!Permissions.CanManageSites(user.Roles))
            return new Outcome<bool>.Refused(KeepersReason);
        if (await db.PanelAccounts.FirstOrDefaultAsync(p => p.Id == id, ct) is not { } panel)
            return new Outcome<bool>.Missing();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.PanelAccounts.Remove(panel);
        Audit(user, "delete", panel);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        directory.ForgetAll();
        return true;
    }

    private void Audit(CurrentUser user, string action, PanelAccount p) =>
        audit.Add(user, action, nameof(PanelAccount), p.Id.ToString(CultureInfo.InvariantCulture), Classification.Internal, detail: string.Create(CultureInfo.InvariantCulture,
            $"account {p.Account}; site {p.SiteId}; sensor {p.SensorId}; encrypted {(p.ProtectedKey is null ? "no" : "yes")}; supervision {p.SupervisionSeconds}+{p.GraceSeconds} s; zones {p.Zones.Count}"));

    /// <summary>Checks the request and copies it onto the panel; the refusal, or null.</summary>
    private async Task<Outcome<PanelView>?> ApplyAsync(PanelAccount panel, PanelRequest request, bool creating, CancellationToken ct)
    {
        var refusals = new Refusals();
        var account = request.Account?.Trim().ToUpperInvariant();
        if (account is null || !PanelDirectory.IsHex(account, 3, 16))
            refusals.Add("account", RefusalCodes.Invalid, "account is 3 to 16 hexadecimal digits, as the panel sends it after '#'.");
        else if (await db.PanelAccounts.AnyAsync(p => p.Account == account && p.Id != panel.Id, ct))
            refusals.Add("account", RefusalCodes.Taken, "Another panel has this account number.");
        CheckHex(refusals, "receiver", request.Receiver);
        CheckHex(refusals, "prefix", request.Prefix);
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length is < 2 or > 200)
            refusals.Add("name", RefusalCodes.Invalid, "name is 2 to 200 characters.");
        Site? site = null;
        if (request.SiteId is null)
            refusals.Add("siteId", RefusalCodes.Required, "siteId is required.");
        else if ((site = await db.Sites.AsNoTracking().FirstOrDefaultAsync(s => s.Id == request.SiteId, ct)) is null)
            refusals.Add("siteId", RefusalCodes.NotFound, "No site has this id.");
        if (request.SensorId is null)
            refusals.Add("sensorId", RefusalCodes.Required, "sensorId is required: the sensor that takes events of zones not mapped to their own.");
        else if (site is not null && !await db.Sensors.AnyAsync(s => s.Id == request.SensorId && s.SiteId == site.Id, ct))
            refusals.Add("sensorId", RefusalCodes.NotFound, "No sensor at this site has this id.");
        byte[]? key = null;
        var keepKey = !creating && request.Key is null;
        if (!string.IsNullOrEmpty(request.Key) && (!PanelDirectory.IsHex(request.Key, 32, 64) || request.Key.Length % 16 != 0 || (key = Convert.FromHexString(request.Key)).Length is not (16 or 24 or 32)))
            refusals.Add("key", RefusalCodes.Invalid, "key is an AES key of 16, 24 or 32 bytes as 32, 48 or 64 hexadecimal digits.");
        if (request.SupervisionSeconds is < 0 or > PanelRules.MaxSupervisionSeconds)
            refusals.Add("supervisionSeconds", RefusalCodes.Invalid, $"supervisionSeconds is 0 (not supervised) to {PanelRules.MaxSupervisionSeconds}.");
        if (request.GraceSeconds is < 0 or > PanelRules.MaxGraceSeconds)
            refusals.Add("graceSeconds", RefusalCodes.Invalid, $"graceSeconds is 0 to {PanelRules.MaxGraceSeconds}.");
        var zones = request.Zones is null || site is null ? null : await ZonesAsync(refusals, "zones", request.Zones, site.Id, ct);
        if (refusals.Count > 0)
            return Outcome<PanelView>.Because(refusals);
        panel.Account = account!;
        panel.Receiver = Upper(request.Receiver);
        panel.Prefix = Upper(request.Prefix);
        panel.Name = request.Name!.Trim();
        if (panel.SiteId != site!.Id)
            panel.LineFaultAlarmId = null; // an outage at the old site is not one at the new
        panel.SiteId = site.Id;
        panel.SensorId = request.SensorId!.Value;
        if (!keepKey)
            panel.ProtectedKey = key is null ? null : directory.Protect(key);
        panel.SupervisionSeconds = request.SupervisionSeconds ?? 0;
        panel.GraceSeconds = request.GraceSeconds ?? PanelRules.DefaultGraceSeconds;
        if (zones is not null)
            Replace(panel, zones);
        else if (!creating && panel.Zones.Any(z => !SensorsAt(site.Id).Contains(z.SensorId)))
            panel.Zones.Clear();
        return null;

        static string? Upper(string? hex) => string.IsNullOrWhiteSpace(hex) ? null : hex.Trim().ToUpperInvariant();
        IQueryable<int> SensorsAt(int siteId) => db.Sensors.Where(s => s.SiteId == siteId).Select(s => s.Id);
    }

    private static void CheckHex(Refusals refusals, string field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value) && !PanelDirectory.IsHex(value.Trim(), 1, 6))
            refusals.Add(field, RefusalCodes.Invalid, $"{field} is 1 to 6 hexadecimal digits.");
    }

    /// <summary>The zones checked: each zone once, each sensor at the panel's site.</summary>
    private async Task<List<PanelZone>> ZonesAsync(Refusals refusals, string field, IReadOnlyList<PanelZoneRequest> zones, int siteId, CancellationToken ct)
    {
        if (zones.Count > PanelRules.MaxZones)
        {
            refusals.Add(field, RefusalCodes.Invalid, $"A panel has at most {PanelRules.MaxZones} zones.");
            return [];
        }
        var sensors = await db.Sensors.AsNoTracking().Where(s => s.SiteId == siteId).Select(s => s.Id).ToListAsync(ct);
        var seen = new HashSet<int>();
        for (var i = 0; i < zones.Count; i++)
        {
            var (zone, sensor) = (zones[i].Zone, zones[i].SensorId);
            if (zone is null or < 0 or > PanelRules.MaxZone)
                refusals.Add($"{field}[{i}].zone", RefusalCodes.Invalid, $"zone is 0 to {PanelRules.MaxZone}.");
            else if (!seen.Add(zone.Value))
                refusals.Add($"{field}[{i}].zone", RefusalCodes.Twice, "Each zone is mapped once.");
            if (sensor is null || !sensors.Contains(sensor.Value))
                refusals.Add($"{field}[{i}].sensorId", RefusalCodes.NotFound, "No sensor at the panel's site has this id.");
        }
        return zones.Where(z => z.Zone is not null && z.SensorId is not null).Select(z => new PanelZone { Zone = z.Zone!.Value, SensorId = z.SensorId!.Value }).ToList();
    }

    private void Replace(PanelAccount panel, List<PanelZone> zones)
    {
        db.PanelZones.RemoveRange(panel.Zones);
        panel.Zones.Clear();
        panel.Zones.AddRange(zones);
    }

    private async Task<List<PanelView>> ViewsAsync(IReadOnlyList<PanelAccount> panels, CancellationToken ct)
    {
        var siteIds = panels.Select(p => p.SiteId).Distinct().ToList();
        var sites = await db.Sites.AsNoTracking().Where(s => siteIds.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var sensors = await db.Sensors.AsNoTracking().Where(s => siteIds.Contains(s.SiteId)).Select(s => new { s.Id, s.Name }).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        return panels.Select(p => new PanelView(p.Id, p.Account, p.Receiver, p.Prefix, p.Name, p.SiteId, sites[p.SiteId], p.SensorId, sensors.GetValueOrDefault(p.SensorId, ""),
            p.ProtectedKey is not null, p.SupervisionSeconds, p.GraceSeconds, p.LastMessageAt, p.LineFaultAlarmId is not null,
            p.Zones.OrderBy(z => z.Zone).Select(z => new PanelZoneView(z.Zone, z.SensorId, sensors.GetValueOrDefault(z.SensorId, ""))).ToList(), p.CreatedAt)).ToList();
    }
}
