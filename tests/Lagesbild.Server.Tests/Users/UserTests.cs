using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Users;

/// <summary>Only administrators create organisations and accounts; there is no self-registration.</summary>
public abstract class UserTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static string UniqueEmail() => $"ny-{Guid.NewGuid():N}@test.example";

    private static object NewUser(string email, int organisationId, params string[] roles) =>
        new { email, displayName = "Nya Användaren", password = "Ett-bra-lösenord-1", organisationId, roles };

    private async Task<int> NewOrganisationAsync(HttpClient admin)
    {
        var organisation = await admin.PostJsonAsync("/api/organisations", new { name = $"Skola {Api.UniqueLetters()}", kind = "School" }, HttpStatusCode.Created);
        return organisation.GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task An_admin_creates_an_organisation_and_a_user_who_can_sign_in()
    {
        using var admin = app.ClientFor(Role.Admin);
        var name = $"Förskola {Guid.NewGuid():N}";

        var organisation = await admin.PostJsonAsync("/api/organisations", new { name, kind = "School" }, HttpStatusCode.Created);
        var organisationId = organisation.GetProperty("id").GetInt32();
        Assert.Equal(name, organisation.GetProperty("name").GetString());
        Assert.Equal("School", organisation.GetProperty("kind").GetString());
        var email = UniqueEmail();
        var user = await admin.PostJsonAsync("/api/users", NewUser(email.ToUpperInvariant(), organisationId, "SchoolManager", "SchoolStaff"), HttpStatusCode.Created);

        Assert.Equal(email, user.GetProperty("email").GetString());
        Assert.Equal(organisationId, user.GetProperty("organisationId").GetInt32());
        Assert.Equal(["SchoolManager", "SchoolStaff"], user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains((await admin.GetJsonAsync("/api/users")).EnumerateArray(), u => u.GetProperty("email").GetString() == email);
        var token = await app.SignInAsync(email, "Ett-bra-lösenord-1");
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var me = await client.GetJsonAsync("/api/auth/me");
        Assert.Equal(user.GetProperty("id").GetInt32(), me.GetProperty("id").GetInt32());
        Assert.Equal(organisationId, me.GetProperty("organisationId").GetInt32());
        Assert.Equal(["SchoolManager", "SchoolStaff"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Theory]
    [InlineData(Role.Coordinator)]
    [InlineData(Role.Police)]
    [InlineData(Role.Analyst)]
    public async Task Others_may_not_manage_users(Role role)
    {
        using var client = app.ClientFor(role);
        var users = await app.QueryAsync(db => db.Users.CountAsync());
        var organisations = await app.QueryAsync(db => db.Organisations.CountAsync());

        using var list = await client.GetAsync("/api/users");
        using var user = await client.PostAsJsonAsync("/api/users", NewUser(UniqueEmail(), 1, "Admin"));
        using var organisation = await client.PostAsJsonAsync("/api/organisations", new { name = $"Org {Guid.NewGuid():N}", kind = "Other" });

        await list.ExpectProblemAsync(HttpStatusCode.Forbidden);
        await user.ExpectProblemAsync(HttpStatusCode.Forbidden);
        await organisation.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(users, await app.QueryAsync(db => db.Users.CountAsync()));
        Assert.Equal(organisations, await app.QueryAsync(db => db.Organisations.CountAsync()));
    }

    [Fact]
    public async Task Everyone_signed_in_may_list_the_organisations()
    {
        using var client = app.ClientFor(Role.Guard);
        var organisations = await client.GetJsonAsync("/api/organisations");
        Assert.Contains(organisations.EnumerateArray(), o => o.GetProperty("name").GetString() == "Testkommunen");
    }

    [Fact]
    public async Task A_second_user_with_the_same_email_is_409()
    {
        using var admin = app.ClientFor(Role.Admin);
        var organisationId = await NewOrganisationAsync(admin);
        var email = UniqueEmail();
        await admin.PostJsonAsync("/api/users", NewUser(email, organisationId, "SchoolStaff"), HttpStatusCode.Created);

        using var again = await admin.PostAsJsonAsync("/api/users", NewUser($"  {email.ToUpperInvariant()} ", organisationId, "Admin"));

        await again.ExpectCodeAsync(HttpStatusCode.Conflict, "email", "Taken");
        Assert.Equal(1, await app.QueryAsync(db => db.Users.CountAsync(u => u.Email == email)));
    }

    [Fact]
    public async Task A_second_organisation_with_the_same_name_is_409()
    {
        using var admin = app.ClientFor(Role.Admin);
        var name = $"Org {Guid.NewGuid():N}";
        await admin.PostJsonAsync("/api/organisations", new { name, kind = "Other" }, HttpStatusCode.Created);

        using var again = await admin.PostAsJsonAsync("/api/organisations", new { name, kind = "Police" });

        await again.ExpectCodeAsync(HttpStatusCode.Conflict, "name", "Taken");
    }

    [Theory]
    [InlineData("password", "kort", null)]
    [InlineData("password", "Password123456", "PasswordCommon")]
    [InlineData("email", "inte-en-adress", null)]
    [InlineData("organisationId", 999999, "NotFound")]
    [InlineData("roles", "Superhero", null)]
    public async Task A_bad_user_is_refused_naming_the_field(string field, object value, string? code)
    {
        using var admin = app.ClientFor(Role.Admin);
        var organisationId = await NewOrganisationAsync(admin);
        var body = new Dictionary<string, object?>
        {
            ["email"] = UniqueEmail(),
            ["displayName"] = "Nya Användaren",
            ["password"] = "Ett-bra-lösenord-1",
            ["organisationId"] = organisationId,
            ["roles"] = new[] { "SchoolStaff" },
        };
        body[field] = field == "roles" ? new[] { value } : value;
        var users = await app.QueryAsync(db => db.Users.CountAsync());

        using var response = await admin.PostAsJsonAsync("/api/users", body);

        var expected = field == "roles" ? "roles[0]" : field;
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, expected);
        // The rules' refusals carry a code; the contract (a short password, an e-mail address, an unknown role) refuses
        // before them, by its words.
        if (code is not null)
            Assert.Equal(code, problem.GetProperty("codes").GetProperty(field).GetString());
        Assert.Equal(users, await app.QueryAsync(db => db.Users.CountAsync()));
    }
}

public sealed class UsersOnSqlite(SqliteLagesbild app) : UserTests<SqliteLagesbild>(app);

public sealed class UsersOnPostgres(PostgresLagesbild app) : UserTests<PostgresLagesbild>(app);
