using System.ComponentModel.DataAnnotations;
using Lagesbild.Core.Residents;
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
        return services;
    }

    public static IEndpointRouteBuilder MapOpen311(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Base).WithTags("Open311").AllowAnonymous();

        group.MapGet("/discovery.{format}", (string format, HttpContext http, IOptions<Open311Options> options) =>
        {
            var o = options.Value;
            var url = $"{http.Request.Scheme}://{http.Request.Host}{Base}";
            return Answer(format, null, options, () => (200, Open311Documents.Discovery(url, o.Changeset, o.Contact, o.KeyService)));
        })
        .WithSummary("Open311 discovery: the endpoint, its specification and formats.");

        group.MapGet("/services.{format}", (string format, string? jurisdiction_id, IOptions<Open311Options> options) =>
            Answer(format, jurisdiction_id, options, () => (200, Open311Documents.Services(ServiceProfile.Swedish))))
        .WithSummary("Open311 service list: the kinds of report a resident can make.");

        group.MapGet("/services/{code}.{format}", (string code, string format, string? jurisdiction_id, IOptions<Open311Options> options) =>
            Answer(format, jurisdiction_id, options, () => ServiceProfile.Find(ServiceProfile.Swedish, code) is { } service
                ? (200, Open311Documents.Definition(service))
                : (404, Open311Documents.Errors(404, "No service has this service_code; GET services.json lists them."))))
        .WithSummary("Open311 service definition: the attributes a service asks for.");
        return app;
    }

    /// <summary>
    /// The document in the asked format, or the specification's errors: an unknown format is 400 (in JSON), a
    /// jurisdiction other than this city's is 404. An empty jurisdiction_id is as an absent one. Errors never
    /// repeat what the client sent.
    /// </summary>
    private static IResult Answer(string format, string? jurisdiction, IOptions<Open311Options> options, Func<(int Status, Open311Element Document)> build)
    {
        if (format is not ("xml" or "json"))
            return Write("json", 400, Open311Documents.Errors(400, "The format (the path's extension) must be xml or json."));
        if (!string.IsNullOrEmpty(jurisdiction) && !string.Equals(jurisdiction, options.Value.JurisdictionId, StringComparison.OrdinalIgnoreCase))
            return Write(format, 404, Open311Documents.Errors(404, $"This server answers only for the jurisdiction_id '{options.Value.JurisdictionId}'."));
        var (status, document) = build();
        return Write(format, status, document);
    }

    private static IResult Write(string format, int status, Open311Element document) => format == "xml"
        ? Results.Content(Open311Documents.Xml(document), "text/xml; charset=utf-8", System.Text.Encoding.UTF8, status)
        : Results.Content(Open311Documents.Json(document), "application/json; charset=utf-8", System.Text.Encoding.UTF8, status);
}
