using System.Security.Claims;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace Lagesbild.Server.Features.Alarms.Dc09;

/// <summary>The DC-09 panel accounts: administrators and coordinators, who register the sensors, keep them.</summary>
public static class PanelsApi
{
    public static RouteGroupBuilder MapPanelsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/alarm-panels").WithTags("Alarm panels");

        group.MapGet("/", async (int? site, ClaimsPrincipal principal, PanelService panels, CancellationToken ct) =>
            (await panels.ListAsync(site, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("The DC-09 panel accounts, by site and account (site= one site): account, receiver, prefix, site, the panel's own sensor, whether it has a key " +
            "(never the key), supervision interval and grace, when it was last heard from, whether its line is at fault, and its zones. Administrators and coordinators.");

        group.MapGet("/{id:int}", async (int id, ClaimsPrincipal principal, PanelService panels, CancellationToken ct) =>
            (await panels.GetAsync(id, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("One panel account.");

        group.MapPost("/", async (PanelRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, ClaimsPrincipal principal,
            HttpResponse response, PanelService panels, CancellationToken ct) =>
            (await panels.CreateAsync(request, CurrentUser.From(principal), idempotencyKey, ct)).ToCreated(response, p => p, p => $"/api/alarm-panels/{p.Id}"))
        .WithSummary("Register a panel: account (3–16 hex digits, as sent after '#'), receiver and prefix (1–6 hex digits, optional: any when left out), name, siteId, " +
            "sensorId (the site's sensor that takes zones not mapped to their own), key (AES-128/192/256 as 32/48/64 hex digits, optional), supervisionSeconds " +
            "(0 = not supervised), graceSeconds (default 30), zones [{zone, sensorId}]. Send an Idempotency-Key header.");

        group.MapPut("/{id:int}", async (int id, PanelRequest request, ClaimsPrincipal principal, PanelService panels, CancellationToken ct) =>
            (await panels.UpdateAsync(id, request, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("Replace a panel's settings. key left out keeps the key; an empty key removes it. zones left out keep the zones (those at another site are dropped).");

        group.MapPut("/{id:int}/zones", async (int id, PanelZoneRequest[] zones, ClaimsPrincipal principal, PanelService panels, CancellationToken ct) =>
            (await panels.SetZonesAsync(id, zones, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("Replace a panel's zone map: [{zone, sensorId}], each sensor at the panel's site.");

        group.MapDelete("/{id:int}", async (int id, ClaimsPrincipal principal, PanelService panels, CancellationToken ct) =>
            (await panels.DeleteAsync(id, CurrentUser.From(principal), ct)).ToNoContent())
        .WithSummary("Remove a panel account: its frames are answered DUH from now on; its events and alarms stay.");
        return api;
    }
}
