using System.Security.Claims;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Alarms;

/// <summary>Guards' shifts and patrol areas, planned by the control room (or an administrator) of their company.</summary>
public static class ShiftsApi
{
    public static RouteGroupBuilder MapShiftsApi(this RouteGroupBuilder api)
    {
        var shifts = api.MapGroup("/guard-shifts").WithTags("Alarms");
        shifts.MapGet("/", async (ClaimsPrincipal principal, GuardShifts service, CancellationToken ct) =>
            TypedResults.Ok(await service.ListAsync(CurrentUser.From(principal), ct)))
        .WithSummary("The shifts of your guard company's guards.");
        shifts.MapPost("/", async (ShiftRequest request, ClaimsPrincipal principal, GuardShifts service, CancellationToken ct) =>
            (await service.CreateAsync(request, CurrentUser.From(principal), ct)).ToCreated(s => $"/api/guard-shifts/{s.Id}"))
        .WithSummary("Plan a guard's shift: {userId, from, to, districtIds} (the patrol area as districts).");
        shifts.MapPut("/{id:long}", async (long id, ShiftRequest request, ClaimsPrincipal principal, GuardShifts service, CancellationToken ct) =>
            (await service.UpdateAsync(id, request, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("Change a shift: {userId, from, to, districtIds} (the control room of the guard's company, or an administrator).");
        shifts.MapDelete("/{id:long}", async (long id, ClaimsPrincipal principal, GuardShifts service, CancellationToken ct) =>
            (await service.DeleteAsync(id, CurrentUser.From(principal), ct)).ToNoContent())
        .WithSummary("Remove a planned shift (the control room of the guard's company, or an administrator).");
        return api;
    }
}
