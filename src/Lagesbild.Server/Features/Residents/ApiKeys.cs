using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Privacy;
using Lagesbild.Core.Validation;
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
public sealed class ApiKeys(LagesbildDb db, TimeProvider time, AuditTrail audit)
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

    public Task<List<ApiKeyView>> ListAsync(CancellationToken ct) =>
        db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => new ApiKeyView(k.Id, k.Name, k.Prefix, k.CreatedAt, k.RevokedAt)).ToListAsync(ct);

    /// <summary>An administrator's new key for a client, audited with it in one transaction.</summary>
    public async Task<Outcome<NewApiKey>> IssueAsync(ApiKeyRequest request, CurrentUser actor, CancellationToken ct)
    {
        if (!Permissions.CanManageUsers(actor.Roles))
            return new Outcome<NewApiKey>.Refused("Only administrators manage Open311 api_keys.");
        var name = request.Name?.Trim() ?? "";
        if (name.Length is < 2 or > 200)
            return Outcome<NewApiKey>.Field(new Refusal("name", RefusalCodes.Invalid, "A name of 2 to 200 characters, plain text, is required."));
        if (!PlainText.IsName(name))
            return Outcome<NewApiKey>.Field(new Refusal("name", RefusalCodes.ControlCharacters, "A name of 2 to 200 characters, plain text, is required."));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var created = await CreateAsync(name, actor.Id, ct);
        Audit(actor, "create-open311-key", created.Id, created.Prefix);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return created;
    }

    public async Task<Outcome<ApiKeyView>> RevokeAsync(int id, CurrentUser actor, CancellationToken ct)
    {
        if (!Permissions.CanManageUsers(actor.Roles))
            return new Outcome<ApiKeyView>.Refused("Only administrators manage Open311 api_keys.");
        if (await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, ct) is not { } key)
            return new Outcome<ApiKeyView>.Missing();
        if (key.RevokedAt is null)
        {
            key.RevokedAt = time.GetUtcNow();
            Audit(actor, "revoke-open311-key", key.Id, key.Prefix);
            await db.SaveChangesAsync(ct);
        }
        return new ApiKeyView(key.Id, key.Name, key.Prefix, key.CreatedAt, key.RevokedAt);
    }

    private void Audit(CurrentUser actor, string action, int id, string detail) =>
        audit.Add(actor, action, nameof(ApiKey), id.ToString(CultureInfo.InvariantCulture), Classification.Internal, detail: detail);

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

        keys.MapGet("/", async (ApiKeys apiKeys, CancellationToken ct) => TypedResults.Ok(await apiKeys.ListAsync(ct)))
            .WithSummary("The Open311 api_keys, without the keys themselves (administrators only).");

        keys.MapPost("/", async (ApiKeyRequest request, ClaimsPrincipal principal, ApiKeys apiKeys, CancellationToken ct) =>
            (await apiKeys.IssueAsync(request, CurrentUser.From(principal), ct)).ToCreated(k => $"/api/open311-keys/{k.Id}"))
        .WithSummary("Make an api_key for an Open311 client. The key is in this answer only; it is stored as a hash (administrators only).");

        keys.MapDelete("/{id:int}", async (int id, ClaimsPrincipal principal, ApiKeys apiKeys, CancellationToken ct) =>
            (await apiKeys.RevokeAsync(id, CurrentUser.From(principal), ct)).ToNoContent())
        .WithSummary("Revoke an api_key: its client can no longer post (administrators only).");
        return api;
    }
}
