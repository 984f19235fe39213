using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Lagesbild.Core.Access;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Residents;

public sealed record ApiKeyRequest([property: Required, StringLength(200, MinimumLength = 2)] string? Name);

/// <summary>A key as listed: never the key itself, which is shown once, when it is made.</summary>
public sealed record ApiKeyView(int Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

public sealed record NewApiKey(int Id, string Name, string Key, string Prefix, DateTimeOffset CreatedAt);

/// <summary>
/// Open311 api_keys, which an Open311 client (FixMyStreet, an app) needs to post requests. An administrator makes
/// one for each client; it is shown once and stored only as its SHA-256 hash, so a lost key is revoked and
/// replaced, never recovered.
/// </summary>
public sealed class ApiKeys(LagesbildDb db, TimeProvider time)
{
    /// <summary>The demo's ready-made key, printed when the demo starts.</summary>
    public const string DemoKey = "demo-open311-key";

    public static string HashOf(string key) => SecretTokens.Hash(key);

    public async Task<NewApiKey> CreateAsync(string name, int? createdBy, CancellationToken ct, string? key = null)
    {
        key ??= SecretTokens.New("l311_");
        var entry = new ApiKey { Name = name.Trim(), Prefix = key[..Math.Min(9, key.Length)], Hash = HashOf(key), CreatedAt = time.GetUtcNow(), CreatedById = createdBy };
        db.ApiKeys.Add(entry);
        await db.SaveChangesAsync(ct);
        return new NewApiKey(entry.Id, entry.Name, key, entry.Prefix, entry.CreatedAt);
    }

    /// <summary>The live key with this value, or null (unknown, empty or revoked).</summary>
    public async Task<ApiKey?> FindAsync(string? key, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 200)
            return null;
        var hash = HashOf(key);
        return await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null, ct);
    }
}

/// <summary>The administrators' endpoints for Open311 api_keys.</summary>
public static class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeysApi(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/open311-keys").WithTags("Open311").AddEndpointFilter(AdminOnly.Filter("manage Open311 api_keys"));

        keys.MapGet("/", async (LagesbildDb db, CancellationToken ct) =>
            TypedResults.Ok(await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id)
                .Select(k => new ApiKeyView(k.Id, k.Name, k.Prefix, k.CreatedAt, k.RevokedAt)).ToListAsync(ct)))
            .WithSummary("The Open311 api_keys, without the keys themselves (administrators only).");

        keys.MapPost("/", async (ApiKeyRequest request, ClaimsPrincipal principal, ApiKeys apiKeys, CancellationToken ct) =>
        {
            var created = await apiKeys.CreateAsync(request.Name!, CurrentUser.From(principal).Id, ct);
            return TypedResults.Created($"/api/open311-keys/{created.Id}", created);
        })
        .WithSummary("Make an api_key for an Open311 client. The key is in this answer only; it is stored as a hash (administrators only).");

        keys.MapDelete("/{id:int}", async Task<Results<NoContent, NotFound>> (int id, LagesbildDb db, TimeProvider time, CancellationToken ct) =>
        {
            if (await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, ct) is not { } key)
                return TypedResults.NotFound();
            key.RevokedAt ??= time.GetUtcNow();
            await db.SaveChangesAsync(ct);
            return TypedResults.NoContent();
        })
        .WithSummary("Revoke an api_key: its client can no longer post (administrators only).");
        return api;
    }
}
