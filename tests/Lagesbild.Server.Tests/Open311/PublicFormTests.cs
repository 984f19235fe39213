using System.Net;
using System.Text.RegularExpressions;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Open311;

/// <summary>
/// The public page's report form, posted as a browser without script posts it: the server files the report, answers
/// the reference, refuses bad input in the reader's language and files nothing twice for one form.
/// </summary>
public static partial class PublicForm
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex Antiforgery();

    [GeneratedRegex("name=\"idempotency_key\" value=\"(?<key>[^\"]+)\"")]
    private static partial Regex IdempotencyKey();

    [GeneratedRegex("data-testid=\"reference\">(?<id>\\d+)<")]
    private static partial Regex Reference();

    /// <summary>Opens the form and posts it with the fields given; answers the status and the page.</summary>
    public static async Task<(HttpStatusCode Status, string Page, string Key)> PostAsync(HttpClient client, string service, (string, string)[] fields, string? key = null)
    {
        var form = await client.GetStringAsync($"/public/report/{service}");
        key ??= IdempotencyKey().Match(form).Groups["key"].Value;
        var content = new FormUrlEncodedContent(
            fields.Select(f => KeyValuePair.Create(f.Item1, f.Item2))
                .Append(KeyValuePair.Create("__RequestVerificationToken", Antiforgery().Match(form).Groups["token"].Value))
                .Append(KeyValuePair.Create("_handler", "report"))
                .Append(KeyValuePair.Create("idempotency_key", key)));
        using var response = await client.PostAsync($"/public/report/{service}", content);
        // The page as a reader sees it: Razor writes å, ä and ö as character references.
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), key);
    }

    public static long? ReferenceIn(string page) => Reference().Match(page) is { Success: true } m ? long.Parse(m.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
}

public abstract class PublicFormTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static readonly (string, string)[] Syringes =
        [("lat", "59.388"), ("long", "17.9265"), ("attribute[count]", "2"), ("attribute[near_children]", "yes"), ("description", "<script>alert(1)</script> vid gungorna")];

    [Fact]
    public async Task The_form_files_a_report_once_and_answers_its_reference_and_notice()
    {
        using var client = app.CreateClient();
        var before = await app.QueryAsync(db => db.ServiceRequests.CountAsync());

        var (status, page, key) = await PublicForm.PostAsync(client, "syringes", Syringes);
        var (_, again, _) = await PublicForm.PostAsync(client, "syringes", Syringes, key);

        Assert.Equal(HttpStatusCode.OK, status);
        var id = PublicForm.ReferenceIn(page);
        Assert.NotNull(id);
        Assert.Equal(id, PublicForm.ReferenceIn(again));
        Assert.Contains("114 14", page, StringComparison.Ordinal);
        Assert.Equal(before + 1, await app.QueryAsync(db => db.ServiceRequests.CountAsync()));
        var stored = await app.QueryAsync(db => db.ServiceRequests.SingleAsync(r => r.Id == id));
        Assert.Equal(("<script>alert(1)</script> vid gungorna", null), (stored.Description, stored.ApiKeyId));
    }

    [Theory]
    [InlineData("description", "Ring 070-123 45 67", "telefonnummer")]
    [InlineData("description", "19811218-9876 gjorde det", "personnummer")]
    [InlineData("lat", "57.7", "utanför kommunen")]
    [InlineData("attribute[near_children]", "maybe", "Nära en lekplats")]
    public async Task Bad_input_is_refused_in_swedish_and_nothing_is_stored(string field, string value, string says)
    {
        using var client = app.CreateClient();
        var before = await app.QueryAsync(db => db.ServiceRequests.CountAsync());
        var fields = Syringes.Where(f => f.Item1 != field).Append((field, value)).ToArray();
        if (field == "lat")
            fields = [.. fields.Where(f => f.Item1 != "long"), ("long", "11.97")];

        var (status, page, _) = await PublicForm.PostAsync(client, "syringes", fields);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(says, page, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", page, StringComparison.Ordinal);
        Assert.Equal(before, await app.QueryAsync(db => db.ServiceRequests.CountAsync()));
    }

    [Fact]
    public async Task Without_a_place_the_form_asks_for_one_and_keeps_what_was_written()
    {
        using var client = app.CreateClient();

        var (status, page, _) = await PublicForm.PostAsync(client, "littering", [("description", "Soppåsar överallt")]);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("tryck på kartan", page, StringComparison.Ordinal);
        Assert.Contains(">Soppåsar överallt</textarea>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_service_says_so()
    {
        using var client = app.CreateClient();
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/public/report/fireworks"));
        Assert.Contains("Det finns ingen sådan anmälan", page, StringComparison.Ordinal);
    }
}

public sealed class PublicFormOnSqlite(SqliteLagesbild app) : PublicFormTests<SqliteLagesbild>(app);

public sealed class PublicFormOnPostgres(PostgresLagesbild app) : PublicFormTests<PostgresLagesbild>(app);

public sealed class PublicFormFloodTests(ThrottledLagesbild app) : IClassFixture<ThrottledLagesbild>
{
    [Fact]
    public async Task A_flood_from_one_address_on_the_page_is_429_with_retry_after()
    {
        using var client = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
            statuses.Add((await PublicForm.PostAsync(client, "littering", [("address_string", $"Torget {i}")])).Status);

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(5, await app.QueryAsync(db => db.ServiceRequests.CountAsync(r => r.ApiKeyId == null)));
    }
}
