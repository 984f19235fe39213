using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Observations;

/// <summary>Bad input is answered with problem details that name the field, and nothing is written.</summary>
public abstract class ObservationInputTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static readonly DateTimeOffset AnHourAgo = LagesbildFactory.Now.AddHours(-1);

    /// <summary>A valid body as JSON, to spoil one field at a time.</summary>
    private static JsonObject ValidBody()
    {
        var (lon, lat) = Places.Next().At();
        return new JsonObject
        {
            ["category"] = "Dealing",
            ["lat"] = lat,
            ["lon"] = lon,
            ["occurredFrom"] = AnHourAgo.ToString("O"),
            ["classification"] = "Internal",
            ["count"] = 1,
            ["text"] = "Iakttagelse.",
        };
    }

    private async Task<HttpResponseMessage> PostRawAsync(string json, Role role = Role.Coordinator)
    {
        using var client = app.ClientFor(role);
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await client.PostAsync("/api/observations", content);
    }

    private Task<int> RowsAsync() => app.QueryAsync(db => db.Observations.CountAsync());

    private async Task ExpectRefusedAsync(string json, HttpStatusCode status, string field)
    {
        var before = await RowsAsync();
        using var response = await PostRawAsync(json);
        await response.ExpectProblemAsync(status, field);
        Assert.Equal(before, await RowsAsync());
    }

    [Fact]
    public async Task The_valid_body_is_accepted()
    {
        // The bodies below differ from this one in one field only.
        using var response = await PostRawAsync(ValidBody().ToJsonString());
        await response.ExpectAsync(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("lat", "91", "lat")]
    [InlineData("lat", "-90.5", "lat")]
    [InlineData("lon", "200", "lon")]
    [InlineData("lat", "\"abc\"", "lat")]
    [InlineData("lon", "\"18.05\"", "lon")]
    [InlineData("category", "\"Teleport\"", "category")]
    [InlineData("category", "1", "category")]
    [InlineData("classification", "\"TopSecret\"", "classification")]
    [InlineData("occurredFrom", "\"yesterday\"", "occurredFrom")]
    [InlineData("occurredFrom", "\"2026-11-20T20:00:00\"", "occurredFrom")]
    [InlineData("occurredFrom", "1795000000", "occurredFrom")]
    [InlineData("occurredFrom", "\"2026-11-28T10:00:00Z\"", "occurredFrom")]
    [InlineData("occurredFrom", "\"1999-12-31T10:00:00Z\"", "occurredFrom")]
    [InlineData("occurredTo", "\"2026-11-27T08:00:00Z\"", "occurredTo")]
    [InlineData("occurredTo", "\"2026-12-05T10:00:00Z\"", "occurredTo")]
    [InlineData("count", "0", "count")]
    [InlineData("count", "10001", "count")]
    public async Task A_bad_field_is_named_and_nothing_is_written(string property, string json, string field)
    {
        var body = ValidBody();
        body[property] = JsonNode.Parse(json);
        await ExpectRefusedAsync(body.ToJsonString(), HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("category")]
    [InlineData("lat")]
    [InlineData("lon")]
    [InlineData("occurredFrom")]
    [InlineData("classification")]
    public async Task A_missing_required_field_is_named(string property)
    {
        var body = ValidBody();
        body.Remove(property);
        await ExpectRefusedAsync(body.ToJsonString(), HttpStatusCode.BadRequest, property);
    }

    [Fact]
    public async Task A_position_far_outside_Stockholm_is_refused()
    {
        var body = ValidBody();
        body["lat"] = 40.0;
        body["lon"] = 10.0;
        await ExpectRefusedAsync(body.ToJsonString(), HttpStatusCode.BadRequest, "lat");
    }

    [Fact]
    public async Task Text_with_a_personal_identity_number_is_refused()
    {
        var body = ValidBody();
        body["text"] = "Känd person, 811218-9876, sålde vid porten.";
        await ExpectRefusedAsync(body.ToJsonString(), HttpStatusCode.BadRequest, "text");
    }

    [Fact]
    public async Task Text_over_4000_characters_is_refused()
    {
        var body = ValidBody();
        body["text"] = new string('x', 4001);
        await ExpectRefusedAsync(body.ToJsonString(), HttpStatusCode.BadRequest, "text");
    }

    [Theory]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    public async Task Malformed_json_is_refused_naming_the_body(string json)
    {
        await ExpectRefusedAsync(json, HttpStatusCode.BadRequest, "body");
    }

    [Fact]
    public async Task A_body_over_1_MB_is_413()
    {
        var body = ValidBody();
        body["text"] = new string('x', 1024 * 1024);
        await ExpectRefusedAsync(body.ToJsonString(), HttpStatusCode.RequestEntityTooLarge, "body");
    }

    [Theory]
    [InlineData("hours=168", "hours")]
    [InlineData("hours=5-3", "hours")]
    [InlineData("hours=monday", "hours")]
    [InlineData("from=2026-11-20&to=2026-11-10", "to")]
    [InlineData("from=2026-11-20T10:00:00Z&to=2026-11-20T09:00:00Z", "to")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-11-20T10:00:00", "to")]
    [InlineData("bbox=18.0,59.3,18.1", "bbox")]
    [InlineData("bbox=a,b,c,d", "bbox")]
    [InlineData("bbox=18.1,59.3,18.0,59.4", "bbox")]
    [InlineData("bbox=18.0,59.3,18.1,95", "bbox")]
    [InlineData("categories=Dealing,Teleport", "categories")]
    [InlineData("district=Rinkeby", "district")]
    public async Task A_bad_filter_is_400_naming_it_on_the_list_and_the_picture(string query, string field)
    {
        using var client = app.ClientFor(Role.Analyst);
        foreach (var path in new[] { "/api/observations", "/api/lagesbild" })
        {
            using var response = await client.GetAsync($"{path}?{query}");
            await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        }
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=5001", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("page=two", "page")]
    [InlineData("pageSize=all", "pageSize")]
    public async Task Paging_out_of_bounds_is_400_naming_it(string query, string field)
    {
        using var client = app.ClientFor(Role.Analyst);
        using var response = await client.GetAsync($"/api/observations?{query}");
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }
}

public sealed class ObservationInputOnSqlite(SqliteLagesbild app) : ObservationInputTests<SqliteLagesbild>(app);

public sealed class ObservationInputOnPostgres(PostgresLagesbild app) : ObservationInputTests<PostgresLagesbild>(app);
