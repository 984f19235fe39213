using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Lagesbild.Core.Access;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Tests.Auth;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lagesbild.Server.Tests.Hardening;

/// <summary>
/// A server behind a TLS proxy at 203.0.113.9 (ReverseProxy:KnownProxies); requests say where they come from with
/// X-Test-Address, as in the sign-in tests. The headers do not depend on the database, so SQLite alone.
/// </summary>
public sealed class ProxiedSqlite() : SignInLagesbild(new SqliteStore())
{
    public const string Proxy = "203.0.113.9";

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
        [.. base.ExtraSettings, new("ReverseProxy:KnownProxies:0", Proxy)];

    /// <summary>A client on a real host name (HSTS is never sent for localhost), from this address, redirects not followed.</summary>
    public HttpClient From(string address)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://lagesbild.test/"), AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add(AddressHeader, address);
        return client;
    }
}

public sealed partial class SecurityHeaderTests(ProxiedSqlite app) : IClassFixture<ProxiedSqlite>
{
    private static string Policy(HttpResponseMessage response) => string.Join("", response.Headers.GetValues("Content-Security-Policy"));

    private static void AssertCommonHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("frame-ancestors 'none'", Policy(response));
    }

    [Fact]
    public async Task A_page_runs_only_this_sites_scripts_and_its_import_map_by_a_nonce_new_for_every_answer()
    {
        using var client = app.CreateClient();

        using var first = await client.GetAsync("/login");
        using var second = await client.GetAsync("/login");

        AssertCommonHeaders(first);
        var policy = Policy(first);
        var nonce = Nonce().Match(policy).Groups["nonce"].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"script-src 'self' 'nonce-{nonce}';", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.DoesNotContain("'unsafe-inline'", policy.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)));
        // The authenticator's QR code is a data: image; the base map's tiles come from the configured tile server.
        Assert.Matches(@"img-src 'self' data: blob: https://tile\.openstreetmap\.org;", policy);
        Assert.Contains("object-src 'none'", policy);
        Assert.Contains("base-uri 'self'", policy);
        Assert.Contains("form-action 'self'", policy);
        Assert.Contains("connect-src 'self' ws://localhost", policy);

        var html = await first.Content.ReadAsStringAsync();
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\"", html);
        Assert.NotEqual(nonce, Nonce().Match(Policy(second)).Groups["nonce"].Value);
    }

    [Fact]
    public async Task API_answers_may_load_and_run_nothing_also_when_they_are_refusals()
    {
        using var signedIn = app.ClientFor(Role.Coordinator);
        using var anonymous = app.CreateClient();

        using var districts = await signedIn.GetAsync("/api/districts");
        using var refused = await anonymous.GetAsync("/api/scenes");
        using var badRequest = await anonymous.GetAsync("/culture?culture=sv-SE&redirectUri=/%5Cevil.example");

        Assert.Equal(HttpStatusCode.OK, districts.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badRequest.StatusCode);
        foreach (var response in new[] { districts, refused })
        {
            AssertCommonHeaders(response);
            Assert.Equal(ContentPolicies.Api, Policy(response));
        }
        AssertCommonHeaders(badRequest);
    }

    [Fact]
    public async Task The_printable_weekly_report_loads_its_own_style_sheet_and_nothing_else()
    {
        using var client = app.ClientFor(Role.Coordinator);

        using var report = await client.GetAsync("/api/reports/weekly?week=2026-W20");

        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.StartsWith("text/html", report.Content.Headers.ContentType?.MediaType);
        AssertCommonHeaders(report);
        Assert.Equal(ContentPolicies.Report, Policy(report));
        Assert.DoesNotContain("script-src", Policy(report));
    }

    [Fact]
    public async Task Over_plain_HTTP_there_is_no_HSTS_and_the_sign_in_cookie_is_not_marked_secure()
    {
        using var direct = app.From("198.51.100.40");

        var (signIn, cookie) = await SignInThroughFormAsync(direct, forwardedHttps: false);

        Assert.False(signIn.Headers.Contains("Strict-Transport-Security"));
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Behind_the_known_TLS_proxy_answers_carry_HSTS_and_the_sign_in_cookie_is_secure()
    {
        using var proxied = app.From(ProxiedSqlite.Proxy);

        var (signIn, cookie) = await SignInThroughFormAsync(proxied, forwardedHttps: true);

        Assert.Equal("max-age=31536000", Assert.Single(signIn.Headers.GetValues("Strict-Transport-Security")));
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_client_that_is_not_the_proxy_cannot_claim_HTTPS_nor_another_address()
    {
        using var pretender = app.From("198.51.100.41");

        var (signIn, cookie) = await SignInThroughFormAsync(pretender, forwardedHttps: true);

        Assert.False(signIn.Headers.Contains("Strict-Transport-Security"));
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_proxy_passes_on_the_clients_address_which_the_sign_in_limits_count()
    {
        // Wrong passwords from two clients behind the proxy: the limit per address counts each client, not the proxy.
        var (_, email) = await app.NewUserAsync();
        for (var i = 0; i < SignInLagesbild.AddressLimit; i++)
        {
            using var _ = await WrongPasswordThroughProxyAsync($"{Api.UniqueLetters()}@test.example", "192.0.2.10");
        }

        using var held = await WrongPasswordThroughProxyAsync(email, "192.0.2.10");
        using var other = await WrongPasswordThroughProxyAsync(email, "192.0.2.11");

        Assert.Equal(HttpStatusCode.TooManyRequests, held.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
    }

    [Theory]
    [InlineData("https://tile.openstreetmap.org/{z}/{x}/{y}.png", " https://tile.openstreetmap.org")]
    [InlineData("https://{s}.tile.example:8443/{z}/{x}/{y}.png?key=abc", " https://*.tile.example:8443")]
    [InlineData("http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png", " http://127.0.0.1:8080")]
    [InlineData("", "")]
    [InlineData("/tiles/{z}/{x}/{y}.png", "")] // the city's own tiles, on this site: 'self'
    [InlineData("//tiles.example/{z}/{x}/{y}.png", "")]
    [InlineData("ftp://tiles.example/{z}/{x}/{y}.png", "")]
    [InlineData("https://tiles-{s}.example/{z}/{x}/{y}.png", "")]
    [InlineData("https://tiles.example';script-src */{z}.png", "")]
    public void The_tile_server_becomes_a_source_of_images_and_a_malformed_one_none(string tileUrl, string expected)
    {
        Assert.Equal(expected, ContentPolicies.TileSource(tileUrl, NullLogger.Instance));
    }

    private async Task<HttpResponseMessage> WrongPasswordThroughProxyAsync(string email, string client)
    {
        using var proxied = app.From(ProxiedSqlite.Proxy);
        proxied.DefaultRequestHeaders.Add("X-Forwarded-For", client);
        return await proxied.PostAsJsonAsync("/api/auth/login", new { email, password = "fel lösenord här" });
    }

    /// <summary>The sign-in form, with the cookies carried by hand (a cookie jar would not send a secure cookie over http).</summary>
    private static async Task<(HttpResponseMessage SignIn, string Cookie)> SignInThroughFormAsync(HttpClient client, bool forwardedHttps)
    {
        if (forwardedHttps)
            client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        using var page = await client.GetAsync("/login");
        var html = await page.Content.ReadAsStringAsync();
        var cookies = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        using var post = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = FormToken().Match(html).Groups["token"].Value,
                ["Input.Email"] = LagesbildFactory.EmailOf(Role.Analyst),
                ["Input.Password"] = LagesbildFactory.Password,
            }),
        };
        post.Headers.Add("Cookie", cookies);
        var signIn = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("lagesbild=", StringComparison.Ordinal));
        return (signIn, cookie);
    }

    [GeneratedRegex("'nonce-(?<nonce>[A-Za-z0-9_-]+)'")]
    private static partial Regex Nonce();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex FormToken();
}
