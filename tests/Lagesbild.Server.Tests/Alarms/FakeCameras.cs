using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lagesbild.Server.Tests.Alarms;

/// <summary>
/// Cameras on a real loopback port: a JPEG, a slow one, a huge one, one that answers a web page, one that lies about
/// its type, one behind HTTP Basic and one behind HTTP Digest, and an ONVIF camera whose device and media services
/// check a WS-Security UsernameToken (PasswordDigest) before they give the snapshot address.
/// </summary>
public sealed class FakeCameras : IAsyncLifetime
{
    public const string User = "kamera", Password = "hemligt-lösen";
    public const string Realm = "Kamera";
    public static readonly TimeSpan SlowBy = TimeSpan.FromSeconds(3);

    /// <summary>A small JPEG as cameras send them: it starts with the SOI marker and an APP0 segment.</summary>
    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF\0"u8, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9];

    private WebApplication? _app;

    public Uri Base { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Paths asked for, in order, with what they were asked (for the tests that a camera was not asked).</summary>
    public ConcurrentQueue<string> Asked { get; } = new();

    /// <summary>The ONVIF calls whose UsernameToken checked out.</summary>
    public ConcurrentQueue<string> OnvifVerified { get; } = new();

    public string Url(string path) => new Uri(Base, path).ToString();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            Asked.Enqueue(context.Request.Path + context.Request.QueryString);
            await next();
        });
        _app.MapGet("/still.jpg", () => Results.Bytes(Jpeg, "image/jpeg"));
        _app.MapGet("/still.png", () => Results.Bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0], "image/png"));
        _app.MapGet("/slow.jpg", async (CancellationToken ct) =>
        {
            await Task.Delay(SlowBy, ct);
            return Results.Bytes(Jpeg, "image/jpeg");
        });
        // 10 MB that start like a JPEG, sent without a length, so that only the bytes read can refuse it.
        _app.MapGet("/huge.jpg", async (HttpContext context) =>
        {
            context.Response.ContentType = "image/jpeg";
            await context.Response.Body.WriteAsync(Jpeg.AsMemory(0, 4));
            var chunk = new byte[64 * 1024];
            for (var sent = 0; sent < 10 * 1024 * 1024; sent += chunk.Length)
                await context.Response.Body.WriteAsync(chunk);
        });
        _app.MapGet("/page", () => Results.Content("<html><body>Logga in</body></html>", "text/html"));
        _app.MapGet("/lying.jpg", () => Results.Bytes("<html><script>alert(1)</script></html>"u8.ToArray(), "image/jpeg"));
        _app.MapGet("/basic.jpg", (HttpContext context) => BasicOk(context) ? Results.Bytes(Jpeg, "image/jpeg") : Challenge(context, $"Basic realm=\"{Realm}\""));
        _app.MapGet("/digest.jpg", (HttpContext context) => DigestOk(context) ? Results.Bytes(Jpeg, "image/jpeg")
            : Challenge(context, $"Digest realm=\"{Realm}\", qop=\"auth\", nonce=\"{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}\", algorithm=MD5"));
        // A second parameter, so that the lambda is an endpoint with a result rather than a bare RequestDelegate.
        _app.MapPost("/onvif/device_service", (HttpContext context, CancellationToken _) => OnvifAsync(context));
        _app.MapPost("/onvif/media_service", (HttpContext context, CancellationToken _) => OnvifAsync(context));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        Base = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }

    private static IResult Challenge(HttpContext context, string header)
    {
        context.Response.Headers.WWWAuthenticate = header;
        return Results.StatusCode(StatusCodes.Status401Unauthorized);
    }

    private static bool BasicOk(HttpContext context) =>
        context.Request.Headers.Authorization.ToString() is { } value && value.StartsWith("Basic ", StringComparison.Ordinal)
        && Encoding.UTF8.GetString(Convert.FromBase64String(value[6..])) == $"{User}:{Password}";

    /// <summary>RFC 7616 with MD5 and qop=auth: the response is MD5(HA1:nonce:nc:cnonce:qop:HA2).</summary>
    private static bool DigestOk(HttpContext context)
    {
        var value = context.Request.Headers.Authorization.ToString();
        if (!value.StartsWith("Digest ", StringComparison.Ordinal))
            return false;
        var fields = System.Text.RegularExpressions.Regex.Matches(value[7..], "(\\w+)=(?:\"([^\"]*)\"|([^,\\s]*))")
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Success && m.Groups[2].Length > 0 ? m.Groups[2].Value : m.Groups[3].Value);
        string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
        if (fields.GetValueOrDefault("username") != User || fields.GetValueOrDefault("realm") != Realm)
            return false;
        var ha1 = Md5($"{User}:{Realm}:{Password}");
        var ha2 = Md5($"GET:{fields["uri"]}");
        return fields.GetValueOrDefault("response") == Md5($"{ha1}:{fields["nonce"]}:{fields["nc"]}:{fields["cnonce"]}:{fields["qop"]}:{ha2}");
    }

    private static readonly XNamespace Soap = "http://www.w3.org/2003/05/soap-envelope";
    private static readonly XNamespace Wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    private static readonly XNamespace Wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";

    /// <summary>The device and media services: each call checks the UsernameToken; a wrong one is a SOAP fault (NotAuthorized).</summary>
    private async Task<IResult> OnvifAsync(HttpContext context)
    {
        var envelope = await XDocument.LoadAsync(context.Request.Body, LoadOptions.None, context.RequestAborted);
        var call = envelope.Root!.Element(Soap + "Body")!.Elements().First();
        var token = envelope.Descendants(Wsse + "UsernameToken").SingleOrDefault();
        if (token is null || !TokenOk(token))
            return Results.Content(Envelope(new XElement(Soap + "Fault", new XElement(Soap + "Reason", new XElement(Soap + "Text", "Sender not Authorized")))),
                "application/soap+xml", Encoding.UTF8, StatusCodes.Status400BadRequest);
        OnvifVerified.Enqueue(call.Name.LocalName);
        XNamespace tt = "http://www.onvif.org/ver10/schema", tds = "http://www.onvif.org/ver10/device/wsdl", trt = "http://www.onvif.org/ver10/media/wsdl";
        var answer = call.Name.LocalName switch
        {
            "GetCapabilities" => new XElement(tds + "GetCapabilitiesResponse", new XElement(tds + "Capabilities",
                new XElement(tt + "Media", new XElement(tt + "XAddr", Url("onvif/media_service"))))),
            "GetProfiles" => new XElement(trt + "GetProfilesResponse",
                new XElement(trt + "Profiles", new XAttribute("token", "Profil_1"), new XAttribute("fixed", "true"), new XElement(tt + "Name", "mainStream"))),
            "GetSnapshotUri" when call.Element(trt + "ProfileToken")?.Value == "Profil_1" => new XElement(trt + "GetSnapshotUriResponse",
                new XElement(trt + "MediaUri", new XElement(tt + "Uri", Url("digest.jpg")), new XElement(tt + "Timeout", "PT0S"))),
            _ => new XElement(Soap + "Fault", new XElement(Soap + "Reason", new XElement(Soap + "Text", "Unknown call"))),
        };
        return Results.Content(Envelope(answer), "application/soap+xml", Encoding.UTF8);
    }

    private static bool TokenOk(XElement token)
    {
        var nonce = Convert.FromBase64String(token.Element(Wsse + "Nonce")!.Value);
        var created = token.Element(Wsu + "Created")!.Value;
        var expected = Convert.ToBase64String(SHA1.HashData([.. nonce, .. Encoding.UTF8.GetBytes(created), .. Encoding.UTF8.GetBytes(Password)]));
        return token.Element(Wsse + "Username")?.Value == User && token.Element(Wsse + "Password")?.Value == expected;
    }

    private static string Envelope(XElement body) => new XDocument(new XElement(Soap + "Envelope", new XElement(Soap + "Body", body))).ToString();
}
