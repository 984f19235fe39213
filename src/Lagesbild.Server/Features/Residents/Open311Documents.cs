using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using Lagesbild.Core.Residents;
using Lagesbild.Core.Time;
using Lagesbild.Data;

namespace Lagesbild.Server.Features.Residents;

/// <summary>
/// Open311 GeoReport v2 documents, built once as a neutral tree and written as the specification's XML (UTF-8
/// declaration, no namespace) or JSON (the same names; lists as arrays). Codes and ids are always strings.
/// </summary>
public abstract record Open311Node;

public sealed record Open311Value(string Name, object? Value) : Open311Node;

/// <summary>An element with children; in JSON an object, or with <paramref name="Repeated"/> an array of its children's values.</summary>
public sealed record Open311Element(string Name, IReadOnlyList<Open311Node> Children, bool Repeated = false) : Open311Node;

public static class Open311Documents
{
    public const string Specification = "http://wiki.open311.org/GeoReport_v2";

    public static Open311Element Services(IReadOnlyList<ServiceDefinition> profile) =>
        new("services", profile.Select(s => (Open311Node)new Open311Element("service",
        [
            new Open311Value("service_code", s.Code),
            new Open311Value("service_name", s.Name),
            new Open311Value("description", ServiceTexts.Notice(s, english: false) is not { } notice ? s.Description : $"{s.Description} {notice}"),
            new Open311Value("metadata", s.HasMetadata),
            new Open311Value("type", "realtime"),
            new Open311Value("keywords", string.Join(", ", s.Keywords)),
            new Open311Value("group", s.Group),
        ])).ToList(), Repeated: true);

    public static Open311Element Definition(ServiceDefinition service) =>
        new("service_definition",
        [
            new Open311Value("service_code", service.Code),
            new Open311Element("attributes", service.Attributes.OrderBy(a => a.Order).Select(a => (Open311Node)new Open311Element("attribute",
            [
                new Open311Value("variable", true),
                new Open311Value("code", a.Code),
                new Open311Value("datatype", a.Datatype.ToString().ToLowerInvariant()),
                new Open311Value("required", a.Required),
                new Open311Value("datatype_description", null),
                new Open311Value("order", a.Order),
                new Open311Value("description", a.Description),
                new Open311Element("values", a.Values.Select(v => (Open311Node)new Open311Element("value",
                    [new Open311Value("key", v.Key), new Open311Value("name", v.Name)])).ToList(), Repeated: true),
            ])).ToList(), Repeated: true),
        ]);

    public static Open311Element Discovery(string endpointUrl, DateTimeOffset changeset, string contact, string keyService) =>
        new("discovery",
        [
            new Open311Value("changeset", changeset),
            new Open311Value("contact", contact),
            new Open311Value("key_service", keyService),
            new Open311Element("endpoints",
            [
                new Open311Element("endpoint",
                [
                    new Open311Value("specification", Specification),
                    new Open311Value("url", endpointUrl),
                    new Open311Value("changeset", changeset),
                    new Open311Value("type", "production"),
                    new Open311Element("formats", [new Open311Value("format", "text/xml"), new Open311Value("format", "application/json")], Repeated: true),
                ]),
            ], Repeated: true),
        ]);

    public static Open311Element Errors(int code, string description) => Errors(code, [description]);

    public static Open311Element Errors(int code, IEnumerable<string> descriptions) =>
        new("errors", descriptions.Select(d => (Open311Node)new Open311Element("error", [new Open311Value("code", code), new Open311Value("description", d)])).ToList(), Repeated: true);

    /// <summary>
    /// GET requests and requests/{id}: a report as anyone may read it: its service, status, notes and times. The
    /// resident's own words (description, address, media) stay with the city. The place is given only for services
    /// shown on the public map, and then only as the centre of the report's 250 m cell (snapped, as police.uk does),
    /// so that map clients can draw it without it pointing at a door; suspected dealing and every other service off
    /// the public map have no place.
    /// </summary>
    public static Open311Element Requests(IEnumerable<ServiceRequest> requests, Open311Options options) =>
        new("service_requests", requests.Select(r => (Open311Node)new Open311Element("request",
        [
            new Open311Value("service_request_id", r.Id.ToString(CultureInfo.InvariantCulture)),
            new Open311Value("status", RequestStatus.Basic(r.Status)),
            new Open311Value("status_notes", r.StatusNotes),
            new Open311Value("service_name", r.ServiceName),
            new Open311Value("service_code", r.ServiceCode),
            new Open311Value("description", null),
            new Open311Value("agency_responsible", r.Status == RequestStatus.NotCouncilsResponsibility ? options.PoliceAgency : options.Agency),
            new Open311Value("service_notice", r.ServiceNotice),
            new Open311Value("requested_datetime", Local(r.RequestedAt)),
            new Open311Value("updated_datetime", Local(r.UpdatedAt)),
            new Open311Value("expected_datetime", r.ExpectedAt is { } expected ? Local(expected) : null),
            new Open311Value("address", null),
            new Open311Value("address_id", null),
            new Open311Value("zipcode", null),
            new Open311Value("lat", SnappedPlace(r)?.Lat),
            new Open311Value("long", SnappedPlace(r)?.Lon),
            new Open311Value("media_url", null),
        ])).ToList(), Repeated: true);

    private static (double Lat, double Lon)? SnappedPlace(ServiceRequest request) =>
        request is { OnPublicMap: true, CellKey: { } cell } ? PublicCells.Centre(cell) : null;

    /// <summary>The answer to POST requests: the reference, the token and what the resident should know.</summary>
    public static Open311Element Created(ServiceRequest request) =>
        new("service_requests",
        [
            new Open311Element("request",
            [
                new Open311Value("service_request_id", request.Id.ToString(CultureInfo.InvariantCulture)),
                new Open311Value("token", request.Token),
                new Open311Value("service_notice", request.ServiceNotice),
                new Open311Value("account_id", null),
            ]),
        ], Repeated: true);

    public static Open311Element Token(ServiceRequest request) =>
        new("service_requests",
        [
            new Open311Element("request",
            [
                new Open311Value("service_request_id", request.Id.ToString(CultureInfo.InvariantCulture)),
                new Open311Value("token", request.Token),
            ]),
        ], Repeated: true);

    /// <summary>
    /// mySociety's servicerequestupdates: each change of status with its note, in the extended statuses. The root is
    /// named as FixMyStreet reads it (service_requests_updates).
    /// </summary>
    public static Open311Element Updates(IEnumerable<ServiceRequestUpdate> updates) =>
        new("service_requests_updates", updates.Select(u => (Open311Node)new Open311Element("request_update",
        [
            new Open311Value("update_id", u.Id.ToString(CultureInfo.InvariantCulture)),
            new Open311Value("service_request_id", u.ServiceRequestId.ToString(CultureInfo.InvariantCulture)),
            new Open311Value("status", u.Status),
            new Open311Value("updated_datetime", Local(u.UpdatedAt)),
            new Open311Value("description", u.Description),
            new Open311Value("media_url", null),
        ])).ToList(), Repeated: true);

    /// <summary>An instant as a person in Stockholm reads it, with its offset (+01:00 in winter, +02:00 in summer).</summary>
    private static DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Stockholm.Zone);

    public static string Xml(Open311Element root)
    {
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null), ToXml(root));
        using var writer = new Utf8StringWriter();
        using (var xml = XmlWriter.Create(writer, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
            document.Save(xml);
        return writer.ToString();
    }

    public static string Json(Open311Element root) =>
        ToJson(root)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static XElement ToXml(Open311Node node) => node switch
    {
        Open311Value value => new XElement(value.Name, XmlSafe(Text(value.Value))),
        Open311Element element => new XElement(element.Name, element.Children.Select(ToXml)),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static JsonNode? ToJson(Open311Node node) => node switch
    {
        Open311Value { Value: null } => null,
        Open311Value { Value: bool b } => JsonValue.Create(b),
        Open311Value { Value: int i } => JsonValue.Create(i),
        Open311Value { Value: double d } => JsonValue.Create(d),
        Open311Value value => JsonValue.Create(Text(value.Value)),
        Open311Element { Repeated: true } list => new JsonArray(list.Children.Select(ToJson).ToArray()),
        Open311Element element => new JsonObject(element.Children.Select(c => KeyValuePair.Create(Name(c), ToJson(c)))),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    /// <summary>
    /// Text XML can carry: a character XML forbids (a control character stored before it was refused) becomes U+FFFD,
    /// so that one bad note never takes a whole feed down.
    /// </summary>
    private static string? XmlSafe(string? text) =>
        text is null || Lagesbild.Core.Privacy.PlainText.IsClean(text)
            ? text
            : string.Concat(text.Select(c => System.Xml.XmlConvert.IsXmlChar(c) ? c : '\uFFFD'));

    private static string Name(Open311Node node) => node switch
    {
        Open311Value value => value.Name,
        Open311Element element => element.Name,
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    /// <summary>Values as the specification writes them: lower-case booleans, ISO 8601 with an offset.</summary>
    private static string? Text(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        DateTimeOffset at => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private sealed class Utf8StringWriter : StringWriter
    {
        public override Encoding Encoding => Encoding.UTF8;
    }
}
