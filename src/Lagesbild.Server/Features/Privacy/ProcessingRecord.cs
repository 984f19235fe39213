using System.Globalization;
using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;
using Lagesbild.Data;
using Lagesbild.Server.Components.Shared;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Privacy;

/// <summary>One category of personal data in the record: why, about whom, what, who receives it and how long it is kept.</summary>
public sealed record RecordCategory(
    string Id, string Name, string Purpose, string People, string Data, IReadOnlyList<Role> Recipients, string RecipientsText, string Retention);

/// <summary>An organisation's record of processing (registerförteckning, GDPR art. 30), generated from the product's configuration.</summary>
public sealed record ProcessingRecord(
    int OrganisationId, string Organisation, OrganisationKind Kind, DateTimeOffset GeneratedAt, string Controller, string Storage, string Transfers,
    IReadOnlyList<RecordCategory> Categories, IReadOnlyList<string> Security);

/// <summary>
/// Builds the record of processing from what the product holds for an organisation (the roles of its users, its sites),
/// the permission rules (read through <see cref="Recipients"/>), the retention options and the configured database.
/// </summary>
public sealed class ProcessingRecordService(
    LagesbildDb db, IOptions<RetentionOptions> retention, IOptions<DatabaseOptions> database, IStringLocalizer<Strings> L, TimeProvider time)
{
    public async Task<Outcome<ProcessingRecord>> BuildAsync(int organisationId, Auth.CurrentUser reader, CancellationToken ct)
    {
        if (!Recipients.CanReadRecords(reader.Roles))
            return new Outcome<ProcessingRecord>.Refused("The record of processing is read by administrators and the data protection officer, and by an organisation's coordinators, police and social services.");
        if (!Recipients.CanReadRecord(reader.Roles, reader.OrganisationId, organisationId))
            return new Outcome<ProcessingRecord>.Refused("You may read your own organisation's record of processing only.");
        var organisation = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organisationId, ct);
        if (organisation is null)
            return new Outcome<ProcessingRecord>.Missing();
        var userRoles = await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId && u.IsActive).Select(u => u.Roles).ToListAsync(ct);
        var roles = userRoles.SelectMany(r => r).Concat(Recipients.TypicalOf(organisation.Kind)).Distinct().ToArray();
        var hasSites = await db.Sites.AnyAsync(s => s.OrganisationId == organisationId, ct);
        return new ProcessingRecord(
            organisation.Id, organisation.Name, organisation.Kind, time.GetUtcNow(),
            string.Format(CultureInfo.CurrentCulture, L["RecordController"], organisation.Name),
            database.Value.Provider == DatabaseProvider.Postgres ? L["RecordStoragePostgres"] : L["RecordStorageSqlite"],
            L["RecordTransfers"],
            Categories(organisation.Kind, roles, hasSites).ToList(),
            SecurityMeasures.Select(key => L[key].Value).ToList());
    }

    private static readonly string[] SecurityMeasures =
        ["RecordSecurityTiers", "RecordSecurityAudit", "RecordSecurityKeys", "RecordSecurityPasswords", "RecordSecurityFreeText", "RecordSecurityPublic", "RecordSecurityPhotos", "RecordSecurityRetention"];

    private IEnumerable<RecordCategory> Categories(OrganisationKind kind, Role[] roles, bool hasSites)
    {
        var o = retention.Value;
        foreach (var tier in Enum.GetValues<Classification>().Where(t => Permissions.CanWrite(roles, t)))
            yield return Category($"observations-{Lower(tier)}", "Observations", Recipients.Of(r => Permissions.CanRead(r, tier)), null,
                Days("RecordRetentionObservations", o.ObservationTextDays), Tier(tier));
        foreach (var tier in Enum.GetValues<Classification>().Where(t => t != Classification.Public && Permissions.CanWrite(roles, t)))
            yield return Category($"scene-notes-{Lower(tier)}", "SceneNotes", Recipients.Of(r => Permissions.CanRead(r, tier)), null,
                L["RecordRetentionSceneNotes"], Tier(tier));
        if (Permissions.CanTriageReports(roles) || kind == OrganisationKind.Police)
            yield return Category("resident-reports", "ResidentReports", Recipients.Of(Permissions.CanTriageReports), "RecordRecipientsResidentReports",
                Days("RecordRetentionResidentReports", o.ResidentReportDays));
        if (hasSites || kind == OrganisationKind.School || roles.Contains(Role.SchoolStaff))
            yield return Category("rounds", "Rounds", Recipients.Of(r => Permissions.CanWalkRounds(r) || Permissions.SeesAllSites(r)), "RecordRecipientsRounds",
                Days("RecordRetentionRounds", o.FindingDays));
        if (hasSites || kind == OrganisationKind.GuardCompany || Permissions.SeesAllAlarms(roles))
            yield return Category("alarms", "Alarms", Recipients.Of(Permissions.SeesAllAlarms), "RecordRecipientsAlarms",
                Days("RecordRetentionAlarms", o.SensorEventDays));
        yield return Category("audit", "Audit", Recipients.Of(AuditReaders.CanRead), "RecordRecipientsAudit",
            string.Format(CultureInfo.CurrentCulture, L["RecordRetentionAudit"], L.Count("YearCount", o.AuditYears)));
        yield return Category("users", "Users", Recipients.Of(Permissions.CanManageUsers), null,
            Days("RecordRetentionUsers", o.NotificationDays));
    }

    private RecordCategory Category(string id, string texts, IReadOnlyList<Role> recipients, string? recipientsNote, string retentionText, string? tier = null)
    {
        string Text(string part) => string.Format(CultureInfo.CurrentCulture, L[$"Record{texts}{part}"], tier ?? "");
        var names = string.Join(", ", recipients.Select(r => L[$"RecordRole{r}"].Value));
        return new RecordCategory(id, Text("Name"), Text("Purpose"), Text("People"), Text("Data"), recipients,
            recipientsNote is null ? names : $"{names}. {L[recipientsNote]}", retentionText);
    }

    private string Days(string key, int days) => string.Format(CultureInfo.CurrentCulture, L[key], L.Count("DayCount", days));

    private string Tier(Classification tier) => L[$"RecordTier{tier}"];

    private static string Lower(Classification tier) => tier.ToString().ToLowerInvariant();
}
