using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lagesbild.Core.Residents;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Residents;

/// <summary>
/// The service profile in force: the one an administrator saved, or the Swedish default. Old requests keep the
/// service name they were made under.
/// </summary>
public sealed class ServiceProfileStore(LagesbildDb db, TimeProvider time)
{
    public const string Key = "open311.services";

    /// <summary>The largest profile, as stored JSON.</summary>
    public const int MaxLength = 200_000;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public async Task<IReadOnlyList<ServiceDefinition>> CurrentAsync(CancellationToken ct)
    {
        var saved = await db.Settings.AsNoTracking().Where(s => s.Key == Key).Select(s => s.Value).FirstOrDefaultAsync(ct);
        return saved is null ? ServiceProfile.Swedish : JsonSerializer.Deserialize<List<ServiceDefinition>>(saved, Json)!;
    }

    /// <summary>Saves a profile after checking it, or answers what is wrong with it.</summary>
    public async Task<Dictionary<string, string>> SaveAsync(IReadOnlyList<ServiceDefinition>? profile, int byUser, CancellationToken ct)
    {
        var errors = ServiceProfile.Check(profile);
        if (errors.Count > 0)
            return errors;
        // An attribute sent without "values" has none, rather than a missing list that would break its definition.
        profile = profile!.Select(s => s with { Attributes = s.Attributes.Select(a => a with { Values = a.Values ?? [] }).ToList() }).ToList();
        var value = JsonSerializer.Serialize(profile, Json);
        if (value.Length > MaxLength)
            return new Dictionary<string, string> { ["services"] = $"The profile is larger than {MaxLength / 1000} kB as JSON." };
        var setting = await db.Settings.FirstOrDefaultAsync(s => s.Key == Key, ct);
        if (setting is null)
            db.Settings.Add(setting = new Setting { Key = Key, Value = value });
        setting.Value = value;
        setting.UpdatedAt = time.GetUtcNow();
        setting.UpdatedById = byUser;
        await db.SaveChangesAsync(ct);
        return errors;
    }

    public async Task ResetAsync(CancellationToken ct) =>
        await db.Settings.Where(s => s.Key == Key).ExecuteDeleteAsync(ct);
}

/// <summary>The administrators' endpoints for the service profile that Open311 clients and the public page offer.</summary>
public static class ServiceProfileApi
{
    public static RouteGroupBuilder MapServiceProfileApi(this RouteGroupBuilder api)
    {
        var profile = api.MapGroup("/open311-services").WithTags("Open311").AddEndpointFilter(AdminOnly.Filter("configure the Open311 service profile"));

        profile.MapGet("/", async (ServiceProfileStore store, CancellationToken ct) =>
            TypedResults.Ok(await store.CurrentAsync(ct)))
            .WithSummary("The service profile in force (administrators only; GET /open311/v2/services.json is its public form).");

        profile.MapPut("/", async Task<Results<NoContent, ValidationProblem>> (List<ServiceDefinition>? services, ClaimsPrincipal principal, ServiceProfileStore store, CancellationToken ct) =>
        {
            var errors = await store.SaveAsync(services, CurrentUser.From(principal).Id, ct);
            return errors.Count > 0 ? TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => new[] { e.Value })) : TypedResults.NoContent();
        })
        .WithSummary("Replace the service profile: a list of services with code, name, description, group, keywords, category, notice, attributes, onPublicMap and expectedHours (administrators only).");

        profile.MapDelete("/", async (ServiceProfileStore store, CancellationToken ct) =>
        {
            await store.ResetAsync(ct);
            return TypedResults.NoContent();
        })
        .WithSummary("Return to the built-in Swedish service profile (administrators only).");
        return api;
    }
}
