using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lagesbild.Server.Features.Reference;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.OpenApi;

namespace Lagesbild.Server.Tests.Hosting;

/// <summary>
/// The API reference at /docs is a page drawn on the server from the OpenAPI document: everything the document
/// describes is on it, every link in it leads somewhere on it, anyone may read it, and it runs no script of its own.
/// </summary>
public sealed partial class ApiReferenceTests(SqliteLagesbild app) : IClassFixture<SqliteLagesbild>
{
    [Fact]
    public async Task Every_operation_of_the_document_is_on_the_page_and_every_link_in_it_lands()
    {
        using var client = app.CreateClient();
        using var openApi = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));

        using var response = await client.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var operations = openApi.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(m => m.Name is "get" or "post" or "put" or "patch" or "delete")
                .Select(method => $"{method.Name.ToUpperInvariant()}</span> <code>{path.Name}</code>"))
            .ToList();
        Assert.True(operations.Count > 100, $"only {operations.Count} operations in the document");
        Assert.All(operations, operation => Assert.Contains(operation, page, StringComparison.Ordinal));
        var schemas = openApi.RootElement.GetProperty("components").GetProperty("schemas").EnumerateObject().Select(s => s.Name).ToList();
        Assert.All(schemas, schema => Assert.Contains($"id=\"{ApiReference.SchemaAnchor(schema)}\"", page, StringComparison.Ordinal));
        var ids = Ids().Matches(page).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(Fragments().Matches(page).Select(m => m.Groups[1].Value), target => Assert.Contains(target, ids));
        // Scripts are the app's own files and its import map (by its nonce, as on every page); the reference adds none.
        Assert.DoesNotMatch(InlineScript(), page);
        Assert.Contains("script-src 'self' 'nonce-", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reference_speaks_Swedish_first_and_English_on_request()
    {
        using var client = app.CreateClient();

        var swedish = WebUtility.HtmlDecode(await client.GetStringAsync("/docs"));
        var english = WebUtility.HtmlDecode(await client.GetStringAsync("/docs?culture=en"));

        Assert.Contains("<h2 id=\"docs-contents\">Innehåll</h2>", swedish, StringComparison.Ordinal);
        Assert.Contains("<h4>Parametrar</h4>", swedish, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"docs-contents\">Contents</h2>", english, StringComparison.Ordinal);
        Assert.Contains("<h4>Parameters</h4>", english, StringComparison.Ordinal);
    }

    [Fact]
    public void A_type_names_its_schema_spells_out_arrays_and_unions_and_says_when_it_may_be_null()
    {
        var list = new OpenApiSchema { Type = JsonSchemaType.Array | JsonSchemaType.Null, Items = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" } };
        var choice = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [System.Text.Json.Nodes.JsonValue.Create("Active"), System.Text.Json.Nodes.JsonValue.Create("Closed")] };

        Assert.Equal("array of string (date-time) | null", Text(ApiReference.TypeOf(list)));
        Assert.Equal("string: \"Active\", \"Closed\"", Text(ApiReference.TypeOf(choice)));
        Assert.Equal("any", Text(ApiReference.TypeOf(null)));
    }

    private static string Text(IReadOnlyList<TypePart> parts) => string.Concat(parts.Select(p => p.Text));

    [GeneratedRegex("\\sid=\"([^\"]+)\"")]
    private static partial Regex Ids();

    [GeneratedRegex("href=\"#([^\"]+)\"")]
    private static partial Regex Fragments();

    [GeneratedRegex("<script(?![^>]*\\s(?:src=|type=\"importmap\"))")]
    private static partial Regex InlineScript();
}
