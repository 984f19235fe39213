using System.Security.Claims;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Lagesbild.Server.Features.Cameras;

public static class CamerasApi
{
    public static RouteGroupBuilder MapCamerasApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/cameras").WithTags("Cameras");

        group.MapGet("/", async (int? site, bool? retired, ClaimsPrincipal principal, CameraRegister register, CancellationToken ct) =>
            (await register.ListAsync(site, retired == true, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("The camera register (kamerabevakningslagen), by site and name: purpose, area covered, balancing assessment, recording hours (and whether " +
            "the camera may record now, by the site's calendar), retention, signage. site= one site; retired=true includes retired cameras. " +
            "Coordinators, administrators and the data protection officer read all; a school's manager and a control room their own sites'.");

        group.MapGet("/register.pdf", async (int? site, ClaimsPrincipal principal, CameraRegister register, IStringLocalizer<Strings> L,
            AuditTrail audit, TimeProvider time, CancellationToken ct) =>
        {
            var user = CurrentUser.From(principal);
            var outcome = await register.ListAsync(site, false, user, ct);
            if (outcome is not Outcome<List<CameraView>>.Done { Value: var cameras })
                return (IResult)outcome.ToResult();
            var siteName = site is null ? null : cameras.FirstOrDefault()?.Site ?? await register.SiteNameAsync(site.Value, ct);
            var name = site is { } id ? $"kameraregister-{id}" : "kameraregister";
            audit.Add(user, "export", "Camera", null, Core.Access.DataOwner.City, cameras.Count, $"{name}.pdf: {siteName ?? "all sites the reader may read"}");
            await audit.SaveAsync(ct);
            return TypedResults.File(CameraRegisterPdf.Write(cameras, siteName, time.GetUtcNow(), L), "application/pdf", $"{name}.pdf");
        })
        .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
        .WithSummary("The camera register as a PDF (the same readers and site= filter as the list): one table per camera, in the reader's language.");

        group.MapGet("/{id:int}", async (int id, ClaimsPrincipal principal, CameraRegister register, CancellationToken ct) =>
            (await register.GetAsync(id, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("One camera's entry, retired or not.");

        group.MapPost("/", async (CameraRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, ClaimsPrincipal principal,
            HttpResponse response, CameraRegister register, CancellationToken ct) =>
            (await register.CreateAsync(request, CurrentUser.From(principal), idempotencyKey, ct)).ToCreated(response, c => c, c => $"/api/cameras/{c.Id}"))
        .WithSummary("Register a camera (coordinators, administrators): siteId, name, purpose, coveredArea, assessment {text, madeOn, madeBy}, " +
            "recordingHours {mode: outsideOpeningHours (default) or windows, windows: [{day, from, to}]}, retentionDays (1–30), signage, signageLocation, snapshotUrl. " +
            "A window that meets the site's opening hours on any day of the coming year is refused (recordingHours). Send an Idempotency-Key header.");

        group.MapPut("/{id:int}", async (int id, CameraRequest request, ClaimsPrincipal principal, CameraRegister register, CancellationToken ct) =>
            (await register.UpdateAsync(id, request, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("Replace a camera's entry (the whole entry, as for registering it). A retired camera is not changed (409).");

        group.MapDelete("/{id:int}", async (int id, ClaimsPrincipal principal, CameraRegister register, CancellationToken ct) =>
            (await register.RetireAsync(id, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("Retire a camera taken down: it leaves the current register and keeps its entry (retiredAt, retiredBy); retiring again changes nothing.");
        return api;
    }
}
