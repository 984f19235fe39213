using System.Net;
using System.Text.Json;

namespace Lagesbild.Server.Tests.Infrastructure;

/// <summary>Reading answers: JSON bodies and RFC 9457 problem details.</summary>
public static class Http
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} answered no JSON: {text}");
        }
    }

    /// <summary>Asserts the status and answers the body, showing the body when the status is not the expected one.</summary>
    public static async Task<JsonElement> ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            var text = await response.Content.ReadAsStringAsync();
            throw new Xunit.Sdk.XunitException($"Expected {(int)status} {status}, got {(int)response.StatusCode} {response.StatusCode}: {text}");
        }
        return await response.JsonAsync();
    }

    /// <summary>Asserts a problem details answer with this status whose errors name the field.</summary>
    public static async Task<JsonElement> ExpectProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var problem = await response.ExpectAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        var named = problem.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(e => e.Name).ToList() : [];
        Assert.True(named.Contains(field, StringComparer.Ordinal), $"The problem should name '{field}'; it names [{string.Join(", ", named)}]: {problem}");
        return problem;
    }

    /// <summary>Asserts a problem details answer whose errors name the field and whose codes give it this code, as pages and clients translate it.</summary>
    public static async Task<JsonElement> ExpectCodeAsync(this HttpResponseMessage response, HttpStatusCode status, string field, string code)
    {
        var problem = await response.ExpectProblemAsync(status, field);
        Assert.True(problem.TryGetProperty("codes", out var codes), $"The problem should carry codes: {problem}");
        Assert.Equal(code, codes.GetProperty(field).GetString());
        return problem;
    }

    public static async Task ExpectProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        await response.ExpectAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public static IEnumerable<JsonElement> Features(this JsonElement collection) => collection.GetProperty("features").EnumerateArray();

    public static List<long> Ids(this JsonElement collection) => collection.Features().Select(f => f.GetProperty("id").GetInt64()).ToList();

    public static JsonElement Props(this JsonElement feature) => feature.GetProperty("properties");

    public static long Id(this JsonElement feature) => feature.GetProperty("id").GetInt64();
}
