using System.Globalization;
using System.Security.Cryptography;
using Lagesbild.Core.Access;
using Lagesbild.Core.Alarms;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Validation;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Sites;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Alarms;

/// <summary>Registers sensors and keeps their signing secrets, encrypted with the server's data-protection keys.</summary>
public sealed class SensorService(LagesbildDb db, SchoolYear schoolYear, SensorDirectory directory, TimeProvider time, AuditTrail audit)
{
    public async Task<Outcome<CreatedSensor>> CreateAsync(SensorRequest request, CurrentUser user, CancellationToken ct)
    {
        if (!Permissions.CanManageSites(user.Roles))
            return new Outcome<CreatedSensor>.Refused("Sensors are registered by administrators and coordinators.");
        var site = await db.Sites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == request.SiteId, ct);
        if (site is null)
            return Outcome<CreatedSensor>.Field(new Refusal("siteId", RefusalCodes.NotFound, "No site has this id."));
        if (request.Lat is { } lat && request.Lon is { } lon && !Core.Geo.Coordinates.IsValid(lon, lat))
            return Outcome<CreatedSensor>.Field(new Refusal("lat", RefusalCodes.Invalid, "lat and lon must be a position in decimal degrees."));
        var secret = NewSecret();
        var sensor = new Sensor
        {
            SiteId = site.Id,
            Kind = request.Kind!.Value,
            Name = request.Name!.Trim(),
            ArmingMode = request.ArmingMode!.Value,
            Lat = request.Lat,
            Lon = request.Lon,
            AccessNotes = request.AccessNotes?.Trim(),
            ProtectedSecret = directory.Protect(secret),
            CreatedAt = time.GetUtcNow(),
        };
        db.Sensors.Add(sensor);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        Audit(user, "create-sensor", sensor.Id, string.Create(CultureInfo.InvariantCulture, $"site {site.Id}; {sensor.Kind}"));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        sensor.Site = site;
        return new CreatedSensor(sensor.Id, secret, View(sensor));
    }

    /// <summary>
    /// Gives a sensor a new signing secret, shown this once (a secret leaked, or the device was replaced): events
    /// signed with the old one are refused from now on, on this server at once.
    /// </summary>
    public async Task<Outcome<CreatedSensor>> RotateSecretAsync(int id, CurrentUser user, CancellationToken ct)
    {
        if (!Permissions.CanManageSites(user.Roles))
            return new Outcome<CreatedSensor>.Refused("Sensors are managed by administrators and coordinators.");
        var sensor = await db.Sensors.Include(s => s.Site).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (sensor is null)
            return new Outcome<CreatedSensor>.Missing();
        var secret = NewSecret();
        sensor.ProtectedSecret = directory.Protect(secret);
        Audit(user, "rotate-sensor-secret", sensor.Id, "new secret");
        await db.SaveChangesAsync(ct);
        directory.ForgetAll();
        return new CreatedSensor(sensor.Id, secret, View(sensor));
    }

    private static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private void Audit(CurrentUser user, string action, int sensorId, string detail) =>
        audit.Add(user, action, nameof(Sensor), sensorId.ToString(CultureInfo.InvariantCulture), Classification.Internal, detail: detail);

    public async Task<List<SensorView>> ListAsync(CurrentUser user, int? siteId, CancellationToken ct)
    {
        var sites = db.Sites.AsNoTracking().OperatedBy(user, db.GuardContracts);
        var query = db.Sensors.AsNoTracking().Include(s => s.Site).Where(s => sites.Any(site => site.Id == s.SiteId));
        if (siteId is { } id)
            query = query.Where(s => s.SiteId == id);
        var guarded = await db.GuardContracts.AsNoTracking().Where(c => c.OrganisationId == user.OrganisationId).Select(c => c.SiteId).ToListAsync(ct);
        // Access notes ("key in the key box by gate B") are for those who open the gate: the school, its guards by
        // contract, and the city's coordinators and administrators; not for analysts or other authorities.
        return (await query.OrderBy(s => s.SiteId).ThenBy(s => s.Name).ToListAsync(ct))
            .Select(s => Permissions.ReadsAccessNotes(user.Roles, s.Site!.OrganisationId == user.OrganisationId || guarded.Contains(s.SiteId))
                ? View(s) : View(s) with { AccessNotes = null })
            .ToList();
    }

    public async Task<SensorView?> GetAsync(int id, CurrentUser user, CancellationToken ct) =>
        (await ListAsync(user, null, ct)).SingleOrDefault(s => s.Id == id);

    public bool IsArmed(Sensor sensor, DateTimeOffset at) =>
        Arming.IsArmed(sensor.ArmingMode, schoolYear.ScheduleOf(sensor.Site!, Core.Time.Stockholm.ToLocal(at).Year), at);

    private SensorView View(Sensor s) => new(
        s.Id, s.SiteId, s.Site!.Name, s.Kind, s.Name, s.ArmingMode, IsArmed(s, time.GetUtcNow()), s.Lat, s.Lon, s.AccessNotes);
}
