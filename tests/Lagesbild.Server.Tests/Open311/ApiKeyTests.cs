using System.Net;
using System.Net.Http.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Features.Residents;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Open311;

/// <summary>/api/open311-keys: administrators make a key per Open311 client; it is shown once and stored hashed.</summary>
public abstract class ApiKeyTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    [Fact]
    public async Task A_key_is_shown_once_stored_as_its_hash_and_can_be_revoked()
    {
        using var admin = app.ClientFor(Role.Admin);
        var name = $"FixMyStreet {Api.UniqueLetters()[..6]}";

        var created = await admin.PostJsonAsync("/api/open311-keys", new { name }, HttpStatusCode.Created);
        var key = created.GetProperty("key").GetString()!;
        var id = created.GetProperty("id").GetInt32();

        Assert.StartsWith("l311_", key, StringComparison.Ordinal);
        Assert.True(key.Length >= 40);
        var stored = await app.QueryAsync(db => db.ApiKeys.SingleAsync(k => k.Id == id));
        Assert.Equal(ApiKeys.HashOf(key), stored.Hash);
        Assert.DoesNotContain(key, stored.Hash + stored.Prefix + stored.Name, StringComparison.Ordinal);
        var listed = (await admin.GetJsonAsync("/api/open311-keys")).EnumerateArray().Single(k => k.GetProperty("id").GetInt32() == id);
        Assert.False(listed.TryGetProperty("key", out _));
        Assert.Equal(key[..9], listed.GetProperty("prefix").GetString());
        Assert.NotNull(await app.RunAsync<ApiKeys, Lagesbild.Data.ApiKey?>(k => k.FindAsync(key, CancellationToken.None)));

        using var revoke = await admin.DeleteAsync($"/api/open311-keys/{id}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Null(await app.RunAsync<ApiKeys, Lagesbild.Data.ApiKey?>(k => k.FindAsync(key, CancellationToken.None)));
        Assert.Null(await app.RunAsync<ApiKeys, Lagesbild.Data.ApiKey?>(k => k.FindAsync("", CancellationToken.None)));
        using var missing = await admin.DeleteAsync("/api/open311-keys/999999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(["create-open311-key", "revoke-open311-key"], await app.QueryAsync(db => db.AuditEntries
            .Where(e => e.Entity == "ApiKey" && e.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture)).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync()));
        using var hostile = await admin.PostAsJsonAsync("/api/open311-keys", new { name = "Fix\u202EMyStreet" });
        await hostile.ExpectProblemAsync(HttpStatusCode.BadRequest, "name");
    }

    [Theory]
    [InlineData(Role.Coordinator)]
    [InlineData(Role.Police)]
    [InlineData(Role.Analyst)]
    [InlineData(Role.Guard)]
    public async Task Only_administrators_manage_keys(Role role)
    {
        using var client = app.ClientFor(role);

        using var list = await client.GetAsync("/api/open311-keys");
        using var create = await client.PostAsJsonAsync("/api/open311-keys", new { name = "Någon" });

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.False(await app.QueryAsync(db => db.ApiKeys.AnyAsync(k => k.Name == "Någon")));
    }

    [Theory]
    [InlineData("{\"name\": \"x\"}")]
    [InlineData("{}")]
    [InlineData("{\"name\": ")]
    public async Task A_key_needs_a_name(string body)
    {
        using var admin = app.ClientFor(Role.Admin);
        using var response = await admin.PostAsync("/api/open311-keys", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

public sealed class ApiKeysOnSqlite(SqliteLagesbild app) : ApiKeyTests<SqliteLagesbild>(app);

public sealed class ApiKeysOnPostgres(PostgresLagesbild app) : ApiKeyTests<PostgresLagesbild>(app);
