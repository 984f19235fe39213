using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Observations;

public abstract class ObservationApiTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static readonly DateTimeOffset TwoHoursAgo = LagesbildFactory.Now.AddHours(-2);

    [Fact]
    public async Task Post_records_an_observation_in_its_district()
    {
        using var client = app.ClientFor(Role.SocialServices);
        var (lon, lat) = Places.Rinkeby.At(0.3, -0.2);
        var body = new ObservationBody("Use", lat, lon, TwoHoursAgo, Count: 3, Text: "Två personer vid bänken.");

        using var response = await client.PostAsJsonAsync("/api/observations", body);
        var created = await response.ExpectAsync(HttpStatusCode.Created);

        var id = created.Id();
        Assert.Equal($"/api/observations/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Feature", created.GetProperty("type").GetString());
        var point = created.GetProperty("geometry");
        Assert.Equal("Point", point.GetProperty("type").GetString());
        Assert.Equal(lon, point.GetProperty("coordinates")[0].GetDouble(), 9);
        Assert.Equal(lat, point.GetProperty("coordinates")[1].GetDouble(), 9);
        var props = created.Props();
        Assert.Equal("Use", props.GetProperty("category").GetString());
        Assert.Equal("Rinkeby", props.GetProperty("district").GetString());
        Assert.Equal(TwoHoursAgo, props.GetProperty("occurredFrom").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, props.GetProperty("occurredTo").ValueKind);
        Assert.Equal(LagesbildFactory.Now, props.GetProperty("reportedAt").GetDateTimeOffset());
        Assert.Equal(3, props.GetProperty("count").GetInt32());
        Assert.Equal("Internal", props.GetProperty("classification").GetString());
        Assert.Equal("Staff", props.GetProperty("source").GetString());

        var district = await client.GetJsonAsync($"/api/districts/{props.GetProperty("districtId").GetInt32()}");
        Assert.Equal("Rinkeby", district.Props().GetProperty("name").GetString());

        var read = await client.GetJsonAsync($"/api/observations/{id}");
        Assert.Equal(id, read.Id());
        Assert.Equal(props.ToString(), read.Props().ToString());
    }

    [Fact]
    public async Task Post_reads_the_offset_and_stores_the_instant()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var place = Places.Next();
        // 19:30 in Stockholm in winter is 18:30 UTC; the interval runs to 21:00 local.
        var from = new DateTimeOffset(2026, 11, 20, 19, 30, 0, TimeSpan.FromHours(1));
        var body = ObservationBody.At(place, from, "Syringes", occurredTo: from.AddMinutes(90));

        var created = await client.PostObservationAsync(body);

        var props = (await client.GetJsonAsync($"/api/observations/{created.Id()}")).Props();
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 18, 30, 0, TimeSpan.Zero), props.GetProperty("occurredFrom").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 20, 0, 0, TimeSpan.Zero), props.GetProperty("occurredTo").GetDateTimeOffset());
    }

    [Fact]
    public async Task Unknown_observation_is_404()
    {
        using var client = app.ClientFor(Role.Police);
        using var response = await client.GetAsync("/api/observations/987654321");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Script_in_text_is_stored_and_returned_as_text()
    {
        using var client = app.ClientFor(Role.SchoolStaff);
        const string text = "<script>alert(1)</script> & <img src=x onerror=alert(2)>";
        var body = ObservationBody.At(Places.Next(), TwoHoursAgo, "Vandalism") with { Text = text };

        var created = await client.PostObservationAsync(body);
        Assert.Equal(text, created.Props().GetProperty("text").GetString());

        using var response = await client.GetAsync($"/api/observations/{created.Id()}");
        var read = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(text, read.Props().GetProperty("text").GetString());
        var stored = await app.QueryAsync(db => db.Observations.Where(o => o.Id == created.Id()).Select(o => o.Text).SingleAsync());
        Assert.Equal(text, stored);
    }

    [Fact]
    public async Task Sql_in_text_is_stored_as_text_and_the_table_still_works()
    {
        using var client = app.ClientFor(Role.Guard);
        const string text = "'; DROP TABLE \"Observations\"; -- och ' OR '1'='1";
        var place = Places.Next();

        var created = await client.PostObservationAsync(ObservationBody.At(place, TwoHoursAgo, "Other") with { Text = text });
        var second = await client.PostObservationAsync(ObservationBody.At(place, TwoHoursAgo.AddMinutes(5), "Other"));

        Assert.Equal(text, (await client.GetJsonAsync($"/api/observations/{created.Id()}")).Props().GetProperty("text").GetString());
        var list = await client.GetJsonAsync($"/api/observations?bbox={place.Bbox}");
        Assert.Equal([second.Id(), created.Id()], list.Ids());
        Assert.True(await app.QueryAsync(db => db.Observations.AnyAsync(o => o.Text == text)));
    }
}

public sealed class ObservationApiOnSqlite(SqliteLagesbild app) : ObservationApiTests<SqliteLagesbild>(app);

public sealed class ObservationApiOnPostgres(PostgresLagesbild app) : ObservationApiTests<PostgresLagesbild>(app);
