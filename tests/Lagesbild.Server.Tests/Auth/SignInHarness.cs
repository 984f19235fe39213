using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lagesbild.Core.Access;
using Lagesbild.Data;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lagesbild.Server.Tests.Auth;

/// <summary>
/// The server with sign-in limits small enough to reach in a test, and requests that may say which network address
/// they come from (the X-Test-Address header), so that one test can be many addresses.
/// </summary>
public abstract partial class SignInLagesbild(TestStore store) : LagesbildFactory(store)
{
    public const string AddressHeader = "X-Test-Address";
    public const int AddressLimit = 30;

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("Authentication:Lockout:MaxFailuresPerAddress", AddressLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, TestAddresses>());
    }

    /// <summary>A local account of its own for one test, with this password and roles.</summary>
    public async Task<(int Id, string Email)> NewUserAsync(string password = Password, Role role = Role.Coordinator)
    {
        var email = $"{Api.UniqueLetters()}@test.example";
        var id = await QueryAsync(async db =>
        {
            var organisation = await db.Organisations.FirstAsync();
            var user = new User { Email = email, DisplayName = "Provkonto", OrganisationId = organisation.Id, Roles = [role], CreatedAt = Now };
            user.PasswordHash = Services.GetRequiredService<IPasswordHasher<User>>().HashPassword(user, password);
            db.Users.Add(user);
            await db.SaveChangesAsync();
            return user.Id;
        });
        return (id, email);
    }

    public Task<HttpResponseMessage> LoginAsync(string email, string password, string address = "198.51.100.1", string? code = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(AddressHeader, address);
        return client.PostAsJsonAsync("/api/auth/login", new { email, password, code });
    }

    public async Task<string> TokenAsync(string email, string password, string? code = null)
    {
        using var response = await LoginAsync(email, password, code: code);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    public HttpClient Bearer(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A browser-like client that keeps cookies and does not follow redirects.</summary>
    public HttpClient Browser(string address = "198.51.100.2")
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(AddressHeader, address);
        return client;
    }

    /// <summary>Signs in through the sign-in page's form, as a browser does; answers the response to the post.</summary>
    public static async Task<HttpResponseMessage> PostLoginFormAsync(HttpClient browser, string email, string password, string returnUrl = "")
    {
        var path = returnUrl.Length == 0 ? "/login" : "/login?returnUrl=" + Uri.EscapeDataString(returnUrl);
        var form = await browser.GetStringAsync(path);
        return await browser.PostAsync(path, new FormUrlEncodedContent(
        [
            KeyValuePair.Create("Input.Email", email),
            KeyValuePair.Create("Input.Password", password),
            KeyValuePair.Create("__RequestVerificationToken", AntiforgeryToken().Match(form).Groups["token"].Value),
            KeyValuePair.Create("_handler", "login"),
        ]));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private sealed class TestAddresses : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextStep) =>
            {
                if (context.Request.Headers[AddressHeader].FirstOrDefault() is { } address)
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address);
                return nextStep(context);
            });
            next(app);
        };
    }
}

public sealed class SqliteSignIn() : SignInLagesbild(new SqliteStore());

public sealed class PostgresSignIn() : SignInLagesbild(new PostgresStore());
