using System.Net;
using System.Text.RegularExpressions;
using Lagesbild.Core.Access;

namespace Lagesbild.Server.Tests.Infrastructure;

/// <summary>Signing in as the web UI does: the sign-in form with its antiforgery token, and the cookie it sets.</summary>
public static partial class Cookies
{
    /// <summary>A client holding the sign-in cookie of the test user with this role (no bearer token).</summary>
    public static async Task<HttpClient> CookieClientForAsync(this LagesbildFactory app, Role role)
    {
        var client = app.CreateClient();
        await SignInAsync(client, role);
        return client;
    }

    /// <summary>Signs the client in through the sign-in form, as the test user with this role; its cookies keep the session.</summary>
    public static async Task SignInAsync(HttpClient client, Role role)
    {
        var token = await AntiforgeryTokenAsync(client, "/login");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = LagesbildFactory.EmailOf(role),
            ["Input.Password"] = LagesbildFactory.Password,
        });
        using var signedIn = await client.PostAsync("/login", form);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        await client.GetJsonAsync("/api/auth/me");
    }

    /// <summary>The antiforgery token a page renders into its forms (the sign-in form, the sign-out button).</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var match = TokenInput().Match(html);
        Assert.True(match.Success, $"{page} renders no antiforgery token.");
        return WebUtility.HtmlDecode(match.Groups["token"].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"(?<token>[^\"]+)\"")]
    private static partial Regex TokenInput();
}
