using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;

using Lagesbild.Server.Features.Hosting;

namespace Lagesbild.Server.Features.Alarms.Snapshots;

/// <summary>
/// The three ONVIF calls that find a camera's still picture: the device service's GetCapabilities (where the media
/// service is), the media service's GetProfiles (the first profile) and GetSnapshotUri for that profile. SOAP 1.2, with
/// a WS-Security UsernameToken (PasswordDigest) when the camera has credentials; HTTP Digest or Basic also, as some
/// cameras ask for that instead.
/// </summary>
public sealed class OnvifMedia(HttpClient client, NetworkCredential? credential, TimeProvider time)
{
    private static readonly XNamespace Soap = "http://www.w3.org/2003/05/soap-envelope";
    private static readonly XNamespace Device = "http://www.onvif.org/ver10/device/wsdl";
    private static readonly XNamespace Media = "http://www.onvif.org/ver10/media/wsdl";
    private static readonly XNamespace Schema = "http://www.onvif.org/ver10/schema";
    private static readonly XNamespace Security = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    private static readonly XNamespace Utility = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    private const string PasswordDigest = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";
    private const string Base64Binary = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";

    /// <summary>A SOAP answer larger than this is not read (a camera's profiles fit well within it).</summary>
    private const int MaxAnswer = 1024 * 1024;

    /// <summary>Why no address was found, for the failure's record.</summary>
    public string? Problem { get; private set; }

    public async Task<Uri?> SnapshotUriAsync(Uri deviceService, CancellationToken ct)
    {
        var capabilities = await CallAsync(deviceService, new XElement(Device + "GetCapabilities", new XElement(Device + "Category", "Media")), ct);
        // A camera without the capability answer is asked at its device address: many serve media there too.
        var mediaAddress = capabilities?.Descendants(Schema + "Media").Elements(Schema + "XAddr").FirstOrDefault()?.Value.Trim();
        var media = Uri.TryCreate(mediaAddress, UriKind.Absolute, out var found) && found.Scheme is "http" or "https" ? found : deviceService;
        var profiles = await CallAsync(media, new XElement(Media + "GetProfiles"), ct);
        var token = profiles?.Descendants(Media + "Profiles").Select(p => (string?)p.Attribute("token")).FirstOrDefault(t => !string.IsNullOrEmpty(t));
        if (token is null)
            return Fail(Problem ?? "GetProfiles answered no profile");
        var snapshot = await CallAsync(media, new XElement(Media + "GetSnapshotUri", new XElement(Media + "ProfileToken", token)), ct);
        var uri = snapshot?.Descendants(Media + "MediaUri").Elements(Schema + "Uri").FirstOrDefault()?.Value.Trim();
        return Uri.TryCreate(uri, UriKind.Absolute, out var address) && address.Scheme is "http" or "https"
            ? address
            : Fail(Problem ?? "GetSnapshotUri answered no http address");
    }

    private Uri? Fail(string problem)
    {
        Problem = problem.Length > 200 ? problem[..200] : problem;
        return null;
    }

    /// <summary>Posts one SOAP request; the answer's body, or null (with <see cref="Problem"/> said) for a fault or an error.</summary>
    private async Task<XElement?> CallAsync(Uri address, XElement request, CancellationToken ct)
    {
        var envelope = new XDocument(new XElement(Soap + "Envelope",
            new XAttribute(XNamespace.Xmlns + "s", Soap),
            new XElement(Soap + "Header", Header()),
            new XElement(Soap + "Body", request)));
        using var content = new StringContent(envelope.ToString(SaveOptions.DisableFormatting), Encoding.UTF8, "application/soap+xml");
        using var response = await client.PostAsync(address, content, ct);
        var body = await HttpBodies.ReadAtMostAsync(response.Content, MaxAnswer, ct);
        if (!response.IsSuccessStatusCode)
        {
            Problem = string.Create(CultureInfo.InvariantCulture, $"{request.Name.LocalName}: HTTP {(int)response.StatusCode}");
            return null;
        }
        var answer = body is null ? null : Parse(body)?.Root?.Element(Soap + "Body");
        if (answer is null || answer.Element(Soap + "Fault") is not null)
        {
            Problem = $"{request.Name.LocalName}: {(answer is null ? "not a SOAP answer" : "SOAP fault")}";
            return null;
        }
        return answer;
    }

    /// <summary>The WS-Security UsernameToken: Base64(SHA-1(nonce + created + password)), with the nonce and the time it was made.</summary>
    private XElement? Header()
    {
        if (credential is null)
            return null;
        var nonce = RandomNumberGenerator.GetBytes(16);
        var created = time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var digest = SHA1.HashData([.. nonce, .. Encoding.UTF8.GetBytes(created), .. Encoding.UTF8.GetBytes(credential.Password)]);
        return new XElement(Security + "Security",
            new XAttribute(XNamespace.Xmlns + "wsse", Security),
            new XAttribute(XNamespace.Xmlns + "wsu", Utility),
            new XElement(Security + "UsernameToken",
                new XElement(Security + "Username", credential.UserName),
                new XElement(Security + "Password", new XAttribute("Type", PasswordDigest), Convert.ToBase64String(digest)),
                new XElement(Security + "Nonce", new XAttribute("EncodingType", Base64Binary), Convert.ToBase64String(nonce)),
                new XElement(Utility + "Created", created)));
    }

    /// <summary>Parses a camera's answer without DTDs or external entities.</summary>
    private static XDocument? Parse(byte[] body)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            return XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }
    }
}
