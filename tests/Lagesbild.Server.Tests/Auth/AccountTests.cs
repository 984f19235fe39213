using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace Lagesbild.Server.Tests.Auth;

/// <summary>The authenticator app with its recovery codes, and personal API tokens.</summary>
public abstract class AccountTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : SignInLagesbild
{
    [Fact]
    public async Task An_account_with_the_authenticator_app_signs_in_with_a_code_used_once_or_a_recovery_code_used_once()
    {
        var (_, email) = await app.NewUserAsync();
        using var client = app.Bearer(await app.TokenAsync(email, LagesbildFactory.Password));
        var (key, codes) = await TurnOnAsync(client);

        using (var withoutCode = await app.LoginAsync(email, LagesbildFactory.Password))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, withoutCode.StatusCode);
            Assert.True((await withoutCode.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("code", out _));
        }
        // The step after the one that turned the app on: a code is good once.
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var code = CodeOf(key);
        await app.TokenAsync(email, LagesbildFactory.Password, code);
        using (var replayed = await app.LoginAsync(email, LagesbildFactory.Password, code: code))
            Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        using (var wrongPassword = await app.LoginAsync(email, "inte lösenordet alls", code: CodeOf(key)))
            Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);

        await app.TokenAsync(email, LagesbildFactory.Password, codes[0].ToLowerInvariant());
        using (var spent = await app.LoginAsync(email, LagesbildFactory.Password, code: codes[0]))
            Assert.Equal(HttpStatusCode.Unauthorized, spent.StatusCode);
        var account = await client.GetJsonAsync("/api/account");
        Assert.True(account.GetProperty("authenticatorOn").GetBoolean());
        Assert.Equal(9, account.GetProperty("recoveryCodesLeft").GetInt32());
    }

    [Fact]
    public async Task Wrong_codes_count_towards_the_lockout()
    {
        var (_, email) = await app.NewUserAsync();
        using var client = app.Bearer(await app.TokenAsync(email, LagesbildFactory.Password));
        var (key, _) = await TurnOnAsync(client);
        for (var i = 0; i < 10; i++)
            (await app.LoginAsync(email, LagesbildFactory.Password, code: "000000")).Dispose();
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        using var locked = await app.LoginAsync(email, LagesbildFactory.Password, code: CodeOf(key));
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
    }

    [Fact]
    public async Task The_app_is_turned_on_only_by_a_code_that_fits_and_off_only_with_a_code()
    {
        var (id, email) = await app.NewUserAsync();
        using var client = app.Bearer(await app.TokenAsync(email, LagesbildFactory.Password));
        var setup = await client.PostJsonAsync("/api/account/authenticator/setup", new { }, HttpStatusCode.OK);
        Assert.StartsWith("otpauth://totp/", setup.GetProperty("uri").GetString());
        Assert.StartsWith("data:image/png;base64,", setup.GetProperty("qrCode").GetString());
        var token = setup.GetProperty("setupToken").GetString()!;
        var wrong = await client.PostJsonAsync("/api/account/authenticator", new { setupToken = token, code = "123456" }, HttpStatusCode.BadRequest);
        Assert.True(wrong.GetProperty("errors").TryGetProperty("code", out _));
        var forged = await client.PostJsonAsync("/api/account/authenticator", new { setupToken = "<script>alert(1)</script>", code = "123456" }, HttpStatusCode.BadRequest);
        Assert.True(forged.GetProperty("errors").TryGetProperty("setupToken", out _));
        Assert.False((await client.GetJsonAsync("/api/account")).GetProperty("authenticatorOn").GetBoolean());

        // Someone else's setup token does not turn the app on for this account.
        var (_, otherEmail) = await app.NewUserAsync();
        using var other = app.Bearer(await app.TokenAsync(otherEmail, LagesbildFactory.Password));
        await other.PostJsonAsync("/api/account/authenticator", new { setupToken = token, code = CodeOf(setup.GetProperty("key").GetString()!) }, HttpStatusCode.BadRequest);

        var (key, _) = await TurnOnAsync(client);
        await client.PostJsonAsync("/api/account/authenticator/off", new { code = "999999" }, HttpStatusCode.BadRequest);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await client.PostJsonAsync("/api/account/authenticator/off", new { code = CodeOf(key) }, HttpStatusCode.OK);
        await app.TokenAsync(email, LagesbildFactory.Password);
        Assert.Equal(["turn-on-authenticator", "turn-off-authenticator"],
            await app.QueryAsync(db => db.AuditEntries.Where(e => e.UserId == id && e.Entity == "User").OrderBy(e => e.Id).Select(e => e.Action).ToListAsync()));
    }

    [Fact]
    public async Task A_personal_token_works_until_revoked_and_is_shown_only_once()
    {
        var (id, email) = await app.NewUserAsync();
        using var client = app.Bearer(await app.TokenAsync(email, LagesbildFactory.Password));
        var created = await client.PostJsonAsync("/api/account/tokens", new { name = "<script>alert(1)</script> veckorapport" }, HttpStatusCode.Created);
        var token = created.GetProperty("token").GetString()!;
        Assert.StartsWith("lgb_", token);

        using var script = app.Bearer(token);
        Assert.Equal(id, (await script.GetJsonAsync("/api/auth/me")).GetProperty("id").GetInt32());
        var listed = await client.GetJsonAsync("/api/account/tokens");
        Assert.DoesNotContain(token, listed.GetRawText());
        Assert.Equal("<script>alert(1)</script> veckorapport", listed[0].GetProperty("name").GetString());
        Assert.NotEqual(JsonValueKind.Null, listed[0].GetProperty("lastUsedAt").ValueKind);

        // Another user cannot revoke it; its owner can, and it stops at once.
        using var someoneElse = app.ClientFor(Role.Coordinator);
        Assert.Equal(HttpStatusCode.NotFound, (await someoneElse.DeleteAsync($"/api/account/tokens/{created.GetProperty("id").GetInt32()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/account/tokens/{created.GetProperty("id").GetInt32()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(["create-personal-token", "revoke-personal-token"],
            await app.QueryAsync(db => db.AuditEntries.Where(e => e.UserId == id && e.Entity == "PersonalToken").OrderBy(e => e.Id).Select(e => e.Action).ToListAsync()));
    }

    [Fact]
    public async Task A_personal_token_stops_when_it_expires_when_its_user_is_deactivated_and_when_an_administrator_revokes_it()
    {
        var (id, email) = await app.NewUserAsync();
        using var client = app.Bearer(await app.TokenAsync(email, LagesbildFactory.Password));
        var expiring = (await client.PostJsonAsync("/api/account/tokens", new { name = "kort", expiresInDays = 1 }, HttpStatusCode.Created)).GetProperty("token").GetString()!;
        var revoked = await client.PostJsonAsync("/api/account/tokens", new { name = "återkallas" }, HttpStatusCode.Created);
        var lasting = (await client.PostJsonAsync("/api/account/tokens", new { name = "länge" }, HttpStatusCode.Created)).GetProperty("token").GetString()!;

        using var admin = app.ClientFor(Role.Admin);
        var all = await admin.GetJsonAsync("/api/personal-tokens");
        Assert.Contains(all.EnumerateArray(), t => t.GetProperty("id").GetInt32() == revoked.GetProperty("id").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/personal-tokens/{revoked.GetProperty("id").GetInt32()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Bearer(revoked.GetProperty("token").GetString()!).GetAsync("/api/auth/me")).StatusCode);
        using var coordinator = app.ClientFor(Role.Coordinator);
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.GetAsync("/api/personal-tokens")).StatusCode);

        app.Clock.Advance(TimeSpan.FromDays(1.01));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Bearer(expiring).GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Bearer(lasting).GetAsync("/api/auth/me")).StatusCode);
        await app.QueryAsync(db => db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Bearer(lasting).GetAsync("/api/auth/me")).StatusCode);
    }

    [Theory]
    [InlineData("{\"name\":\"x\"}", "name")]
    [InlineData("{\"name\":\"skript\",\"expiresInDays\":0}", "expiresInDays")]
    [InlineData("{\"name\":\"skript\",\"expiresInDays\":\"snart\"}", "expiresInDays")]
    [InlineData("{\"name\":", "name")]
    public async Task A_bad_token_request_names_the_field(string body, string field)
    {
        using var client = app.ClientFor(Role.Analyst);
        using var response = await client.PostAsync("/api/account/tokens", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    private async Task<(string Key, string[] RecoveryCodes)> TurnOnAsync(HttpClient client)
    {
        var setup = await client.PostJsonAsync("/api/account/authenticator/setup", new { }, HttpStatusCode.OK);
        var key = setup.GetProperty("key").GetString()!;
        var on = await client.PostJsonAsync("/api/account/authenticator",
            new { setupToken = setup.GetProperty("setupToken").GetString(), code = CodeOf(key) }, HttpStatusCode.OK);
        var codes = on.GetProperty("codes").EnumerateArray().Select(c => c.GetString()!).ToArray();
        Assert.Equal(10, codes.Length);
        return (key, codes);
    }

    private string CodeOf(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(app.Clock.GetUtcNow().UtcDateTime);
}

public sealed class AccountsOnSqlite(SqliteSignIn app) : AccountTests<SqliteSignIn>(app);

public sealed class AccountsOnPostgres(PostgresSignIn app) : AccountTests<PostgresSignIn>(app);
