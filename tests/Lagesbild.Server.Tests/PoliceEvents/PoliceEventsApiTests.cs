using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Lagesbild.Server.Tests.Open311;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.PoliceEvents;

/// <summary>/api/police-events: the context layer for every signed-in role, its filters, and the administrator's import of a feed document.</summary>
public abstract class PoliceEventsApiTests<TFactory>(TFactory app) : IClassFixture<TFactory>, IAsyncLifetime
    where TFactory : LagesbildFactory
{
    public async Task InitializeAsync()
    {
        await app.QueryAsync(db => db.PoliceEvents.ExecuteDeleteAsync());
        using var admin = app.ClientFor(Role.Admin);
        using var response = await admin.PostAsync("/api/police-events/import", Feed(PoliceFeedTests<PoliceFeedSqlite>.Fixture()));
        await response.ExpectAsync(HttpStatusCode.OK);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static StringContent Feed(string json) => new(json, Encoding.UTF8, "application/json");

    private static List<long> Ids(System.Text.Json.JsonElement collection) => collection.Features().Select(f => f.GetProperty("id").GetInt64()).ToList();

    [Fact]
    public async Task Every_signed_in_role_reads_the_events_as_GeoJSON_the_latest_first()
    {
        foreach (var role in Enum.GetValues<Role>())
        {
            using var client = app.ClientFor(role);
            var collection = await client.GetJsonAsync("/api/police-events");
            Assert.Equal("FeatureCollection", collection.GetProperty("type").GetString());
            Assert.Equal([1001L, 1002, 1003, 1004, 1005, 1006, 1007, 1009, 1011], Ids(collection));
        }
        using var police = app.ClientFor(Role.Police);
        var first = (await police.GetJsonAsync("/api/police-events")).Features().First();
        var p = first.GetProperty("properties");
        Assert.Equal("Point", first.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal("Narkotikabrott", p.GetProperty("type").GetString());
        Assert.Equal("District", p.GetProperty("placement").GetString());
        Assert.Equal("Södermalm", p.GetProperty("district").GetString());
        Assert.Equal("2026-11-26T20:14:08+00:00", p.GetProperty("at").GetString());
        Assert.StartsWith("https://polisen.se/aktuellt/handelser/2026/november/26/", p.GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_filters_narrow_by_type_district_and_dates()
    {
        using var client = app.ClientFor(Role.Coordinator);
        Assert.Equal([1001L, 1003], Ids(await client.GetJsonAsync("/api/police-events?type=Narkotikabrott")));
        Assert.Equal([1001L, 1002, 1003], Ids(await client.GetJsonAsync("/api/police-events?type=Narkotikabrott,Misshandel")));
        var rinkeby = await app.QueryAsync(db => db.Districts.Where(d => d.Name == "Rinkeby").Select(d => d.Id).SingleAsync());
        Assert.Equal([1002L], Ids(await client.GetJsonAsync($"/api/police-events?district={rinkeby}")));
        // Dates are Stockholm days; the 21st holds 1006 (20:00) and 1007 (09:30).
        Assert.Equal([1006L, 1007], Ids(await client.GetJsonAsync("/api/police-events?from=2026-11-21&to=2026-11-21")));
        Assert.Equal([1001L, 1002], Ids(await client.GetJsonAsync("/api/police-events?from=2026-11-25T00:00:00%2B01:00")));
        Assert.Empty(Ids(await client.GetJsonAsync("/api/police-events?type=Mord")));
    }

    [Theory]
    [InlineData("from=2026-11-25&to=2026-11-20", "to")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-45", "to")]
    [InlineData("district=999999", "district")]
    [InlineData("district=abc", "district")]
    [InlineData("type=a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u", "type")]
    public async Task Bad_filters_are_problems_naming_the_field(string query, string field)
    {
        using var client = app.ClientFor(Role.Analyst);
        using var response = await client.GetAsync($"/api/police-events?{query}");
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Hostile_type_text_is_only_a_filter()
    {
        using var client = app.ClientFor(Role.Analyst);
        var answer = await client.GetJsonAsync("/api/police-events?type=" + Uri.EscapeDataString("'; DROP TABLE \"PoliceEvents\";--,<script>"));
        Assert.Empty(Ids(answer));
        Assert.Equal(9, Ids(await client.GetJsonAsync("/api/police-events")).Count);
    }

    [Fact]
    public async Task Nobody_signed_out_reads_them_nor_a_resident_client_with_an_api_key()
    {
        using var anonymous = app.CreateClient();
        using var none = await anonymous.GetAsync("/api/police-events");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);

        var key = await app.NewKeyAsync();
        using var withKey = await anonymous.GetAsync($"/api/police-events?api_key={Uri.EscapeDataString(key)}");
        Assert.Equal(HttpStatusCode.Unauthorized, withKey.StatusCode);
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var asBearer = await anonymous.GetAsync("/api/police-events");
        Assert.Equal(HttpStatusCode.Unauthorized, asBearer.StatusCode);
    }

    [Fact]
    public async Task Loading_the_same_document_again_adds_nothing()
    {
        using var admin = app.ClientFor(Role.Admin);
        using var response = await admin.PostAsync("/api/police-events/import", Feed(PoliceFeedTests<PoliceFeedSqlite>.Fixture()));
        var result = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((0, 10, 1, 1), (result.GetProperty("added").GetInt32(), result.GetProperty("known").GetInt32(),
            result.GetProperty("elsewhere").GetInt32(), result.GetProperty("unreadable").GetInt32()));
        Assert.Equal(9, await app.QueryAsync(db => db.PoliceEvents.CountAsync()));
    }

    [Theory]
    [InlineData(Role.Coordinator)]
    [InlineData(Role.Police)]
    [InlineData(Role.Analyst)]
    [InlineData(Role.DataProtection)]
    public async Task Only_an_administrator_loads_a_document(Role role)
    {
        using var client = app.ClientFor(role);
        using var response = await client.PostAsync("/api/police-events/import", Feed("[]"));
        await response.ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"features\": []}")]
    [InlineData("[{\"id\": 1,")]
    public async Task A_document_that_is_not_the_feed_is_refused_naming_the_body(string body)
    {
        using var admin = app.ClientFor(Role.Admin);
        using var response = await admin.PostAsync("/api/police-events/import", Feed(body));
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "body");
        Assert.Equal(9, await app.QueryAsync(db => db.PoliceEvents.CountAsync()));
    }

    [Fact]
    public async Task An_oversized_document_is_refused()
    {
        using var admin = app.ClientFor(Role.Admin);
        using var response = await admin.PostAsync("/api/police-events/import", Feed("[" + new string(' ', 2 * 1024 * 1024) + "]"));
        await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "body");
    }
}

public sealed class PoliceEventsApiOnSqlite(SqliteLagesbild app) : PoliceEventsApiTests<SqliteLagesbild>(app);

public sealed class PoliceEventsApiOnPostgres(PostgresLagesbild app) : PoliceEventsApiTests<PostgresLagesbild>(app);
