using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lagesbild.Server.Tests.Auth;

public abstract class AuthTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    /// <summary>Every /api route but sign-in, with the id parameters filled in.</summary>
    public static TheoryData<string, string> ApiRoutes() => new()
    {
        { "GET", "/api/auth/me" },
        { "GET", "/api/account" },
        { "POST", "/api/account/password" },
        { "POST", "/api/account/authenticator/setup" },
        { "POST", "/api/account/authenticator" },
        { "POST", "/api/account/authenticator/off" },
        { "POST", "/api/account/recovery-codes" },
        { "GET", "/api/account/tokens" },
        { "POST", "/api/account/tokens" },
        { "DELETE", "/api/account/tokens/1" },
        { "GET", "/api/personal-tokens" },
        { "DELETE", "/api/personal-tokens/1" },
        { "GET", "/api/districts" },
        { "GET", "/api/districts/1" },
        { "GET", "/api/areas" },
        { "POST", "/api/areas/import" },
        { "GET", "/api/scenes" },
        { "GET", "/api/scenes/1" },
        { "POST", "/api/scenes" },
        { "PUT", "/api/scenes/1" },
        { "GET", "/api/measures" },
        { "GET", "/api/measures/1" },
        { "POST", "/api/measures" },
        { "PUT", "/api/measures/1" },
        { "GET", "/api/measures/1/effect" },
        { "POST", "/api/scenes/1/status" },
        { "POST", "/api/scenes/1/merge" },
        { "POST", "/api/scenes/1/split" },
        { "POST", "/api/scenes/1/proposals/1/confirm" },
        { "POST", "/api/scenes/1/proposals/1/reject" },
        { "GET", "/api/scenes/terms" },
        { "POST", "/api/scenes/1/notes" },
        { "GET", "/api/observations" },
        { "GET", "/api/observations/1" },
        { "POST", "/api/observations" },
        { "PUT", "/api/observations/1" },
        { "DELETE", "/api/observations/1" },
        { "GET", "/api/observations/1/history" },
        { "POST", "/api/observations/import" },
        { "GET", "/api/imports" },
        { "GET", "/api/imports/1" },
        { "GET", "/api/imports/1/refusals" },
        { "POST", "/api/imports/1/cancel" },
        { "POST", "/api/imports/1/resume" },
        { "GET", "/api/audit" },
        { "GET", "/api/audit.csv" },
        { "GET", "/api/audit/verify" },
        { "GET", "/api/retention" },
        { "GET", "/api/privacy/record" },
        { "GET", "/api/reports" },
        { "POST", "/api/reports/1/receive" },
        { "GET", "/api/organisations/1/scope" },
        { "PUT", "/api/organisations/1/areas" },
        { "PUT", "/api/organisations/1/guarded-sites" },
        { "GET", "/api/lagesbild" },
        { "GET", "/api/analysis/hotspots" },
        { "GET", "/api/analysis/candidates" },
        { "GET", "/api/indicators/active-scenes" },
        { "GET", "/api/indicators/active-scenes/compare" },
        { "POST", "/api/indicators/import" },
        { "GET", "/api/indicators/series" },
        { "POST", "/api/mappings/import" },
        { "GET", "/api/mappings" },
        { "GET", "/api/mappings/1" },
        { "GET", "/api/mappings/1/reconcile" },
        { "GET", "/api/meetings" },
        { "GET", "/api/meetings/1" },
        { "POST", "/api/meetings" },
        { "POST", "/api/meetings/1/decisions" },
        { "GET", "/api/meetings/1/minutes" },
        { "GET", "/api/actions" },
        { "GET", "/api/actions/1" },
        { "POST", "/api/actions" },
        { "PUT", "/api/actions/1" },
        { "GET", "/api/reports/weekly" },
        { "GET", "/api/exports/geopackage" },
        { "GET", "/api/measures.xlsx" },
        { "GET", "/api/indicators/series.xlsx" },
        { "GET", "/api/open311-keys" },
        { "POST", "/api/open311-keys" },
        { "DELETE", "/api/open311-keys/1" },
        { "GET", "/api/open311-services" },
        { "PUT", "/api/open311-services" },
        { "DELETE", "/api/open311-services" },
        { "GET", "/api/service-requests" },
        { "GET", "/api/service-requests/1" },
        { "POST", "/api/service-requests/1/accept" },
        { "POST", "/api/service-requests/1/duplicate" },
        { "POST", "/api/service-requests/1/status" },
        { "GET", "/api/users" },
        { "POST", "/api/users" },
        { "GET", "/api/organisations" },
        { "POST", "/api/organisations" },
        { "GET", "/api/users/1" },
        { "PUT", "/api/users/1" },
        { "POST", "/api/users/1/deactivate" },
        { "POST", "/api/users/1/activate" },
        { "POST", "/api/users/1/password" },
        { "POST", "/api/users/1/unlock" },
        { "POST", "/api/users/1/reset-totp" },
        { "PUT", "/api/organisations/1" },
        { "GET", "/api/cameras" },
        { "GET", "/api/cameras/1" },
        { "GET", "/api/cameras/register.pdf" },
        { "POST", "/api/cameras" },
        { "PUT", "/api/cameras/1" },
        { "DELETE", "/api/cameras/1" },
        { "GET", "/api/sites" },
        { "GET", "/api/sites/1" },
        { "POST", "/api/sites" },
        { "PUT", "/api/sites/1" },
        { "POST", "/api/sites/import" },
        { "GET", "/api/sites/exposure" },
        { "GET", "/api/sites/1/presence" },
        { "PUT", "/api/sites/1/presence" },
        { "GET", "/api/rounds" },
        { "GET", "/api/rounds/1" },
        { "POST", "/api/rounds/1/start" },
        { "POST", "/api/rounds/1/findings" },
        { "PUT", "/api/rounds/1/findings/1/photo" },
        { "GET", "/api/rounds/1/findings/1/photo" },
        { "POST", "/api/rounds/1/complete" },
        { "GET", "/api/rounds/checklists" },
        { "PUT", "/api/rounds/checklists/1" },
        { "GET", "/api/notifications" },
        { "POST", "/api/notifications/1/read" },
        { "POST", "/api/sensors" },
        { "GET", "/api/sensors" },
        { "GET", "/api/sensors/1" },
        { "POST", "/api/sensors/1/rotate-secret" },
        { "GET", "/api/alarm-panels" },
        { "GET", "/api/alarm-panels/1" },
        { "POST", "/api/alarm-panels" },
        { "PUT", "/api/alarm-panels/1" },
        { "PUT", "/api/alarm-panels/1/zones" },
        { "DELETE", "/api/alarm-panels/1" },
        { "GET", "/api/alarms" },
        { "GET", "/api/alarms/stats" },
        { "GET", "/api/alarms/1" },
        { "GET", "/api/alarms/1/snapshots" },
        { "GET", "/api/alarms/1/snapshots/1" },
        { "POST", "/api/alarms/1/acknowledge" },
        { "POST", "/api/alarms/1/on-site" },
        { "POST", "/api/alarms/1/resolve" },
        { "GET", "/api/police-events" },
        { "POST", "/api/police-events/import" },
        { "GET", "/api/guard-shifts" },
        { "POST", "/api/guard-shifts" },
        { "PUT", "/api/guard-shifts/1" },
        { "DELETE", "/api/guard-shifts/1" },
    };

    [Fact]
    public async Task Login_answers_a_bearer_token_that_signs_the_user_in()
    {
        using var client = app.CreateClient();
        var token = await client.PostJsonAsync("/api/auth/login",
            new { email = LagesbildFactory.EmailOf(Role.Police), password = LagesbildFactory.Password }, HttpStatusCode.OK);
        var accessToken = token.GetProperty("accessToken").GetString();
        Assert.False(string.IsNullOrEmpty(accessToken));

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        var me = await client.GetJsonAsync("/api/auth/me");
        Assert.Equal(app.UserIds[Role.Police], me.GetProperty("id").GetInt32());
        Assert.Equal(["Police"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Login_ignores_the_case_of_the_email()
    {
        using var client = app.CreateClient();
        await client.PostJsonAsync("/api/auth/login",
            new { email = LagesbildFactory.EmailOf(Role.Analyst).ToUpperInvariant(), password = LagesbildFactory.Password }, HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("coordinator@test.example", "wrong-password-1")]
    [InlineData("nobody@test.example", LagesbildFactory.Password)]
    public async Task Login_with_wrong_credentials_is_401_problem(string email, string password)
    {
        using var client = app.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(ApiRoutes))]
    public async Task Api_route_without_sign_in_is_401(string method, string path)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET")
            request.Content = JsonContent.Create(new { });
        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task Api_route_with_a_forged_token_is_401()
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token-the-server-issued");
        using var response = await client.GetAsync("/api/scenes");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public void The_route_table_covers_every_api_route()
    {
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/api", StringComparison.Ordinal) && raw != "/api/auth/login" && raw != "/api/sensor-events")
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {Normalise(e.RoutePattern.RawText!)}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var covered = ApiRoutes().Select(row => $"{row[0]} {row[1]}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(routes, covered);
    }

    /// <summary>"/api/scenes/{id:int}/status" as the table writes it: "/api/scenes/1/status"; no trailing slash.</summary>
    private static string Normalise(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, "\\{[^}]+\\}", "1").TrimEnd('/');
}

public sealed class AuthOnSqlite(SqliteLagesbild app) : AuthTests<SqliteLagesbild>(app);

public sealed class AuthOnPostgres(PostgresLagesbild app) : AuthTests<PostgresLagesbild>(app);
