using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Lagesbild.Server.Features.Residents;
using Lagesbild.Server.Tests.Infrastructure;

namespace Lagesbild.Server.Tests.Open311;

/// <summary>What the Open311 tests share: posting a form as an Open311 client does, and the golden files.</summary>
public static class Open311Client
{
    public static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));

    /// <summary>A syringes report at a place, with the service's two required attributes.</summary>
    public static (string, string)[] Syringes(string key, Place place, string description = "Tre sprutor vid sandlådan.") =>
    [
        ("api_key", key), ("service_code", "syringes"),
        ("lat", place.Lat.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
        ("long", place.Lon.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
        ("description", description), ("attribute[count]", "3"), ("attribute[near_children]", "yes"),
    ];

    /// <summary>Posts a report and answers its service_request_id.</summary>
    public static async Task<long> FileAsync(this HttpClient client, params (string, string)[] fields)
    {
        using var response = await client.PostAsync("/open311/v2/requests.json", Form(fields));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return long.Parse(JsonDocument.Parse(body).RootElement[0].GetProperty("service_request_id").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static Task<string> NewKeyAsync(this LagesbildFactory app) =>
        app.RunAsync<ApiKeys, string>(async keys => (await keys.CreateAsync($"Testklient {Api.UniqueLetters()[..6]}", null, CancellationToken.None)).Key);

    public static string Golden(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Open311", "Golden", name)).ReplaceLineEndings("\n");

    /// <summary>
    /// Compares a document with its golden file. With LAGESBILD_WRITE_GOLDEN=1 the file in the source tree is written
    /// instead, to be read and committed by hand when a document is meant to change.
    /// </summary>
    public static void AssertGolden(string name, string actual, [CallerFilePath] string caller = "")
    {
        actual = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("LAGESBILD_WRITE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(Path.GetDirectoryName(caller)!, "Golden", name), actual);
            return;
        }
        Assert.Equal(Golden(name), actual);
    }
}
