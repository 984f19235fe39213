using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Lagesbild.Server.Tests.Infrastructure;

/// <summary>An observation as a client sends it.</summary>
public sealed record ObservationBody(
    string Category,
    double Lat,
    double Lon,
    DateTimeOffset OccurredFrom,
    DateTimeOffset? OccurredTo = null,
    int? Count = null,
    string Classification = "Internal",
    string? Text = null)
{
    public static ObservationBody At(Place place, DateTimeOffset occurredFrom, string category = "Dealing", DateTimeOffset? occurredTo = null, string classification = "Internal")
    {
        var (lon, lat) = place.At();
        return new ObservationBody(category, lat, lon, occurredFrom, occurredTo, Classification: classification);
    }
}

/// <summary>The calls most tests make, answering the parsed body after checking the status.</summary>
public static class Api
{
    public static async Task<JsonElement> PostObservationAsync(this HttpClient client, ObservationBody body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/observations") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await client.SendAsync(request);
        return await response.ExpectAsync(HttpStatusCode.Created);
    }

    /// <summary>A POST with an Idempotency-Key header when one is given; the caller reads the answer.</summary>
    public static async Task<HttpResponseMessage> PostKeyedAsync(this HttpClient client, string url, object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (key is not null)
            request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    /// <summary>A new personal API token (lgb_…) of the test user with this role, as a GIS tool or script uses it.</summary>
    public static async Task<string> PersonalTokenAsync(this LagesbildFactory app, Lagesbild.Core.Access.Role role, string tool)
    {
        using var client = app.ClientFor(role);
        var created = await client.PostJsonAsync("/api/account/tokens", new { name = $"{tool} {UniqueLetters()}" }, HttpStatusCode.Created);
        return created.GetProperty("token").GetString()!;
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url, HttpStatusCode status = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(url);
        return await response.ExpectAsync(status);
    }

    public static async Task<JsonElement> PostJsonAsync(this HttpClient client, string url, object body, HttpStatusCode status)
    {
        using var response = await client.PostAsJsonAsync(url, body);
        return await response.ExpectAsync(status);
    }

    public static async Task<JsonElement> PutJsonAsync(this HttpClient client, string url, object body, HttpStatusCode status)
    {
        using var response = await client.PutAsJsonAsync(url, body);
        return await response.ExpectAsync(status);
    }

    /// <summary>A scene with the given area, registered by whoever the client is.</summary>
    public static Task<JsonElement> PostSceneAsync(this HttpClient client, double[][][] area, string? status = null, DateTimeOffset? statusAt = null, string? name = null) =>
        client.PostJsonAsync("/api/scenes", new
        {
            name = name ?? $"Testscen {UniqueLetters()}",
            area = new { type = "Polygon", coordinates = area },
            status,
            statusAt,
        }, HttpStatusCode.Created);

    public static Task<JsonElement> ChangeStatusAsync(this HttpClient client, long sceneId, string status, DateTimeOffset at) =>
        client.PostJsonAsync($"/api/scenes/{sceneId}/status", new { status, at, reason = $"Test: {status}." }, HttpStatusCode.OK);

    /// <summary>
    /// A unique name part of letters only: a Guid's digits can line up as a valid personnummer, which the server
    /// rightly refuses (it made one test in a few thousand fail).
    /// </summary>
    public static string UniqueLetters() => string.Concat(Guid.NewGuid().ToString("N").Select(c => char.IsAsciiDigit(c) ? (char)('g' + (c - '0')) : c));

    /// <summary>An instant as a query value (the offset's '+' escaped).</summary>
    public static string Query(DateTimeOffset instant) => Uri.EscapeDataString(instant.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
}
