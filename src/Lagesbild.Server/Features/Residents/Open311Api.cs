using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Lagesbild.Core.Residents;
using Lagesbild.Data;
using Lagesbild.Server.Features.Hosting;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Residents;

/// <summary>The city's Open311 endpoint: its jurisdiction and whom to contact.</summary>
public sealed class Open311Options
{
    public const string Section = "Open311";

    /// <summary>The single jurisdiction this server answers for; a request naming another is 404.</summary>
    [Required, MinLength(2)]
    public string JurisdictionId { get; set; } = "stockholm.se";

    [Required]
    public string Contact { get; set; } = "Stockholms stad, trygghetssamordning (demo)";

    [Required]
    public string KeyService { get; set; } = "Ask an administrator of Lägesbild for an api_key.";

    /// <summary>The agency a resident's report goes to (agency_responsible).</summary>
    [Required]
    public string Agency { get; set; } = "Stockholms stad";

    /// <summary>Where a report forwarded to the police goes (agency_responsible of not_councils_responsibility).</summary>
    [Required]
    public string PoliceAgency { get; set; } = "Polisen";

    /// <summary>Reports per minute from one network address (Open311 and the public page together).</summary>
    [Range(1, 100_000)]
    public int PostsPerAddressPerMinute { get; set; } = 30;

    /// <summary>Reports per minute with one api_key.</summary>
    [Range(1, 100_000)]
    public int PostsPerKeyPerMinute { get; set; } = 120;

    /// <summary>When the service list last changed (the discovery's changeset).</summary>
    public DateTimeOffset Changeset { get; set; } = new(2026, 11, 27, 0, 0, 0, TimeSpan.FromHours(1));
}

/// <summary>
/// Open311 GeoReport v2 under /open311/v2: discovery, the service list and each service's definition, as XML or
/// JSON by the path's extension. Reading needs no sign-in.
/// </summary>
public static class Open311Api
{
    public const string Base = "/open311/v2";

    public static IServiceCollection AddOpen311(this IServiceCollection services)
    {
        services.AddOptions<Open311Options>().BindConfiguration(Open311Options.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ReportLimiter>();
        services.AddScoped<ServiceProfileStore>();
        services.AddScoped<ServiceRequests>();
        services.AddScoped<ReportTriage>();
        services.AddScoped<PoliceQueue>();
        services.AddScoped<PromiseWatch>();
        return services;
    }

    public static IEndpointRouteBuilder MapOpen311(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Base).WithTags("Open311").AllowAnonymous().DisableAntiforgery();

        group.MapGet("/discovery.{format}", (string format, HttpContext http, IOptions<Open311Options> options) =>
        {
            var o = options.Value;
            var url = $"{http.Request.Scheme}://{http.Request.Host}{Base}";
            return Answer(format, null, options, () => Ok(Open311Documents.Discovery(url, o.Changeset, o.Contact, o.KeyService)));
        })
        .WithSummary("Open311 discovery: the endpoint, its specification and formats.");

        group.MapGet("/services.{format}", (string format, string? jurisdiction_id, IOptions<Open311Options> options, ServiceProfileStore profiles, CancellationToken ct) =>
            Answer(format, jurisdiction_id, options, async () => Ok(Open311Documents.Services(await profiles.CurrentAsync(ct)))))
        .WithSummary("Open311 service list: the kinds of report a resident can make.");

        group.MapGet("/services/{code}.{format}", (string code, string format, string? jurisdiction_id, IOptions<Open311Options> options, ServiceProfileStore profiles, CancellationToken ct) =>
            Answer(format, jurisdiction_id, options, async () => ServiceProfile.Find(await profiles.CurrentAsync(ct), code) is { } service
                ? Ok(Open311Documents.Definition(service))
                : Error(404, UnknownService)))
        .WithSummary("Open311 service definition: the attributes a service asks for.");

        group.MapPost("/requests.{format}", (string format, HttpContext http, IOptions<Open311Options> options, ReportLimiter limiter, ApiKeys keys, ServiceRequests requests, CancellationToken ct) =>
            PostAsync(format, http, options, limiter, keys, requests, ct))
        .WithSummary("Open311 POST requests: file a report (form-encoded, with an api_key). Send an Idempotency-Key header to make a retry safe.");

        group.MapGet("/requests.{format}", (string format, HttpContext http, IOptions<Open311Options> options, ServiceRequests requests, TimeProvider time, CancellationToken ct) =>
            Answer(format, Param(http, "jurisdiction_id"), options, () => ListAsync(http, options.Value, requests, time, ct)))
        .WithSummary("Open311 GET requests: reports by id, service, window (at most 90 days; the last 90 by default) and status, 1,000 at most per page.");

        group.MapGet("/requests/{id}.{format}", (string id, string format, string? jurisdiction_id, IOptions<Open311Options> options, ServiceRequests requests, CancellationToken ct) =>
            Answer(format, jurisdiction_id, options, async () =>
                long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && await requests.FindAsync(number, ct) is { } request
                    ? Ok(Open311Documents.Requests([request], options.Value))
                    : Error(404, "No report has this service_request_id.")))
        .WithSummary("Open311 GET a request: its status, status notes and times.");

        group.MapGet("/tokens/{token}.{format}", (string token, string format, string? jurisdiction_id, IOptions<Open311Options> options, ServiceRequests requests, CancellationToken ct) =>
            Answer(format, jurisdiction_id, options, async () =>
                token.Length <= 64 && await requests.FindByTokenAsync(token, ct) is { } request
                    ? Ok(Open311Documents.Token(request))
                    : Error(404, "No report has this token.")))
        .WithSummary("Open311 GET a token: the service_request_id of the report it was given for.");

        group.MapGet("/servicerequestupdates.{format}", (string format, HttpContext http, IOptions<Open311Options> options, ServiceRequests requests, TimeProvider time, CancellationToken ct) =>
            Answer(format, Param(http, "jurisdiction_id"), options, async () =>
            {
                var (window, error) = Window(http, time);
                return error is not null ? Error(400, error) : Ok(Open311Documents.Updates(await requests.UpdatesAsync(window.From, window.To, ct)));
            }))
        .WithSummary("mySociety's servicerequestupdates: status changes with notes in a window (the last 90 days by default), in the extended statuses FixMyStreet follows.");

        // Any other path under the endpoint answers in the specification's error format, not the web server's.
        group.Map("/{**path}", (string? path) =>
            Write(path?.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) == true ? "xml" : "json",
                Error(404, "There is no such Open311 resource here; GET discovery.json lists the endpoint.")))
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> PostAsync(string format, HttpContext http, IOptions<Open311Options> options, ReportLimiter limiter, ApiKeys keys, ServiceRequests requests, CancellationToken ct)
    {
        if (format is not ("xml" or "json"))
            return Write("json", Error(400, FormatError));
        if (!http.Request.HasFormContentType)
            return Write(format, Error(400, "Send the request as a form (application/x-www-form-urlencoded)."));
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            // A multipart body without its boundary, cut short, or with more fields than a form may have.
            return Write(format, Error(400, "The form could not be read: send application/x-www-form-urlencoded with the specification's fields."));
        }
        string? Field(string name) => form[name].FirstOrDefault() is { Length: > 0 } value ? value : null;
        if (Jurisdiction(Field("jurisdiction_id") ?? Param(http, "jurisdiction_id"), options) is { } wrongPlace)
            return Write(format, wrongPlace);
        // A client with a valid key (FixMyStreet sends every resident's report from its own server) is held to the
        // key's limit; anything else to its address's, so that guessing keys is as limited as posting without one.
        var key = await keys.FindAsync(Field("api_key") ?? Param(http, "api_key"), ct);
        if ((key is null ? limiter.FromAddress(http.Connection.RemoteIpAddress) : limiter.WithKey(key.Id)) is { } wait)
            return TooMany(http, format, wait);
        if (key is null)
            return Write(format, Error(403, "A valid api_key is required to post a request; ask the city for one."));

        var (answers, attributeError) = AttributeAnswers.Read(form.SelectMany(f => f.Value.Select(v => KeyValuePair.Create(f.Key, v))));
        var numbers = new List<string>();
        var lat = Number(Field("lat"), "lat", numbers);
        var lon = Number(Field("long"), "long", numbers);
        if (attributeError is not null || numbers.Count > 0)
            return Write(format, Error(400, numbers.Concat(attributeError is null ? [] : [attributeError])));
        var submission = new ReportSubmission(Field("service_code"), new ReportInput(lat, lon, Field("address_string"), Field("description"), Field("media_url")), answers);
        var idempotencyKey = http.Request.Headers["Idempotency-Key"].FirstOrDefault();
        return Write(format, await requests.FileAsync(submission, key.Id, idempotencyKey, ct) switch
        {
            Outcome<ServiceRequest>.Done done => Ok(Open311Documents.Created(done.Value)),
            Outcome<ServiceRequest>.Missing => submission.ServiceCode is null
                ? Error(400, "service_code is required.")
                : Error(404, UnknownService),
            Outcome<ServiceRequest>.Invalid invalid => Error(400, invalid.Errors.SelectMany(e => e.Value)),
            Outcome<ServiceRequest>.KeyReused reused => Error(400, reused.Reason),
            _ => throw new InvalidOperationException("Unexpected outcome of filing a report."),
        });
    }

    private static async Task<(int, Open311Element)> ListAsync(HttpContext http, Open311Options options, ServiceRequests requests, TimeProvider time, CancellationToken ct)
    {
        var errors = new List<string>();
        List<long>? ids = null;
        if (Param(http, "service_request_id") is { } idList)
        {
            ids = [];
            foreach (var part in idList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                    ids.Add(id);
                else
                    errors.Add("service_request_id is a comma-separated list of ids.");
            }
            if (ids.Count > RequestRules.MaxRequests)
                errors.Add($"service_request_id lists at most {RequestRules.MaxRequests} ids.");
        }
        var codes = Param(http, "service_code")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var statuses = Param(http, "status")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (statuses.Any(s => s is not (RequestStatus.Open or RequestStatus.Closed)))
            errors.Add("status is open or closed (or both, comma-separated).");
        var page = Whole(Param(http, "page"), "page", 1, MaxPage, 1, errors);
        var pageSize = Whole(Param(http, "page_size"), "page_size", 1, RequestRules.MaxRequests, RequestRules.MaxRequests, errors);
        var (window, windowError) = Window(http, time);
        if (windowError is not null && ids is null)
            errors.Add(windowError);
        if (errors.Count > 0)
            return Error(400, errors.Distinct());
        var query = new RequestQuery(ids, codes, window.From, window.To, statuses.Distinct().Count() == 1 ? statuses[0] : null, page, pageSize);
        return Ok(Open311Documents.Requests(await requests.ListAsync(query, ct), options));
    }

    private static ((DateTimeOffset From, DateTimeOffset To) Window, string? Error) Window(HttpContext http, TimeProvider time)
    {
        var errors = new List<string>();
        var start = Instant(Param(http, "start_date"), "start_date", errors);
        var end = Instant(Param(http, "end_date"), "end_date", errors);
        if (errors.Count > 0)
            return (default, string.Join(" ", errors));
        var (from, to, error) = RequestRules.Window(start, end, time.GetUtcNow());
        return ((from, to), error);
    }

    private static DateTimeOffset? Instant(string? text, string name, List<string> errors)
    {
        if (text is null)
            return null;
        if (!TryInstant(text, out var instant))
            errors.Add($"{name} is a date and time in ISO 8601 (e.g. 2026-11-27T08:00:00+01:00; in a URL write + as %2B).");
        else if (instant.Year is < 2000 or > 2100)
            errors.Add($"{name} lies between the years 2000 and 2100.");
        else
            return instant;
        return null;
    }

    /// <summary>An ISO 8601 date and time; one without an offset is Stockholm time, as every answer is written.</summary>
    private static bool TryInstant(string text, out DateTimeOffset instant)
    {
        instant = default;
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
            return false;
        if (parsed.Kind == DateTimeKind.Unspecified)
        {
            if (parsed.Year is < 2000 or > 2100)
            {
                instant = new DateTimeOffset(parsed, TimeSpan.Zero);
                return true;
            }
            instant = Lagesbild.Core.Time.Stockholm.ToInstant(parsed);
            return true;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant);
    }

    private static double? Number(string? text, string name, List<string> errors)
    {
        if (text is null)
            return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            return value;
        errors.Add($"{name} is a decimal number in WGS84 degrees.");
        return null;
    }

    private static int Whole(string? text, string name, int min, int max, int fallback, List<string> errors)
    {
        if (text is null)
            return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        errors.Add($"{name} is a whole number from {min} to {max}.");
        return fallback;
    }

    /// <summary>A query parameter; an empty one is as an absent one.</summary>
    private static string? Param(HttpContext http, string name) =>
        http.Request.Query[name].FirstOrDefault() is { Length: > 0 } value ? value : null;

    /// <summary>The last page GET requests serves (a million requests at the largest page size deep).</summary>
    private const int MaxPage = 1_000;

    private const string UnknownService = "No service has this service_code; GET services.json lists them.";

    private const string FormatError = "The format (the path's extension) must be xml or json.";

    private static (int, Open311Element) Ok(Open311Element document) => (200, document);

    private static (int, Open311Element) Error(int status, string description) => (status, Open311Documents.Errors(status, description));

    private static (int, Open311Element) Error(int status, IEnumerable<string> descriptions) => (status, Open311Documents.Errors(status, descriptions));

    private static (int, Open311Element)? Jurisdiction(string? jurisdiction, IOptions<Open311Options> options) =>
        !string.IsNullOrEmpty(jurisdiction) && !string.Equals(jurisdiction, options.Value.JurisdictionId, StringComparison.OrdinalIgnoreCase)
            ? Error(404, $"This server answers only for the jurisdiction_id '{options.Value.JurisdictionId}'.")
            : null;

    private static IResult TooMany(HttpContext http, string format, int seconds)
    {
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Write(format, Error(429, $"Too many reports in a short time; try again in {seconds} seconds."));
    }

    /// <summary>
    /// The document in the asked format, or the specification's errors: an unknown format is 400 (in JSON), a
    /// jurisdiction other than this city's is 404. An empty jurisdiction_id is as an absent one. Errors never
    /// repeat what the client sent.
    /// </summary>
    private static IResult Answer(string format, string? jurisdiction, IOptions<Open311Options> options, Func<(int Status, Open311Element Document)> build) =>
        format is not ("xml" or "json") ? Write("json", Error(400, FormatError))
        : Jurisdiction(jurisdiction, options) is { } wrongPlace ? Write(format, wrongPlace)
        : Write(format, build());

    private static async Task<IResult> Answer(string format, string? jurisdiction, IOptions<Open311Options> options, Func<Task<(int Status, Open311Element Document)>> build) =>
        format is not ("xml" or "json") ? Write("json", Error(400, FormatError))
        : Jurisdiction(jurisdiction, options) is { } wrongPlace ? Write(format, wrongPlace)
        : Write(format, await build());

    private static IResult Write(string format, (int Status, Open311Element Document) answer) => format == "xml"
        ? Results.Content(Open311Documents.Xml(answer.Document), "text/xml; charset=utf-8", System.Text.Encoding.UTF8, answer.Status)
        : Results.Content(Open311Documents.Json(answer.Document), "application/json; charset=utf-8", System.Text.Encoding.UTF8, answer.Status);
}
