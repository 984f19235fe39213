using System.Net;
using System.Security.Cryptography;
using Lagesbild.Server.Features.Auth.Oidc;
using Lagesbild.Server.Features.Districts;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Lagesbild.Server.Features.Hosting;

/// <summary>
/// The reverse proxy in front of the server (nginx, a load balancer) that ends TLS: only requests from these
/// addresses may say, in X-Forwarded-For and X-Forwarded-Proto, who the client is and that it came over HTTPS.
/// </summary>
public sealed class ReverseProxyOptions
{
    public const string Section = "ReverseProxy";

    /// <summary>The proxies' own addresses (127.0.0.1, 10.0.0.5).</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies are in, in CIDR (10.0.0.0/24).</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}

/// <summary>
/// The headers every answer carries: no content sniffing, no full addresses to other sites, a Content-Security-Policy
/// fitted to what the answer is (a page, the API, the printable weekly report, the API docs), and HSTS over HTTPS.
/// </summary>
public static class SecurityHeaders
{
    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services)
    {
        services.AddOptions<ReverseProxyOptions>().BindConfiguration(ReverseProxyOptions.Section)
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)), "ReverseProxy:KnownProxies must be IP addresses (10.0.0.5).")
            .Validate(o => o.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)), "ReverseProxy:KnownNetworks must be networks in CIDR (10.0.0.0/24).")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ReverseProxyOptions>>((forwarded, proxy) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the configured proxies are believed; without them (the default) the headers are ignored.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var address in proxy.Value.KnownProxies)
                forwarded.KnownProxies.Add(IPAddress.Parse(address));
            foreach (var network in proxy.Value.KnownNetworks)
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false;
        });
        services.AddSingleton<ContentPolicies>();
        return services;
    }

    /// <summary>First in the pipeline: the client's real address and scheme, then the headers on every answer.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ReverseProxyOptions>>().Value.Enabled)
            app.UseForwardedHeaders();
        // Over HTTPS only, and not for localhost: a developer's http://localhost is never pinned.
        app.UseHsts();
        app.Use((context, next) =>
        {
            var policies = context.RequestServices.GetRequiredService<ContentPolicies>();
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers.ContentSecurityPolicy = policies.For(context);
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(self), payment=(), usb=()";
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}

/// <summary>The nonce that lets the page's one inline script (the import map) run; made when the page asks for it.</summary>
public static class ScriptNonce
{
    private static readonly object Key = new();

    public static string For(HttpContext context)
    {
        if (context.Items[Key] is string nonce)
            return nonce;
        nonce = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        context.Items[Key] = nonce;
        return nonce;
    }

    public static string? Issued(HttpContext context) => context.Items[Key] as string;
}

/// <summary>The Content-Security-Policy of an answer, by what it is.</summary>
public sealed class ContentPolicies(IOptions<MapOptions> map, IOptions<OidcOptions> oidc, ILogger<ContentPolicies> logger)
{
    /// <summary>JSON, CSV, files: nothing in them may load or run anything, nor be framed.</summary>
    public const string Api = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>The printable weekly report (HTML from the API): its own style sheet and icon, nothing else.</summary>
    public const string Report = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private readonly string _tiles = TileSource(map.Value.TileUrl, logger);
    private readonly string _providers = string.Concat(oidc.Value.Providers.Values.Select(p => Origin(p.Authority)).Where(o => o is not null).Distinct().Select(o => " " + o));

    public string For(HttpContext context)
    {
        var path = context.Request.Path;
        var html = context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments(Residents.Open311Api.Base) || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/health")
            || path.StartsWithSegments(Operations.OperationsSetup.MetricsPath))
            return html ? Report : Api;
        return Page(context);
    }

    /// <summary>
    /// The pages (and the files they load, which matters for the rounds' service worker, whose own policy this is):
    /// scripts from this site only, plus the import map by its nonce; inline styles, which MudBlazor and Blazor set
    /// on elements; images from the map's tile server, as data (the authenticator's QR code) and blob (a round's photo
    /// before it is sent); the live connection to this site; forms to this site and to the identity providers.
    /// </summary>
    private string Page(HttpContext context)
    {
        var nonce = ScriptNonce.Issued(context) is { } issued ? $" 'nonce-{issued}'" : "";
        var socket = $"{(context.Request.IsHttps ? "wss" : "ws")}://{context.Request.Host}";
        return $"default-src 'self'; script-src 'self'{nonce}; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:{_tiles}; " +
            $"font-src 'self' data:; connect-src 'self' {socket}; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; " +
            $"form-action 'self'{_providers}; frame-ancestors 'none'";
    }

    /// <summary>The tile server as a CSP source: https://tile.openstreetmap.org, or https://*.tile.example for {s} subdomains.</summary>
    internal static string TileSource(string tileUrl, ILogger logger)
    {
        // No tiles, or the site's own (/tiles/{z}/{x}/{y}.png): 'self' covers them.
        if (string.IsNullOrWhiteSpace(tileUrl) || (tileUrl.StartsWith('/') && !tileUrl.StartsWith("//", StringComparison.Ordinal)))
            return "";
        var placeheld = System.Text.RegularExpressions.Regex.Replace(tileUrl, @"\{[^}]*\}", "x");
        if (!Uri.TryCreate(placeheld, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            logger.LogWarning("Map:TileUrl {TileUrl} is not an http(s) address; the pages will not load its tiles.", tileUrl);
            return "";
        }
        var schemeEnd = tileUrl.IndexOf("://", StringComparison.Ordinal) + 3;
        var hostEnd = tileUrl.IndexOfAny(['/', '?'], schemeEnd);
        var authority = hostEnd < 0 ? tileUrl[schemeEnd..] : tileUrl[schemeEnd..hostEnd];
        // A placeholder in the host ({s}.tile.example) can only be the leftmost label, which CSP writes as *.
        authority = System.Text.RegularExpressions.Regex.Replace(authority, @"^\{[^}]*\}", "*");
        if (authority.Contains('{') || authority.Any(char.IsWhiteSpace) || authority.Contains(';') || authority.Contains('\''))
        {
            logger.LogWarning("Map:TileUrl {TileUrl} has a placeholder inside its host name; the pages will not load its tiles.", tileUrl);
            return "";
        }
        return $" {uri.Scheme}://{authority}";
    }

    private static string? Origin(string authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null;
}
