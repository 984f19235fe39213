using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Open311;

/// <summary>
/// Open311 GeoReport v2, read side: discovery, the service list and service definitions as the specification
/// writes them. The golden files under Golden/ hold each document byte for byte (read against the published
/// specification when they were made); a change to them is a change to what Open311 clients see.
/// </summary>
public sealed class Open311ReadTests(SqliteLagesbild app) : IClassFixture<SqliteLagesbild>
{

    [Theory]
    [InlineData("discovery.xml", "discovery.xml", "text/xml")]
    [InlineData("discovery.json", "discovery.json", "application/json")]
    [InlineData("services.xml", "services.xml", "text/xml")]
    [InlineData("services.json", "services.json", "application/json")]
    [InlineData("services/syringes.xml", "services_syringes.xml", "text/xml")]
    [InlineData("services/syringes.json", "services_syringes.json", "application/json")]
    [InlineData("services/unsafe-place.xml", "services_unsafe-place.xml", "text/xml")]
    [InlineData("services/unsafe-place.json", "services_unsafe-place.json", "application/json")]
    [InlineData("services.json?jurisdiction_id=stockholm.se", "services.json", "application/json")]
    [InlineData("services.json?jurisdiction_id=", "services.json", "application/json")]
    public async Task Each_document_is_as_its_golden_file_and_needs_no_sign_in(string path, string golden, string mediaType)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"/open311/v2/{path}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Open311Client.AssertGolden(golden, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Xml_has_the_utf8_declaration_and_no_namespace_and_codes_are_strings()
    {
        using var client = app.CreateClient();

        var xml = await client.GetStringAsync("/open311/v2/services.xml");
        var json = JsonDocument.Parse(await client.GetStringAsync("/open311/v2/services.json")).RootElement;

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", xml, StringComparison.Ordinal);
        var document = XDocument.Parse(xml);
        Assert.All(document.Descendants(), e => Assert.Equal(XNamespace.None, e.Name.Namespace));
        Assert.Equal(5, document.Root!.Elements("service").Count());
        Assert.All(json.EnumerateArray(), s => Assert.Equal(JsonValueKind.String, s.GetProperty("service_code").ValueKind));
        Assert.Contains("114 14", json.EnumerateArray().Single(s => s.GetProperty("service_code").GetString() == "drug-dealing").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("services/nope.xml", HttpStatusCode.NotFound, "error-404.xml")]
    [InlineData("services/nope.json", HttpStatusCode.NotFound, "error-404.json")]
    public async Task An_unknown_service_is_404_in_the_specifications_error_format(string path, HttpStatusCode status, string golden)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"/open311/v2/{path}");

        Assert.Equal(status, response.StatusCode);
        Open311Client.AssertGolden(golden, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("services.xml?jurisdiction_id=oslo.no", HttpStatusCode.NotFound)]
    [InlineData("services/syringes.json?jurisdiction_id=%3Cscript%3E", HttpStatusCode.NotFound)]
    [InlineData("services.csv", HttpStatusCode.BadRequest)]
    [InlineData("discovery.html", HttpStatusCode.BadRequest)]
    public async Task A_wrong_jurisdiction_is_404_and_an_unknown_format_400(string path, HttpStatusCode status)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"/open311/v2/{path}");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, response.StatusCode);
        var error = path.Contains(".xml", StringComparison.Ordinal)
            ? XDocument.Parse(body).Root!.Element("error")!.Element("code")!.Value
            : JsonDocument.Parse(body).RootElement[0].GetProperty("code").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), error);
        Assert.DoesNotContain("<script>", body, StringComparison.Ordinal);
    }
}
