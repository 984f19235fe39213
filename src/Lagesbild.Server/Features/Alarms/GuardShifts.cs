using System.Globalization;
using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Validation;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Alarms;

/// <summary>
/// Guards' shifts and patrol areas, planned by the control room of their company (or an administrator, for any
/// company); for the API and the page alike. Each change is audited.
/// </summary>
public sealed class GuardShifts(LagesbildDb db, AuditTrail audit)
{
    /// <summary>
    /// A patrol area may be the whole city (Stockholm has 117 districts), and every id must be a district; the bound
    /// is that of every id list, so that a list of thousands is refused before it is looked up.
    /// </summary>
    public const int MaxDistricts = Hosting.IdListAttribute.MaxCount;

    public static bool CanPlan(CurrentUser user) => user.Roles.Contains(Role.ControlRoom) || user.Roles.Contains(Role.Admin);

    public async Task<List<ShiftView>> ListAsync(CurrentUser user, CancellationToken ct)
    {
        var rows = await db.GuardShifts.AsNoTracking().OrderBy(s => s.From).ToListAsync(ct);
        var guards = await db.Users.AsNoTracking().Where(u => rows.Select(r => r.UserId).Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
        return rows.Where(r => guards.TryGetValue(r.UserId, out var g) && Reaches(user, g)).Select(r => View(r, guards[r.UserId])).ToList();
    }

    /// <summary>The guards whose shifts this user plans.</summary>
    public async Task<List<(int Id, string Name)>> GuardsAsync(CurrentUser user, CancellationToken ct) =>
        (await db.Users.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.DisplayName).ToListAsync(ct))
            .Where(u => u.Roles.Contains(Role.Guard) && Reaches(user, u)).Select(u => (u.Id, u.DisplayName)).ToList();

    public async Task<Outcome<ShiftView>> CreateAsync(ShiftRequest request, CurrentUser user, CancellationToken ct)
    {
        var shift = new GuardShift { DistrictIds = "" };
        if (await ApplyAsync(shift, request, user, ct) is { } refusal)
            return refusal;
        db.GuardShifts.Add(shift);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        Audit(user, "create-shift", shift);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return await ViewAsync(shift, ct);
    }

    public async Task<Outcome<ShiftView>> UpdateAsync(long id, ShiftRequest request, CurrentUser user, CancellationToken ct)
    {
        if (await FindAsync(id, user, ct) is not { } shift)
            return CanPlan(user) ? new Outcome<ShiftView>.Missing() : new Outcome<ShiftView>.Refused("Shifts are planned by the control room.");
        if (await ApplyAsync(shift, request, user, ct) is { } refusal)
            return refusal;
        Audit(user, "update-shift", shift);
        await db.SaveChangesAsync(ct);
        return await ViewAsync(shift, ct);
    }

    public async Task<Outcome<bool>> DeleteAsync(long id, CurrentUser user, CancellationToken ct)
    {
        if (await FindAsync(id, user, ct) is not { } shift)
            return CanPlan(user) ? new Outcome<bool>.Missing() : new Outcome<bool>.Refused("Shifts are planned by the control room.");
        db.GuardShifts.Remove(shift);
        Audit(user, "delete-shift", shift);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>A shift of a guard this user plans for; another company's shift is as unknown as one that is not there.</summary>
    private async Task<GuardShift?> FindAsync(long id, CurrentUser user, CancellationToken ct)
    {
        if (!CanPlan(user) || await db.GuardShifts.SingleOrDefaultAsync(s => s.Id == id, ct) is not { } shift)
            return null;
        var guard = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == shift.UserId, ct);
        return guard is not null && Reaches(user, guard) ? shift : null;
    }

    private async Task<Outcome<ShiftView>?> ApplyAsync(GuardShift shift, ShiftRequest request, CurrentUser user, CancellationToken ct)
    {
        if (!CanPlan(user))
            return new Outcome<ShiftView>.Refused("Shifts are planned by the control room.");
        var guard = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == request.UserId, ct);
        if (guard is null || !guard.Roles.Contains(Role.Guard) || !Reaches(user, guard))
            return Outcome<ShiftView>.Field(new Refusal("userId", RefusalCodes.NotFound, "No guard of your company has this id."));
        if (Times(request) is { } times)
            return Outcome<ShiftView>.Field(times);
        var districts = (request.DistrictIds ?? []).Distinct().ToList();
        if (districts.Count is 0 or > MaxDistricts)
            return Outcome<ShiftView>.Field(new Refusal("districtIds", districts.Count == 0 ? RefusalCodes.Required : RefusalCodes.TooMany,
                $"A patrol area is 1 to {MaxDistricts} districts.", [MaxDistricts]));
        var known = await db.Districts.AsNoTracking().Where(d => districts.Contains(d.Id)).Select(d => d.Id).ToListAsync(ct);
        if (districts.Where(d => !known.Contains(d)).Cast<int?>().FirstOrDefault() is { } unknown)
            return Outcome<ShiftView>.Field(new Refusal("districtIds", RefusalCodes.NotFound, $"No district has the id {unknown}."));
        (shift.UserId, shift.From, shift.To) = (guard.Id, request.From!.Value, request.To!.Value);
        shift.DistrictIds = string.Join(',', districts.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        return null;
    }

    private static Refusal? Times(ShiftRequest request)
    {
        const string Message = "A shift ends after it starts, and lasts at most 31 days.";
        if (request.From is not { } from || request.To is not { } to)
            return new("to", RefusalCodes.Required, Message);
        if (to <= from)
            return new("to", RefusalCodes.DatesReversed, Message);
        return to - from > TimeSpan.FromDays(MaxDays) ? new("to", RefusalCodes.OutOfRange, Message, [MaxDays]) : null;
    }

    private const int MaxDays = 31;

    private static bool Reaches(CurrentUser user, User guard) => user.Roles.Contains(Role.Admin) || guard.OrganisationId == user.OrganisationId;

    private void Audit(CurrentUser user, string action, GuardShift shift) =>
        audit.Add(user, action, nameof(GuardShift), shift.Id.ToString(CultureInfo.InvariantCulture), Classification.Internal,
            detail: string.Create(CultureInfo.InvariantCulture, $"guard {shift.UserId}; {shift.From:u} - {shift.To:u}; districts {shift.DistrictIds}"));

    private async Task<ShiftView> ViewAsync(GuardShift shift, CancellationToken ct) =>
        View(shift, await db.Users.AsNoTracking().SingleAsync(u => u.Id == shift.UserId, ct));

    private static ShiftView View(GuardShift s, User guard) => new(
        s.Id, s.UserId, guard.DisplayName, s.From, s.To,
        s.DistrictIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToList());
}
