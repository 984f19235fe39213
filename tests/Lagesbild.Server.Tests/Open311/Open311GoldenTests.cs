using System.Net;
using System.Net.Http.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using static Lagesbild.Server.Tests.Open311.Open311Client;

namespace Lagesbild.Server.Tests.Open311;

/// <summary>
/// The write side and the request documents of Open311 GeoReport v2 and mySociety's updates, byte for byte against
/// golden files. One test on its own database, so that ids and times are the same on every run; the random token
/// is written as {token}.
/// </summary>
public abstract class Open311GoldenTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    [Fact]
    public async Task Every_request_document_is_as_its_golden_file()
    {
        var key = await app.NewKeyAsync();
        using var client = app.CreateClient();
        var rinkeby = Places.Rinkeby;

        // POST in XML: syringes by a playground.
        using var postXml = await client.PostAsync("/open311/v2/requests.xml", Form(Syringes(key, rinkeby)));
        var token = System.Xml.Linq.XDocument.Parse(await postXml.Content.ReadAsStringAsync()).Root!.Element("request")!.Element("token")!.Value;
        await AssertDocumentAsync(postXml, HttpStatusCode.OK, "post_requests.xml", token);

        // POST in JSON: an unsafe place given by address only, with a multi-value answer.
        using var postJson = await client.PostAsync("/open311/v2/requests.json", Form(
            ("api_key", key), ("service_code", "unsafe-place"), ("address_string", "Gångtunneln vid Rinkeby torg"),
            ("attribute[when][]", "evening"), ("attribute[when][]", "night"), ("description", "Mörkt, trasig belysning.")));
        var secondToken = System.Text.Json.JsonDocument.Parse(await postJson.Content.ReadAsStringAsync()).RootElement[0].GetProperty("token").GetString()!;
        await AssertDocumentAsync(postJson, HttpStatusCode.OK, "post_requests.json", secondToken);

        foreach (var format in new[] { "xml", "json" })
        {
            await AssertGetAsync(client, $"requests/1.{format}", $"request_1_open.{format}");
            await AssertGetAsync(client, $"tokens/{token}.{format}", $"token.{format}", token);
        }

        // Two hours later staff accept the first report and close it with a note; the second is forwarded to the police.
        app.Clock.Advance(TimeSpan.FromHours(2));
        using var coordinator = app.ClientFor(Role.Coordinator);
        (await coordinator.PostAsJsonAsync("/api/service-requests/1/accept", new { })).EnsureSuccessStatusCode();
        (await coordinator.PostAsJsonAsync("/api/service-requests/1/status", new { status = "fixed", note = "Sprutorna är upplockade. Tack för att du hörde av dig!" })).EnsureSuccessStatusCode();
        (await coordinator.PostAsJsonAsync("/api/service-requests/2/status", new { status = "not_councils_responsibility", note = "Vi har lämnat uppgiften till polisen. Vid pågående brott: ring 112." })).EnsureSuccessStatusCode();

        foreach (var format in new[] { "xml", "json" })
        {
            await AssertGetAsync(client, $"requests.{format}?service_request_id=1,2", $"requests_closed.{format}");
            await AssertGetAsync(client, $"servicerequestupdates.{format}", $"servicerequestupdates.{format}");
            await AssertPostErrorAsync(client, $"requests.{format}", Form(("service_code", "syringes"), ("lat", "59.388"), ("long", "17.9265")), HttpStatusCode.Forbidden, $"error-403.{format}");
            await AssertPostErrorAsync(client, $"requests.{format}", Form(("api_key", key), ("service_code", "syringes"), ("description", new string('x', 4001))), HttpStatusCode.BadRequest, $"error-400.{format}");
        }
    }

    private static async Task AssertGetAsync(HttpClient client, string path, string golden, string? token = null)
    {
        using var response = await client.GetAsync($"/open311/v2/{path}");
        await AssertDocumentAsync(response, HttpStatusCode.OK, golden, token);
    }

    private static async Task AssertPostErrorAsync(HttpClient client, string path, HttpContent form, HttpStatusCode status, string golden)
    {
        using var response = await client.PostAsync($"/open311/v2/{path}", form);
        await AssertDocumentAsync(response, status, golden, null);
    }

    private static async Task AssertDocumentAsync(HttpResponseMessage response, HttpStatusCode status, string golden, string? token)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{golden}: {response.StatusCode} {body}");
        AssertGolden(golden, token is null ? body : body.Replace(token, "{token}", StringComparison.Ordinal));
    }
}

public sealed class Open311GoldenOnSqlite(SqliteLagesbild app) : Open311GoldenTests<SqliteLagesbild>(app);

public sealed class Open311GoldenOnPostgres(PostgresLagesbild app) : Open311GoldenTests<PostgresLagesbild>(app);
