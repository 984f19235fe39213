using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lagesbild.Server.Features.Alarms;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lagesbild.Server.Tests.Auth;

/// <summary>A deactivated user, a changed role or a revoked token is out everywhere within a minute.</summary>
public abstract class SessionTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : SignInLagesbild
{
    /// <summary>Longer than the session check trusts what it read (30 s), and well inside a minute.</summary>
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(31);

    [Fact]
    public async Task A_deactivated_users_bearer_token_answers_401_within_a_minute()
    {
        var (id, email) = await app.NewUserAsync();
        using var client = app.Bearer(await app.TokenAsync(email, LagesbildFactory.Password));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);

        // Another server's change: this one learns of it when it next reads the user.
        await Deactivate(id);
        app.Clock.Advance(Recheck);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/scenes")).StatusCode);
    }

    [Fact]
    public async Task Deactivating_a_user_through_the_api_ends_her_token_and_her_personal_token_at_once()
    {
        var (id, email) = await app.NewUserAsync();
        using var client = app.Bearer(await app.TokenAsync(email, LagesbildFactory.Password));
        var personal = (await client.PostJsonAsync("/api/account/tokens", new { name = "skript" }, HttpStatusCode.Created)).GetProperty("token").GetString()!;
        using var script = app.Bearer(personal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);

        using var admin = app.ClientFor(Core.Access.Role.Admin);
        await admin.PostJsonAsync($"/api/users/{id}/deactivate", new { }, HttpStatusCode.OK);
        // On the server that made the change, at once; on any other, within the recheck (see above).
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task A_changed_role_ends_the_sessions_issued_under_the_old_one()
    {
        var (id, email) = await app.NewUserAsync();
        using var client = app.Bearer(await app.TokenAsync(email, LagesbildFactory.Password));
        await app.QueryAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == id);
            user.Roles = [Core.Access.Role.Analyst];
            user.RevokeSessions();
            return await db.SaveChangesAsync();
        });
        app.Clock.Advance(Recheck);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);

        using var again = app.Bearer(await app.TokenAsync(email, LagesbildFactory.Password));
        var me = await again.GetJsonAsync("/api/auth/me");
        Assert.Equal("Analyst", me.GetProperty("roles")[0].GetString());
    }

    [Fact]
    public async Task A_deactivated_users_cookie_in_an_open_browser_is_signed_out()
    {
        var (id, email) = await app.NewUserAsync();
        using var browser = app.Browser();
        using (var signIn = await SignInLagesbild.PostLoginFormAsync(browser, email, LagesbildFactory.Password))
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/auth/me")).StatusCode);

        await Deactivate(id);
        app.Clock.Advance(Recheck);
        using var after = await browser.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        // The cookie itself is ended, so that the next page is the sign-in page.
        Assert.Contains(after.Headers.GetValues("Set-Cookie"), c => c.StartsWith("lagesbild=;", StringComparison.Ordinal));
        using var page = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_session_ends_at_its_absolute_lifetime_however_busy()
    {
        var (_, email) = await app.NewUserAsync();
        using var browser = app.Browser();
        (await SignInLagesbild.PostLoginFormAsync(browser, email, LagesbildFactory.Password)).Dispose();
        // Used every seven hours, inside the idle timeout (8 h), past the absolute lifetime (14 h).
        app.Clock.Advance(TimeSpan.FromHours(7));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/auth/me")).StatusCode);
        app.Clock.Advance(TimeSpan.FromHours(6.5));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/auth/me")).StatusCode);
        app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task A_browser_session_left_idle_ends()
    {
        var (_, email) = await app.NewUserAsync();
        using var browser = app.Browser();
        (await SignInLagesbild.PostLoginFormAsync(browser, email, LagesbildFactory.Password)).Dispose();
        app.Clock.Advance(TimeSpan.FromHours(8.1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task A_deactivated_users_alarm_connection_is_closed()
    {
        var (id, email) = await app.NewUserAsync(role: Core.Access.Role.Guard);
        var token = await app.TokenAsync(email, LagesbildFactory.Password);
        await using var connection = await app.ConsoleAsync(token);
        var closed = new TaskCompletionSource();
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        var hubs = app.Services.GetRequiredService<HubSessions>();
        Assert.Equal(1, hubs.Count);
        Assert.Equal(0, await hubs.CloseStaleAsync(CancellationToken.None));

        await Deactivate(id);
        // Moving the clock past the check's period also wakes the sweep; whichever comes first closes the connection.
        app.Clock.Advance(Recheck);
        await hubs.CloseStaleAsync(CancellationToken.None);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
        Assert.Equal(0, hubs.Count);
    }

    [Fact]
    public async Task A_changed_password_ends_every_session_of_the_user_at_once()
    {
        var (id, email) = await app.NewUserAsync();
        using var first = app.Bearer(await app.TokenAsync(email, LagesbildFactory.Password));
        using var second = app.Bearer(await app.TokenAsync(email, LagesbildFactory.Password));

        using var wrongCurrent = await first.PostAsJsonAsync("/api/account/password", new { currentPassword = "inte det här", newPassword = "en helt ny lång fras" });
        Assert.Equal("currentPassword", await FieldOf(wrongCurrent));
        using var common = await first.PostAsJsonAsync("/api/account/password", new { currentPassword = LagesbildFactory.Password, newPassword = "Password123456" });
        Assert.Equal("newPassword", await FieldOf(common));
        using var changed = await first.PostAsJsonAsync("/api/account/password", new { currentPassword = LagesbildFactory.Password, newPassword = "en helt ny lång fras" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await first.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/api/auth/me")).StatusCode);
        using var old = await app.LoginAsync(email, LagesbildFactory.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        await app.TokenAsync(email, "en helt ny lång fras");
        Assert.Equal(1, await app.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Action == "change-password" && e.UserId == id)));
    }

    private Task<int> Deactivate(int userId) =>
        app.QueryAsync(db => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)));

    private static async Task<string> FieldOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Single().Name;
    }
}

public sealed class SessionsOnSqlite(SqliteSignIn app) : SessionTests<SqliteSignIn>(app);

public sealed class SessionsOnPostgres(PostgresSignIn app) : SessionTests<PostgresSignIn>(app);
