using System.Globalization;
using System.Security.Claims;
using Lagesbild.Server.Components.Shared;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Lagesbild.Server.Features.Alarms;

/// <summary>Sensors, the events they send, and the alarms those raise.</summary>
public static class AlarmsApi
{
    /// <summary>The console's history of closed alarms asked for in hours: at most three days.</summary>
    private const int MaxClosedHours = 72;

    /// <summary>A sensor event is small; anything larger is refused before it is read.</summary>
    public const int MaxEventBytes = 16 * 1024;

    public static RouteGroupBuilder MapAlarmsApi(this RouteGroupBuilder api)
    {
        var sensors = api.MapGroup("/sensors").WithTags("Sensors");
        sensors.MapPost("/", async (SensorRequest request, ClaimsPrincipal principal, SensorService service, CancellationToken ct) =>
            (await service.CreateAsync(request, CurrentUser.From(principal), ct)).ToCreated(s => $"/api/sensors/{s.Id}"))
        .WithSummary("Register a sensor at a site: {siteId, kind, name, armingMode}. The answer holds its signing secret, shown this once.");
        sensors.MapGet("/", async (int? site, ClaimsPrincipal principal, SensorService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ListAsync(CurrentUser.From(principal), site, ct)))
        .WithSummary("The sensors at the sites you may see, each with armedNow.");
        sensors.MapGet("/{id:int}", async Task<Results<Ok<SensorView>, NotFound>> (int id, ClaimsPrincipal principal, SensorService service, CancellationToken ct) =>
            await service.GetAsync(id, CurrentUser.From(principal), ct) is { } sensor ? TypedResults.Ok(sensor) : TypedResults.NotFound())
        .WithSummary("One sensor, with armedNow.");
        sensors.MapPost("/{id:int}/rotate-secret", async (int id, ClaimsPrincipal principal, SensorService service, CancellationToken ct) =>
            (await service.RotateSecretAsync(id, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("Give a sensor a new signing secret, in this answer only; the old one stops working (administrators and coordinators).");

        // Sensors sign their events; they have no user to sign in as.
        api.MapPost("/sensor-events", async (HttpRequest http, HttpResponse response, EventIngest ingest, RehearsalToken rehearsal, CancellationToken ct) =>
        {
            // The start's own rehearsal requests only: marked otherwise (a guess, or answered after the rehearsal), never stored.
            var rehearsing = http.Headers.ContainsKey(RehearsalToken.Header);
            if (rehearsing && !rehearsal.Matches(http.Headers[RehearsalToken.Header].FirstOrDefault()))
                return (IResult)TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not a rehearsal of this server's start.", detail: $"Sensors do not send {RehearsalToken.Header}.");
            using var buffer = new MemoryStream();
            await http.Body.CopyToAsync(buffer, ct);
            var result = await ingest.IngestAsync(buffer.ToArray(), http.Headers["X-Lagesbild-Signature"].FirstOrDefault(), ct, rehearsal: rehearsing);
            switch (result)
            {
                case IngestResult.Stored stored:
                    if (stored.Replayed)
                        response.Headers["Idempotent-Replayed"] = "true";
                    return (IResult)TypedResults.Ok(stored.Receipt);
                case IngestResult.Invalid invalid:
                    return TypedResults.ValidationProblem(invalid.Errors);
                case IngestResult.Unauthorized unauthorized:
                    return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not a signed event of a known sensor.", detail: unauthorized.Reason);
                default:
                    throw new InvalidOperationException("Unknown result.");
            }
        })
        .AllowAnonymous()
        .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxEventBytes))
        .WithTags("Sensors")
        .WithSummary("A sensor's event {sensorId, eventId, type, occurredAt, mediaUrl?}, signed with X-Lagesbild-Signature: sha256=<hex HMAC-SHA256 of the raw body with the sensor's secret>. Answered only once stored; the same eventId again answers as the first time.");

        var alarms = api.MapGroup("/alarms").WithTags("Alarms");
        alarms.MapGet("/", async (string? status, int? hours, int? site, ClaimsPrincipal principal, AlarmService service, TimeProvider time, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (status is not (null or "open" or "all" or "closed"))
                errors["status"] = ["status is open, all or closed."];
            if (hours is { } h && (status != "closed" || h is < 1 or > MaxClosedHours))
                errors["hours"] = [$"hours goes with status=closed and is 1 to {MaxClosedHours}."];
            if (errors.Count > 0)
                return (IResult)TypedResults.ValidationProblem(errors);
            var which = status switch { "all" => AlarmList.All, "closed" => AlarmList.Closed, _ => AlarmList.Open };
            var user = CurrentUser.From(principal);
            DateTimeOffset? since = which != AlarmList.Closed ? null
                : hours is { } back ? time.GetUtcNow().AddHours(-back)
                : (await service.ShiftStartAsync(user, ct)).Since;
            return TypedResults.Ok(await service.ListAsync(user, which, since, ct, site));
        })
        .WithSummary("Alarms you may see: open ones (default, newest first), all, or closed (resolved or cancelled) during the shift, the latest closed first: " +
            $"in the last `hours` if given, else since the start of the guard shift you are on now (at most {MaxClosedHours} hours back), else in the last 12 hours; optionally at one site. Each alarm names the actions a guard may take in its state.");
        alarms.MapGet("/stats", async (string? from, string? to, string? site, string? company, string? format, ClaimsPrincipal principal,
            AlarmStatsService stats, IStringLocalizer<Strings> L, TimeProvider time, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var query = AlarmStatsQuery.Parse(from, to, site, company, time.GetUtcNow(), errors);
            var kind = (format ?? "json").Trim().ToLowerInvariant();
            if (kind is not ("json" or "csv" or "xlsx"))
                errors["format"] = ["format is json (the default), csv or xlsx."];
            if (errors.Count > 0)
                return (IResult)TypedResults.ValidationProblem(errors);
            var outcome = await stats.BuildAsync(query!, CurrentUser.From(principal), ct, kind == "json" ? null : kind);
            if (outcome is not Outcome<AlarmStatsView>.Done { Value: var view })
                return outcome.ToResult();
            var name = string.Create(CultureInfo.InvariantCulture, $"larmstatistik-{Formats.Date(view.From)}-{Formats.Date(view.To.AddTicks(-1))}");
            return kind switch
            {
                "csv" => TypedResults.File(AlarmStatsTables.Csv(AlarmStatsTables.Build(view, L)), "text/csv; charset=utf-8", $"{name}.csv"),
                "xlsx" => TypedResults.File(Exports.Workbook.Write(AlarmStatsTables.Build(view, L)), Exports.Workbook.ContentType, $"{name}.xlsx"),
                _ => TypedResults.Ok(view),
            };
        })
        .Produces<AlarmStatsView>()
        .Produces(StatusCodes.Status200OK, contentType: Exports.Workbook.ContentType)
        .WithSummary("Alarm statistics for a window of opening times (from, to: Stockholm dates, to inclusive, or instants with offset; default the current month and the eleven before it; at most " +
            $"{AlarmStatsQuery.MaxDays} days), optionally one site and one guard company: counts by outcome, time to acknowledge and to arrive (median and 90th percentile, seconds), " +
            "false-alarm share and escalations, in total, per site, per company and per Stockholm month. format=json (default), csv or xlsx (audited as exports). " +
            "Coordinators, analysts and administrators; a control room its own company's.");
        alarms.MapGet("/{id:long}", async Task<Results<Ok<AlarmView>, NotFound>> (long id, ClaimsPrincipal principal, AlarmService service, CancellationToken ct) =>
            await service.GetAsync(id, CurrentUser.From(principal), ct) is { } alarm ? TypedResults.Ok(alarm) : TypedResults.NotFound())
        .WithSummary("One alarm with its timeline.");
        alarms.MapGet("/{id:long}/snapshots", async Task<Results<Ok<List<Snapshots.SnapshotView>>, NotFound>> (long id, ClaimsPrincipal principal,
            Snapshots.AlarmSnapshots snapshots, HttpResponse response, CancellationToken ct) =>
        {
            response.Headers.CacheControl = "no-store";
            return await snapshots.ListAsync(id, CurrentUser.From(principal), ct) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound();
        })
        .WithSummary("The still pictures fetched from the site's cameras when the alarm opened: each with its camera, when, and the picture's url, " +
            "or why there is none (failure: NotRecording, Timeout, Unreachable, HttpStatus, TooLarge, NotAnImage, Onvif, Credentials). Whoever may read the alarm.");
        alarms.MapGet("/{id:long}/snapshots/{snapshotId:long}", async Task<Results<FileContentHttpResult, NotFound>> (long id, long snapshotId, ClaimsPrincipal principal,
            Snapshots.AlarmSnapshots snapshots, HttpResponse response, CancellationToken ct) =>
        {
            response.Headers.CacheControl = "no-store";
            return await snapshots.ImageAsync(id, snapshotId, CurrentUser.From(principal), ct) is { } still
                ? TypedResults.File(still.Image, still.ContentType)
                : TypedResults.NotFound();
        })
        .Produces(StatusCodes.Status200OK, contentType: "image/jpeg")
        .WithSummary("One still picture (image/jpeg or image/png, not cached); each view is audited as a read of personal data. Whoever may read the alarm.");
        alarms.MapPost("/{id:long}/acknowledge", async (long id, ClaimsPrincipal principal, AlarmService service, CancellationToken ct) =>
            (await service.AcknowledgeAsync(id, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("Take the alarm; of two at once, one wins and the other gets 409.");
        alarms.MapPost("/{id:long}/on-site", async (long id, ClaimsPrincipal principal, AlarmService service, CancellationToken ct) =>
            (await service.ArriveAsync(id, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("Mark yourself on site.");
        alarms.MapPost("/{id:long}/resolve", async (long id, ResolveRequest request, ClaimsPrincipal principal, AlarmService service, CancellationToken ct) =>
            (await service.ResolveAsync(id, request, CurrentUser.From(principal), ct)).ToResult())
        .WithSummary("Resolve with {outcome, note}; drug activity, vandalism and syringes become observations.");
        return api;
    }
}
