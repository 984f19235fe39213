using System.Globalization;
using Lagesbild.Core.Access;
using Lagesbild.Core.Cameras;
using Lagesbild.Core.Sites;
using Lagesbild.Core.Time;
using Lagesbild.Core.Validation;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Sites;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Cameras;

/// <summary>
/// The municipality's camera register (kamerabevakningslagen): cameras per site, each with its purpose, coverage,
/// balancing assessment, recording hours held against the site's calendar, retention and signage. Each write is one
/// transaction with its audit entry; a camera taken down is retired and stays in the register's history.
/// </summary>
public sealed class CameraRegister(LagesbildDb db, SchoolYear schoolYear, AuditTrail audit, CameraCredentials credentials, TimeProvider time)
{
    private const string ReadersReason = "The camera register is for the city's coordinators, administrators and data protection officer, and for a school's manager and a control room at their own sites.";
    private const string KeepersReason = "The city's coordinators and administrators keep the camera register.";

    public async Task<Outcome<List<CameraView>>> ListAsync(int? siteId, bool retired, CurrentUser user, CancellationToken ct)
    {
        if (!CameraAccess.CanRead(user.Roles))
            return new Outcome<List<CameraView>>.Refused(ReadersReason);
        var sites = Readable(user);
        if (siteId is { } id && !await sites.AnyAsync(s => s.Id == id, ct))
            return Outcome<List<CameraView>>.Field(new Refusal("site", RefusalCodes.NotFound, "No site you may read has this id."));
        var query = db.Cameras.AsNoTracking().Where(c => sites.Any(s => s.Id == c.SiteId));
        if (siteId is { } only)
            query = query.Where(c => c.SiteId == only);
        if (!retired)
            query = query.Where(c => c.RetiredAt == null);
        var cameras = await query.OrderBy(c => c.SiteId).ThenBy(c => c.Name).ThenBy(c => c.Id).ToListAsync(ct);
        return await ViewsAsync(cameras, ct);
    }

    public async Task<Outcome<CameraView>> GetAsync(int id, CurrentUser user, CancellationToken ct)
    {
        if (!CameraAccess.CanRead(user.Roles))
            return new Outcome<CameraView>.Refused(ReadersReason);
        var sites = Readable(user);
        return await db.Cameras.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && sites.Any(s => s.Id == c.SiteId), ct) is { } camera
            ? (await ViewsAsync([camera], ct))[0]
            : new Outcome<CameraView>.Missing();
    }

    /// <summary>Registers a camera; a retry with the same Idempotency-Key and body answers the first and registers nothing.</summary>
    public async Task<Outcome<Written<CameraView>>> CreateAsync(CameraRequest request, CurrentUser user, string? idempotencyKey, CancellationToken ct)
    {
        if (!CameraAccess.CanKeep(user.Roles))
            return new Outcome<Written<CameraView>>.Refused(KeepersReason);
        var hash = Idempotency.Hash(request);
        var write = new KeyedWrite<Camera, Written<CameraView>>(db, idempotencyKey)
        {
            FindEarlier = key => db.Cameras.AsNoTracking().SingleOrDefaultAsync(c => c.CreatedById == user.Id && c.IdempotencyKey == key, ct),
            IsSameRequest = earlier => earlier.RequestHash == hash,
            Replay = async earlier => new Written<CameraView>((await ViewsAsync([earlier], ct))[0], true),
            ReusedReason = "This Idempotency-Key was already used for another camera.",
        };
        return await write.RunAsync(async () =>
        {
            var now = time.GetUtcNow();
            var camera = new Camera
            {
                Name = "",
                Purpose = "",
                CoveredArea = "",
                Assessment = "",
                AssessedBy = "",
                UpdatedByName = user.Name,
                CreatedAt = now,
                CreatedById = user.Id,
                IdempotencyKey = write.Key,
                RequestHash = hash,
            };
            if (await ApplyAsync(camera, request, user, ct) is { } refused)
                return refused.As<Written<CameraView>>();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Cameras.Add(camera);
            await db.SaveChangesAsync(ct);
            audit.Add(user, "create", nameof(Camera), camera.Id.ToString(CultureInfo.InvariantCulture), DataOwner.City, 1, Summary(camera));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new Written<CameraView>((await ViewsAsync([camera], ct))[0], false);
        });
    }

    /// <summary>Replaces a camera's entry (the whole entry, as for registering it); a retired camera is history and is not changed.</summary>
    public async Task<Outcome<CameraView>> UpdateAsync(int id, CameraRequest request, CurrentUser user, CancellationToken ct)
    {
        if (!CameraAccess.CanKeep(user.Roles))
            return new Outcome<CameraView>.Refused(KeepersReason);
        if (await db.Cameras.FirstOrDefaultAsync(c => c.Id == id, ct) is not { } camera)
            return new Outcome<CameraView>.Missing();
        if (camera.RetiredAt is not null)
            return new Outcome<CameraView>.Conflict("The camera is retired; its entry is kept as it was. Register the camera again if it is put back.", null, RefusalCodes.Ended);
        var before = Summary(camera);
        if (await ApplyAsync(camera, request, user, ct) is { } refused)
            return refused;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        audit.Add(user, "update", nameof(Camera), id.ToString(CultureInfo.InvariantCulture), DataOwner.City, 1, $"before: {before}; after: {Summary(camera)}");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (await ViewsAsync([camera], ct))[0];
    }

    /// <summary>Retires a camera taken down: it stops being in the register's current list and keeps its entry as history.</summary>
    public async Task<Outcome<CameraView>> RetireAsync(int id, CurrentUser user, CancellationToken ct)
    {
        if (!CameraAccess.CanKeep(user.Roles))
            return new Outcome<CameraView>.Refused(KeepersReason);
        if (await db.Cameras.FirstOrDefaultAsync(c => c.Id == id, ct) is not { } camera)
            return new Outcome<CameraView>.Missing();
        if (camera.RetiredAt is null)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            (camera.RetiredAt, camera.RetiredByName) = (time.GetUtcNow(), user.Name);
            await db.SaveChangesAsync(ct);
            audit.Add(user, "retire", nameof(Camera), id.ToString(CultureInfo.InvariantCulture), DataOwner.City, 1, Summary(camera));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        return (await ViewsAsync([camera], ct))[0];
    }

    /// <summary>The sites whose cameras the user reads, by name, for a page's choice of site.</summary>
    public async Task<List<(int Id, string Name)>> SitesAsync(CurrentUser user, CancellationToken ct) =>
        CameraAccess.CanRead(user.Roles)
            ? (await Readable(user).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct)).Select(s => (s.Id, s.Name)).ToList()
            : [];

    public async Task<string?> SiteNameAsync(int siteId, CancellationToken ct) =>
        await db.Sites.AsNoTracking().Where(s => s.Id == siteId).Select(s => s.Name).FirstOrDefaultAsync(ct);

    /// <summary>The sites whose cameras a user reads: all for the city's roles, else their own and those guarded by contract.</summary>
    public IQueryable<Site> Readable(CurrentUser user) =>
        CameraAccess.ReadsAllSites(user.Roles) ? db.Sites.AsNoTracking() : db.Sites.AsNoTracking().OperatedBy(user, db.GuardContracts);

    /// <summary>Checks the request against the rules and the site's calendar and copies it onto the camera; the refusal, or null.</summary>
    private async Task<Outcome<CameraView>?> ApplyAsync(Camera camera, CameraRequest request, CurrentUser user, CancellationToken ct)
    {
        var refusals = new Refusals();
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(Stockholm.ToLocal(now));
        Site? site = null;
        if (request.SiteId is null)
            refusals.Add("siteId", RefusalCodes.Required, "siteId is required.");
        else if ((site = await db.Sites.AsNoTracking().FirstOrDefaultAsync(s => s.Id == request.SiteId, ct)) is null)
            refusals.Add("siteId", RefusalCodes.NotFound, "No site has this id.");
        CameraRules.CheckText(refusals, "name", request.Name, 2, 200);
        CameraRules.CheckText(refusals, "purpose", request.Purpose, 2, 2000);
        CameraRules.CheckText(refusals, "coveredArea", request.CoveredArea, 2, 2000);
        if (request.Assessment is null)
            refusals.Add("assessment", RefusalCodes.Required, "assessment is required: the documented balancing assessment (text, madeOn, madeBy).");
        else
        {
            CameraRules.CheckText(refusals, "assessment.text", request.Assessment.Text, CameraRules.MinAssessment, CameraRules.MaxAssessment);
            CameraRules.CheckAssessmentDate(refusals, request.Assessment.MadeOn, today);
            CameraRules.CheckText(refusals, "assessment.madeBy", request.Assessment.MadeBy, 2, 200);
        }
        CameraRules.CheckRetention(refusals, request.RetentionDays);
        if (request.Signage is null)
            refusals.Add("signage", RefusalCodes.Required, "signage is required: whether signs tell people of the camera.");
        else if (request.Signage == true)
            CameraRules.CheckText(refusals, "signageLocation", request.SignageLocation, 2, 500);
        else if (!string.IsNullOrWhiteSpace(request.SignageLocation))
            refusals.Add("signageLocation", RefusalCodes.Invalid, "signageLocation is given only with signage: true.");
        CameraRules.CheckSnapshotUrl(refusals, request.SnapshotUrl);
        CameraRules.CheckSnapshotUrl(refusals, request.OnvifUrl, "onvifUrl", "http://kamera.example/onvif/device_service");
        CameraRules.CheckCredentials(refusals, request.SnapshotUserName, request.SnapshotPassword);
        RecordingHours? hours = null;
        if (site is not null)
        {
            var windows = request.RecordingHours?.Windows?.Select(w => new RecordingWindowText(w.Day, w.From, w.To)).ToList();
            var (checkedHours, recording) = RecordingHours.Check(request.RecordingHours?.Mode, windows, schoolYear.ScheduleOf(site, today.Year), today);
            hours = checkedHours;
            foreach (var refusal in recording)
                refusals.Add(refusal);
        }
        if (refusals.Count > 0)
            return Outcome<CameraView>.Because(refusals);
        camera.SiteId = site!.Id;
        camera.Name = request.Name!.Trim();
        camera.Purpose = request.Purpose!.Trim();
        camera.CoveredArea = request.CoveredArea!.Trim();
        (camera.Assessment, camera.AssessedOn, camera.AssessedBy) = (request.Assessment!.Text!.Trim(), request.Assessment.MadeOn!.Value, request.Assessment.MadeBy!.Trim());
        camera.RecordingMode = hours!.Mode;
        camera.RecordingWindows = CameraWindows.Write(hours.Windows);
        camera.RetentionDays = request.RetentionDays!.Value;
        (camera.Signage, camera.SignageLocation) = (request.Signage!.Value, request.Signage == true ? request.SignageLocation!.Trim() : null);
        camera.SnapshotUrl = string.IsNullOrWhiteSpace(request.SnapshotUrl) ? null : request.SnapshotUrl.Trim();
        camera.OnvifUrl = string.IsNullOrWhiteSpace(request.OnvifUrl) ? null : request.OnvifUrl.Trim();
        // Write-only: a password left out keeps the one stored; no user name, no credentials at all.
        var userName = request.SnapshotUserName?.Trim();
        if (string.IsNullOrEmpty(userName))
            (camera.SnapshotUserName, camera.SnapshotPassword) = (null, null);
        else
        {
            camera.SnapshotUserName = userName;
            if (!string.IsNullOrEmpty(request.SnapshotPassword))
                camera.SnapshotPassword = credentials.Protect(request.SnapshotPassword);
        }
        (camera.UpdatedAt, camera.UpdatedByName) = (now, user.Name);
        return null;
    }

    private async Task<List<CameraView>> ViewsAsync(IReadOnlyList<Camera> cameras, CancellationToken ct)
    {
        var siteIds = cameras.Select(c => c.SiteId).Distinct().ToList();
        var sites = await db.Sites.AsNoTracking().Where(s => siteIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var now = time.GetUtcNow();
        var year = Stockholm.ToLocal(now).Year;
        var schedules = sites.ToDictionary(s => s.Key, s => schoolYear.ScheduleOf(s.Value, year));
        return cameras.Select(c => View(c, sites[c.SiteId].Name, schedules[c.SiteId], now)).ToList();
    }

    private static CameraView View(Camera c, string site, SiteSchedule schedule, DateTimeOffset now)
    {
        var hours = CameraWindows.Hours(c);
        return new CameraView(c.Id, c.SiteId, site, c.Name, c.Purpose, c.CoveredArea,
            new AssessmentView(c.Assessment, c.AssessedOn, c.AssessedBy),
            new RecordingHoursView(hours.Mode, hours.Windows.Select(w => new RecordingWindowView(w.Day, ClockTime.Format(w.From), ClockTime.Format(w.To))).ToList()),
            c.RetiredAt is null && hours.AllowsAt(schedule, now),
            schedule.IsOpenAt(now),
            c.RetentionDays, c.Signage, c.SignageLocation, c.SnapshotUrl, c.OnvifUrl, c.SnapshotUserName, c.SnapshotPassword is not null, c.CreatedAt, c.UpdatedAt, c.UpdatedByName, c.RetiredAt, c.RetiredByName);
    }

    /// <summary>What an audit entry says of a camera's entry: enough to see what changed, not the assessment's whole text.</summary>
    private static string Summary(Camera c) => string.Create(CultureInfo.InvariantCulture,
        $"site {c.SiteId}; {c.Name}; recording {c.RecordingMode} {c.RecordingWindows}; retention {c.RetentionDays} d; signage {(c.Signage ? "yes" : "no")}; still {(c.OnvifUrl is not null ? "onvif" : c.SnapshotUrl is not null ? "http" : "none")}{(c.SnapshotUserName is null ? "" : " with credentials")}; assessed {c.AssessedOn:yyyy-MM-dd} by {c.AssessedBy}");
}
