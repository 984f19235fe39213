using System.Globalization;
using Lagesbild.Core.Access;
using Lagesbild.Core.Residents;
using Lagesbild.Core.Time;
using Lagesbild.Data;
using Lagesbild.Server.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Residents;

/// <summary>
/// The promise made to residents (syringes near children collected within 24 hours) as a durable timer: each report
/// carries its expected time, and a pass tells the triage coordinators once of each open report past it. The report
/// row records that it was told, so a restart loses nothing and two servers cannot both tell.
/// </summary>
public sealed class PromiseWatch(LagesbildDb db, Notifier notifier, TimeProvider time)
{
    public const string Kind = "report.promise-overdue";

    public async Task<int> AlertOverdueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var closed = RequestStatus.ClosedOnes;
        var overdue = await db.ServiceRequests.AsNoTracking()
            .Where(r => r.PromiseOverdueAt == null && r.ExpectedAt != null && r.ExpectedAt <= now && !closed.Contains(r.Status))
            .OrderBy(r => r.ExpectedAt).Take(500).ToListAsync(ct);
        var told = 0;
        foreach (var report in overdue)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var changed = await db.ServiceRequests.Where(r => r.Id == report.Id && r.PromiseOverdueAt == null && !closed.Contains(r.Status))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.PromiseOverdueAt, now), ct);
            if (changed == 0)
                continue;
            notifier.Add(NoticeOf(report), await CoordinatorsForAsync(report.DistrictId, ct));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            told++;
        }
        return told;
    }

    /// <summary>The coordinators who triage the report: those of the whole city and those whose organisation is scoped to its district.</summary>
    private async Task<List<User>> CoordinatorsForAsync(int? districtId, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().Where(u => u.IsActive).ToListAsync(ct);
        var scoped = await db.OrganisationAreas.AsNoTracking().ToListAsync(ct);
        return users.Where(u => u.Roles.Contains(Role.Coordinator)
                && (scoped.All(a => a.OrganisationId != u.OrganisationId) || scoped.Any(a => a.OrganisationId == u.OrganisationId && a.DistrictId == districtId)))
            .ToList();
    }

    public static Notice NoticeOf(ServiceRequest report)
    {
        var id = report.Id.ToString(CultureInfo.InvariantCulture);
        var due = Stockholm.ToLocal(report.ExpectedAt!.Value).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return new Notice(
            Kind,
            $"Invånarrapport {id} ({report.ServiceName}) skulle vara åtgärdad senast {due} men är fortfarande öppen.",
            new Dictionary<string, string> { ["id"] = id, ["service"] = report.ServiceName, ["due"] = due },
            "/triage",
            new { reportId = report.Id, service = report.ServiceCode, expectedAt = report.ExpectedAt, status = report.Status },
            $"Löfte till invånare ej hållet: rapport {id}",
            $"Invånarrapport {id} ({report.ServiceName}) lovades åtgärd senast {due} och är fortfarande öppen.\n" +
            $"Resident report {id} ({report.ServiceName}) was promised action by {due} and is still open.");
    }
}
