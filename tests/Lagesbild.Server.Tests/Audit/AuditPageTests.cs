using System.Net;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Audit;

/// <summary>The "Logg" page as the server first renders it: for the data owners with their entries, for others a refusal.</summary>
public abstract class AuditPageTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    [Fact]
    public async Task The_police_see_the_log_of_their_records_in_the_menu_and_on_the_page()
    {
        var id = await app.RestrictedObservationAsync();
        using var police = app.ClientFor(Role.Police);
        await police.GetJsonAsync($"/api/observations/{id}");
        var policeId = app.UserIds[Role.Police];

        var html = WebUtility.HtmlDecode(await police.GetStringAsync("/audit"));

        Assert.Contains("href=\"/audit\"", html, StringComparison.Ordinal);
        Assert.Contains("<h1 class=\"page-title\" tabindex=\"-1\">Logg</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"GET /api/observations/{id}", html, StringComparison.Ordinal);
        Assert.Contains("Kontrollera kedjan", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/api/audit.csv\"", html, StringComparison.Ordinal);
        // Reading the log on the page is audited, naming the page.
        Assert.True(await app.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.UserId == policeId && a.Action == "read-audit" && a.Route == "page /audit")));
    }

    [Theory]
    [InlineData(Role.Coordinator)]
    [InlineData(Role.Admin)]
    [InlineData(Role.Guard)]
    public async Task Others_have_no_menu_entry_and_the_page_shows_no_entries(Role role)
    {
        var id = await app.RestrictedObservationAsync();
        using var client = app.ClientFor(role);

        using var response = await client.GetAsync("/audit");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("href=\"/audit\"", html, StringComparison.Ordinal);
        Assert.Contains("Loggen läses av polisen", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"/api/observations/{id}", html, StringComparison.Ordinal);
    }
}

public sealed class AuditPageOnSqlite(SqliteLagesbild app) : AuditPageTests<SqliteLagesbild>(app);

public sealed class AuditPageOnPostgres(PostgresLagesbild app) : AuditPageTests<PostgresLagesbild>(app);
