using System.Net;
using System.Net.Http.Json;
using System.Text;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Hardening;

/// <summary>
/// A write signed in by the browser's cookie must come from this site's pages (the header X-Requested-With or an
/// antiforgery token): another site can make the browser post a form, text/plain or multipart body with the cookie.
/// </summary>
public abstract class CrossSiteWriteTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static string SitesCsv(string name) => $"name,kind,lat,lon,hours\n{name},förskola,59.3880,17.9265,mon-fri 06:30-18:00\n";

    /// <summary>The bodies a page on another site can post without a preflight.</summary>
    public static TheoryData<string> SimpleBodies() => new() { "text/plain", "form", "multipart" };

    private static HttpContent Simple(string kind, string csv) => kind switch
    {
        "text/plain" => new StringContent(csv, Encoding.UTF8, "text/plain"),
        "form" => new FormUrlEncodedContent(new Dictionary<string, string> { [csv] = "" }),
        _ => new MultipartFormDataContent { { new StringContent(csv), "file", "sites.csv" } },
    };

    [Theory]
    [MemberData(nameof(SimpleBodies))]
    public async Task A_cookie_signed_import_without_the_header_is_refused(string kind)
    {
        using var browser = await app.CookieClientForAsync(Role.Coordinator);
        var name = $"Förskola Csrf {Api.UniqueLetters()}";

        using var sites = await browser.PostAsync("/api/sites/import", Simple(kind, SitesCsv(name)));
        using var indicators = await browser.PostAsync("/api/indicators/import", Simple(kind, "indicator,area,period,value\nTrygghet,Stockholm,2025,70\n"));

        await sites.ExpectProblemAsync(HttpStatusCode.Forbidden);
        await indicators.ExpectProblemAsync(HttpStatusCode.Forbidden);
        var all = await browser.GetJsonAsync("/api/sites");
        Assert.DoesNotContain(all.Features(), f => f.Props().GetProperty("name").GetString() == name);
    }

    [Fact]
    public async Task A_cookie_signed_write_with_the_header_or_an_antiforgery_token_is_done()
    {
        using var browser = await app.CookieClientForAsync(Role.Coordinator);
        var name = $"Förskola Egen {Api.UniqueLetters()}";

        using var withHeader = new HttpRequestMessage(HttpMethod.Post, "/api/sites/import") { Content = new StringContent(SitesCsv(name), Encoding.UTF8, "text/csv") };
        withHeader.Headers.Add("X-Requested-With", "XMLHttpRequest");
        var imported = await (await browser.SendAsync(withHeader)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, imported.GetProperty("created").GetInt32());

        using var withToken = new HttpRequestMessage(HttpMethod.Post, "/api/observations")
        {
            Content = JsonContent.Create(ObservationBody.At(Places.Next(), LagesbildFactory.Now.AddHours(-1))),
        };
        withToken.Headers.Add("RequestVerificationToken", await Cookies.AntiforgeryTokenAsync(browser, "/"));
        await (await browser.SendAsync(withToken)).ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_cookie_signed_json_write_without_the_header_is_refused_too()
    {
        using var browser = await app.CookieClientForAsync(Role.Police);

        using var response = await browser.PostAsJsonAsync("/api/observations", ObservationBody.At(Places.Next(), LagesbildFactory.Now.AddHours(-1)));

        await response.ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(SimpleBodies))]
    public async Task A_bearer_signed_write_needs_no_header(string kind)
    {
        using var script = app.ClientFor(Role.Coordinator);

        using var response = await script.PostAsync("/api/sites/import", Simple(kind, SitesCsv($"Förskola Skript {Api.UniqueLetters()}")));

        // Read as CSV (a form or multipart body is not a CSV, and says so), never refused as cross-site.
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        if (kind == "text/plain")
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Sign_out_needs_the_forms_antiforgery_token()
    {
        using var browser = await app.CookieClientForAsync(Role.Analyst);

        using var forged = await browser.PostAsync("/logout", new FormUrlEncodedContent([]));
        await forged.ExpectProblemAsync(HttpStatusCode.Forbidden);
        await browser.GetJsonAsync("/api/auth/me");

        var token = await Cookies.AntiforgeryTokenAsync(browser, "/");
        using var signedOut = await browser.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.OK, signedOut.StatusCode);
        Assert.Equal("/login", signedOut.RequestMessage?.RequestUri?.AbsolutePath);
        using var me = await browser.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }
}

public sealed class CrossSiteWritesOnSqlite(SqliteLagesbild app) : CrossSiteWriteTests<SqliteLagesbild>(app);

public sealed class CrossSiteWritesOnPostgres(PostgresLagesbild app) : CrossSiteWriteTests<PostgresLagesbild>(app);
