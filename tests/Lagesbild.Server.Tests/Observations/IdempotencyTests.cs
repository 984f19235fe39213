using System.Net;
using System.Net.Http.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Observations;

public abstract class IdempotencyTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static readonly DateTimeOffset AnHourAgo = LagesbildFactory.Now.AddHours(-1);

    private Task<int> RowsWithKeyAsync(string key) => app.QueryAsync(db => db.Observations.CountAsync(o => o.IdempotencyKey == key));

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, ObservationBody body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/observations") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Same_key_twice_gives_the_first_record_and_writes_one_row()
    {
        using var client = app.ClientFor(Role.SchoolManager);
        var key = Guid.NewGuid().ToString();
        var body = ObservationBody.At(Places.Next(), AnHourAgo, "Syringes");

        var first = await client.PostObservationAsync(body, key);
        var retry = await client.PostObservationAsync(body, key);

        Assert.Equal(first.Id(), retry.Id());
        Assert.Equal(first.ToString(), retry.ToString());
        Assert.Equal(1, await RowsWithKeyAsync(key));
    }

    [Fact]
    public async Task A_replayed_answer_says_so_in_a_header()
    {
        using var client = app.ClientFor(Role.Police);
        var key = Guid.NewGuid().ToString();
        var body = ObservationBody.At(Places.Next(), AnHourAgo, "Dealing");

        using var first = await PostAsync(client, body, key);
        using var retry = await PostAsync(client, body, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
    }

    [Fact]
    public async Task Same_key_with_a_different_body_is_422_and_writes_nothing()
    {
        using var client = app.ClientFor(Role.SchoolManager);
        var key = Guid.NewGuid().ToString();
        var body = ObservationBody.At(Places.Next(), AnHourAgo, "Syringes");
        var first = await client.PostObservationAsync(body, key);

        using var response = await PostAsync(client, body with { Count = 7 }, key);

        await response.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(1, await RowsWithKeyAsync(key));
        Assert.Equal(1, (await client.GetJsonAsync($"/api/observations/{first.Id()}")).Props().GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Concurrent_posts_with_the_same_key_write_one_row()
    {
        using var client = app.ClientFor(Role.Police);
        var key = Guid.NewGuid().ToString();
        var body = ObservationBody.At(Places.Next(), AnHourAgo, "Dealing", classification: "Restricted");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostAsync(client, body, key)));

        var ids = new List<long>();
        foreach (var response in responses)
        {
            using (response)
                ids.Add((await response.ExpectAsync(HttpStatusCode.Created)).Id());
        }
        Assert.Single(ids.Distinct());
        Assert.Equal(1, await RowsWithKeyAsync(key));
    }

    [Fact]
    public async Task The_same_key_from_two_users_gives_two_records()
    {
        using var guard = app.ClientFor(Role.Guard);
        using var staff = app.ClientFor(Role.SchoolStaff);
        var key = Guid.NewGuid().ToString();
        var body = ObservationBody.At(Places.Next(), AnHourAgo, "Vandalism");

        var a = await guard.PostObservationAsync(body, key);
        var b = await staff.PostObservationAsync(body, key);

        Assert.NotEqual(a.Id(), b.Id());
        Assert.Equal(2, await RowsWithKeyAsync(key));
    }

    [Fact]
    public async Task A_key_over_200_characters_is_refused()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var before = await app.QueryAsync(db => db.Observations.CountAsync());

        using var response = await PostAsync(client, ObservationBody.At(Places.Next(), AnHourAgo), new string('k', 201));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "Idempotency-Key");
        Assert.Equal(before, await app.QueryAsync(db => db.Observations.CountAsync()));
    }
}

public sealed class IdempotencyOnSqlite(SqliteLagesbild app) : IdempotencyTests<SqliteLagesbild>(app);

public sealed class IdempotencyOnPostgres(PostgresLagesbild app) : IdempotencyTests<PostgresLagesbild>(app);
