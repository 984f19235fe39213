using System.Globalization;
using System.Security.Claims;
using Lagesbild.Core.Access;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Alarms;

/// <summary>Guards' shifts and patrol areas, planned by the control room (or an administrator) of their company.</summary>
public static class ShiftsApi
{
    public static RouteGroupBuilder MapShiftsApi(this RouteGroupBuilder api)
    {
        var shifts = api.MapGroup("/guard-shifts").WithTags("Alarms");
        shifts.MapGet("/", async (ClaimsPrincipal principal, LagesbildDb db, CancellationToken ct) =>
        {
            var user = CurrentUser.From(principal);
            var rows = await db.GuardShifts.AsNoTracking().OrderBy(s => s.From).ToListAsync(ct);
            var guards = await db.Users.AsNoTracking().Where(u => rows.Select(r => r.UserId).Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
            var visible = rows.Where(r => guards.TryGetValue(r.UserId, out var g) && (user.Roles.Contains(Role.Admin) || g.OrganisationId == user.OrganisationId));
            return TypedResults.Ok(visible.Select(r => View(r, guards[r.UserId])).ToList());
        })
        .WithSummary("The shifts of your guard company's guards.");
        shifts.MapPost("/", async (ShiftRequest request, ClaimsPrincipal principal, LagesbildDb db, CancellationToken ct) =>
        {
            var user = CurrentUser.From(principal);
            if (!user.Roles.Contains(Role.ControlRoom) && !user.Roles.Contains(Role.Admin))
                return new Outcome<ShiftView>.Refused("Shifts are planned by the control room.").ToCreated(_ => "");
            var guard = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == request.UserId, ct);
            if (guard is null || !guard.Roles.Contains(Role.Guard) || (!user.Roles.Contains(Role.Admin) && guard.OrganisationId != user.OrganisationId))
                return Outcome<ShiftView>.Field("userId", "No guard of your company has this id.").ToCreated(_ => "");
            if (request.To <= request.From || request.To - request.From > TimeSpan.FromDays(31))
                return Outcome<ShiftView>.Field("to", "A shift ends after it starts, and lasts at most 31 days.").ToCreated(_ => "");
            var known = await db.Districts.AsNoTracking().Select(d => d.Id).ToListAsync(ct);
            if (request.DistrictIds!.Where(d => !known.Contains(d)).Cast<int?>().FirstOrDefault() is { } unknown)
                return Outcome<ShiftView>.Field("districtIds", $"No district has the id {unknown}.").ToCreated(_ => "");
            var shift = new GuardShift
            {
                UserId = guard.Id,
                From = request.From!.Value,
                To = request.To!.Value,
                DistrictIds = string.Join(',', request.DistrictIds!.Select(d => d.ToString(CultureInfo.InvariantCulture))),
            };
            db.GuardShifts.Add(shift);
            await db.SaveChangesAsync(ct);
            return new Outcome<ShiftView>.Done(View(shift, guard)).ToCreated(s => $"/api/guard-shifts/{s.Id}");
        })
        .WithSummary("Plan a guard's shift: {userId, from, to, districtIds} (the patrol area as districts).");
        return api;
    }

    private static ShiftView View(GuardShift s, User guard) => new(
        s.Id, s.UserId, guard.DisplayName, s.From, s.To,
        s.DistrictIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToList());
}
