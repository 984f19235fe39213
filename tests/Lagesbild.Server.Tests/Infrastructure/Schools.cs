using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Lagesbild.Core.Access;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Infrastructure;

/// <summary>Schools, preschools and the people of other organisations, for the tests of sites and rounds.</summary>
public static class Schools
{
    public static readonly object[] PreschoolHours = Weekdays("06:30", "18:00");

    public static readonly object[] SchoolHours = Weekdays("08:00", "16:00");

    public static object[] Weekdays(string opens, string closes) =>
        new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" }.Select(day => (object)new { day, opens, closes }).ToArray();

    /// <summary>The test users' own organisation.</summary>
    public static Task<int> HomeOrganisationAsync(this LagesbildFactory app) =>
        app.QueryAsync(db => db.Organisations.Where(o => o.Name == "Testkommunen").Select(o => o.Id).SingleAsync());

    /// <summary>A new organisation of a kind, scoped by the administrator to districts when any are given.</summary>
    public static async Task<int> OrganisationAsync(this LagesbildFactory app, string name, string kind = "School", params int[] districts)
    {
        using var admin = app.ClientFor(Role.Admin);
        var created = await admin.PostJsonAsync("/api/organisations", new { name = $"{name} {Guid.NewGuid():N}", kind }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        if (districts.Length > 0)
        {
            using var response = await admin.PutAsJsonAsync($"/api/organisations/{id}/areas", new { districts });
            await response.ExpectAsync(HttpStatusCode.OK);
        }
        return id;
    }

    /// <summary>A user of another organisation, signed in with a bearer token.</summary>
    public static async Task<HttpClient> ClientInAsync(this LagesbildFactory app, int organisationId, Role role)
    {
        var email = $"{role}-{Guid.NewGuid():N}@other.example".ToLowerInvariant();
        using (var admin = app.ClientFor(Role.Admin))
        {
            await admin.PostJsonAsync("/api/users", new
            {
                email,
                displayName = $"Annan {role}",
                password = LagesbildFactory.Password,
                organisationId,
                roles = new[] { role.ToString() },
            }, HttpStatusCode.Created);
        }
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.SignInAsync(email, LagesbildFactory.Password));
        return client;
    }

    /// <summary>A preschool (or school) with a yard of the place's square, registered by a coordinator.</summary>
    public static async Task<JsonElement> SiteAsync(this LagesbildFactory app, Place place, int? organisationId, bool flagged = true, string kind = "Preschool", object[]? hours = null)
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        return await coordinator.PostJsonAsync("/api/sites", new
        {
            name = $"{(kind == "School" ? "Skola" : "Förskola")} {Guid.NewGuid():N}",
            kind,
            lat = place.Lat,
            lon = place.Lon,
            yard = new { type = "Polygon", coordinates = place.Square() },
            organisationId,
            openingHours = hours ?? (kind == "School" ? SchoolHours : PreschoolHours),
            roundsFlagged = flagged,
        }, HttpStatusCode.Created);
    }

    /// <summary>The round of a site on a date, from the list a user sees.</summary>
    public static async Task<JsonElement?> RoundOfAsync(this HttpClient client, long siteId, string date)
    {
        var rounds = await client.GetJsonAsync($"/api/rounds?date={date}");
        return rounds.EnumerateArray().Where(r => r.GetProperty("site").GetProperty("id").GetInt64() == siteId).Cast<JsonElement?>().SingleOrDefault();
    }

    public static async Task<HttpResponseMessage> PostFindingAsync(this HttpClient client, long roundId, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rounds/{roundId}/findings") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request);
    }

    public static string Date(DateTimeOffset instant) => instant.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
