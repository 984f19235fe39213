using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Core.Geo;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static System.FormattableString;
using static Lagesbild.Server.Tests.Open311.Open311Client;

namespace Lagesbild.Server.Tests.Open311;

/// <summary>The administrators' service profile, on a database of its own (it changes what every client sees).</summary>
public abstract class ServiceProfileTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    [Fact]
    public async Task An_administrator_replaces_the_profile_and_clients_see_it_until_it_is_reset()
    {
        using var admin = app.ClientFor(Role.Admin);
        var profile = await admin.GetJsonAsync("/api/open311-services");
        Assert.Equal(5, profile.GetArrayLength());
        Assert.Equal("Needles and syringes", profile[0].GetProperty("nameEn").GetString());
        var services = JsonSerializer.Deserialize<List<Dictionary<string, JsonElement>>>(profile.GetRawText())!;
        var extra = new Dictionary<string, object?>
        {
            ["code"] = "graffiti",
            ["name"] = "Klotter",
            ["description"] = "Klotter på allmän plats.",
            ["group"] = "Städning och fynd",
            ["keywords"] = new[] { "klotter" },
            ["category"] = "Vandalism",
            ["notice"] = null,
            ["attributes"] = Array.Empty<object>(),
            ["onPublicMap"] = true,
            ["expectedHours"] = 72,
        };

        using (var put = await admin.PutAsJsonAsync("/api/open311-services", services.Cast<object>().Append(extra)))
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);

        Assert.Equal("Needles and syringes", (await admin.GetJsonAsync("/api/open311-services"))[0].GetProperty("nameEn").GetString());
        using var client = app.CreateClient();
        var listed = JsonDocument.Parse(await client.GetStringAsync("/open311/v2/services.json")).RootElement;
        Assert.Equal("graffiti", listed[5].GetProperty("service_code").GetString());
        var key = await app.NewKeyAsync();
        var id = await client.FileAsync(("api_key", key), ("service_code", "graffiti"), ("lat", "59.3145"), ("long", "18.072"));
        var request = JsonDocument.Parse(await client.GetStringAsync($"/open311/v2/requests/{id}.json")).RootElement[0];
        Assert.Equal("Klotter", request.GetProperty("service_name").GetString());
        Assert.Equal("2026-11-30T11:00:00+01:00", request.GetProperty("expected_datetime").GetString());

        using (var reset = await admin.DeleteAsync("/api/open311-services"))
            Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(5, JsonDocument.Parse(await client.GetStringAsync("/open311/v2/services.json")).RootElement.GetArrayLength());
        using var gone = await client.GetAsync("/open311/v2/services/graffiti.json");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        // The old report keeps the name it was made under.
        Assert.Equal("Klotter", JsonDocument.Parse(await client.GetStringAsync($"/open311/v2/requests/{id}.json")).RootElement[0].GetProperty("service_name").GetString());
    }

    [Theory]
    [InlineData("[]", "services")]
    [InlineData("[{\"code\":\"Bad Code\",\"name\":\"x\",\"description\":\"x\",\"group\":\"x\",\"keywords\":[],\"category\":\"Other\",\"attributes\":[]}]", "services[0].code")]
    [InlineData("[{\"code\":\"x\",\"name\":\"\",\"description\":\"x\",\"group\":\"x\",\"keywords\":[],\"category\":\"Other\",\"attributes\":[]}]", "services[0].name")]
    [InlineData("[{\"code\":\"x\",\"name\":\"x\",\"description\":\"x\",\"group\":\"x\",\"keywords\":[],\"category\":\"Other\",\"attributes\":[{\"code\":\"when\",\"datatype\":\"Multivaluelist\",\"required\":true,\"description\":\"När?\",\"order\":1,\"values\":[]}]}]", "services[0].attributes[0].values")]
    public async Task A_broken_profile_is_400_naming_the_field_and_changes_nothing(string body, string field)
    {
        using var admin = app.ClientFor(Role.Admin);

        using var response = await admin.PutAsync("/api/open311-services", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.False(await app.QueryAsync(db => db.Settings.AnyAsync()));
    }

    [Fact]
    public async Task An_attribute_sent_without_values_has_none_and_its_definition_still_answers()
    {
        using var admin = app.ClientFor(Role.Admin);
        const string body = "[{\"code\":\"note-only\",\"name\":\"Övrigt\",\"description\":\"Annat.\",\"group\":\"Övrigt\",\"keywords\":[],\"category\":\"Other\",\"attributes\":[{\"code\":\"what\",\"datatype\":\"String\",\"required\":false,\"description\":\"Vad?\",\"order\":1}]}]";
        try
        {
            using (var put = await admin.PutAsync("/api/open311-services", new StringContent(body, System.Text.Encoding.UTF8, "application/json")))
                Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
            using var client = app.CreateClient();
            using var definition = await client.GetAsync("/open311/v2/services/note-only.xml");
            Assert.Equal(HttpStatusCode.OK, definition.StatusCode);
        }
        finally
        {
            using (await admin.DeleteAsync("/api/open311-services")) { }
        }
    }

    [Theory]
    [InlineData("[{\"code\":\"x\",\"name\":\"x\\u0001\",\"description\":\"x\",\"group\":\"x\",\"keywords\":[],\"category\":\"Other\",\"attributes\":[]}]")]
    [InlineData("[{\"code\":\"x\",\"category\":\"Fireworks\"}]")]
    [InlineData("[{\"code\": ")]
    public async Task An_unknown_category_or_malformed_json_is_400(string body)
    {
        using var admin = app.ClientFor(Role.Admin);
        using var response = await admin.PutAsync("/api/open311-services", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData(Role.Coordinator)]
    [InlineData(Role.Police)]
    [InlineData(Role.Analyst)]
    public async Task Only_administrators_configure_the_profile(Role role)
    {
        using var client = app.ClientFor(role);
        using var get = await client.GetAsync("/api/open311-services");
        using var put = await client.PutAsJsonAsync("/api/open311-services", Array.Empty<object>());
        using var delete = await client.DeleteAsync("/api/open311-services");
        Assert.All(new[] { get, put, delete }, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
    }
}

public sealed class ServiceProfileOnSqlite(SqliteLagesbild app) : ServiceProfileTests<SqliteLagesbild>(app);

public sealed class ServiceProfileOnPostgres(PostgresLagesbild app) : ServiceProfileTests<PostgresLagesbild>(app);

/// <summary>The public map's data, on a database of its own so that its counts are exact.</summary>
public abstract class PublicMapTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    /// <summary>A coordinator accepts every report waiting in the queue: only accepted reports count on the map.</summary>
    private async Task TriageAllAsync()
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        foreach (var id in await app.QueryAsync(db => db.ServiceRequests.Where(r => r.TriagedAt == null).Select(r => r.Id).ToListAsync()))
            await coordinator.PostJsonAsync($"/api/service-requests/{id}/accept", new { }, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Only_cells_with_five_reports_are_shown_with_no_points_text_or_staff_data()
    {
        var key = await app.NewKeyAsync();
        using var client = app.CreateClient();
        // Five reports in one cell, four in another, five of suspected dealing (never on the map), one a duplicate.
        var busy = Places.Sodermalm;
        var quiet = Places.Rinkeby;
        for (var i = 0; i < 5; i++)
            await client.FileAsync(("api_key", key), ("service_code", "littering"), ("lat", Invariant($"{busy.Lat + (i * 0.00001)}")), ("long", Invariant($"{busy.Lon}")), ("description", "<b>Hemlig</b> text"));
        for (var i = 0; i < 4; i++)
            await client.FileAsync(("api_key", key), ("service_code", "littering"), ("lat", Invariant($"{quiet.Lat}")), ("long", Invariant($"{quiet.Lon}")));
        var duplicate = await client.FileAsync(("api_key", key), ("service_code", "littering"), ("lat", Invariant($"{quiet.Lat}")), ("long", Invariant($"{quiet.Lon}")));
        await app.ClientFor(Role.Coordinator).PostJsonAsync($"/api/service-requests/{duplicate}/duplicate", new { duplicateOf = duplicate - 1 }, HttpStatusCode.OK);
        for (var i = 0; i < 5; i++)
            await client.FileAsync(("api_key", key), ("service_code", "drug-dealing"), ("lat", Invariant($"{quiet.Lat}")), ("long", Invariant($"{quiet.Lon}")));
        // Staff accept all of these; five more elsewhere wait in the queue, and five more are closed unaccepted:
        // neither counts.
        await TriageAllAsync();
        var waiting = Places.Next();
        for (var i = 0; i < 5; i++)
            await client.FileAsync(("api_key", key), ("service_code", "littering"), ("lat", Invariant($"{waiting.Lat}")), ("long", Invariant($"{waiting.Lon}")));
        var rejected = Places.Next();
        for (var i = 0; i < 5; i++)
        {
            var id = await client.FileAsync(("api_key", key), ("service_code", "littering"), ("lat", Invariant($"{rejected.Lat}")), ("long", Invariant($"{rejected.Lon}")));
            await app.ClientFor(Role.Coordinator).PostJsonAsync($"/api/service-requests/{id}/status", new { status = "no_further_action", note = "Inget att åtgärda." }, HttpStatusCode.OK);
        }
        // Staff observations, also restricted ones, never reach the public map.
        using var police = app.ClientFor(Role.Police);
        for (var i = 0; i < 5; i++)
            await police.PostObservationAsync(ObservationBody.At(Places.Rinkeby, LagesbildFactory.Now.AddHours(-1), classification: "Restricted"));

        var raw = await client.GetStringAsync("/public/v1/report-cells");
        var cells = JsonDocument.Parse(raw).RootElement.GetProperty("features");

        var cell = Assert.Single(cells.EnumerateArray());
        Assert.Equal(5, cell.GetProperty("properties").GetProperty("count").GetInt32());
        Assert.Equal("Polygon", cell.GetProperty("geometry").GetProperty("type").GetString());
        var expected = GridCell.Of(Sweref99Tm.Project(busy.Lon, busy.Lat)).Key.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, cell.GetProperty("id").GetString());
        Assert.DoesNotContain("Hemlig", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_older_than_90_days_leave_the_map()
    {
        var key = await app.NewKeyAsync();
        using var client = app.CreateClient();
        var place = Places.Next();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
            ids.Add(await client.FileAsync(("api_key", key), ("service_code", "school-vandalism"), ("lat", Invariant($"{place.Lat}")), ("long", Invariant($"{place.Lon}"))));
        var cell = GridCell.Of(Sweref99Tm.Project(place.Lon, place.Lat)).Key.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await TriageAllAsync();
        async Task<bool> ShownAsync() => JsonDocument.Parse(await client.GetStringAsync("/public/v1/report-cells")).RootElement
            .GetProperty("features").EnumerateArray().Any(f => f.GetProperty("id").GetString() == cell);
        Assert.True(await ShownAsync());

        await app.QueryAsync(db => db.ServiceRequests.Where(r => r.Id == ids[0]).ExecuteUpdateAsync(s => s.SetProperty(r => r.RequestedAt, LagesbildFactory.Now.AddDays(-91))));

        Assert.False(await ShownAsync());
    }
}

public sealed class PublicMapOnSqlite(SqliteLagesbild app) : PublicMapTests<SqliteLagesbild>(app);

public sealed class PublicMapOnPostgres(PostgresLagesbild app) : PublicMapTests<PostgresLagesbild>(app);
