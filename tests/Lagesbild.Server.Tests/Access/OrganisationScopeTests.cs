using System.Net;
using System.Net.Http.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Features.Alarms;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Access;

/// <summary>How the administrator scopes organisations, and what a guard company sees by contract.</summary>
public abstract class OrganisationScopeTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    [Fact]
    public async Task The_administrator_scopes_an_organisation_to_a_stadsdelsomrade_and_the_change_is_audited()
    {
        var organisation = await app.OrganisationAsync("Järva stadsdelsförvaltning", "District");
        using var admin = app.ClientFor(Role.Admin);

        var scope = await (await admin.PutAsJsonAsync($"/api/organisations/{organisation}/areas", new { boroughs = new[] { "Järva" } })).ExpectAsync(HttpStatusCode.OK);

        var expected = await app.QueryAsync(db => db.Districts.Where(d => d.Borough == "Järva").Select(d => d.Id).OrderBy(d => d).ToListAsync());
        Assert.NotEmpty(expected);
        Assert.Equal(expected, scope.GetProperty("districts").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(expected, (await admin.GetJsonAsync($"/api/organisations/{organisation}/scope")).GetProperty("districts").EnumerateArray().Select(d => d.GetInt32()));
        var id = organisation.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await app.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "set-areas" && a.EntityId == id)));
        // Empty again: the whole city.
        var cleared = await (await admin.PutAsJsonAsync($"/api/organisations/{organisation}/areas", new { districts = Array.Empty<int>() })).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(cleared.GetProperty("districts").EnumerateArray());
    }

    [Fact]
    public async Task Scoping_refuses_what_does_not_exist_and_anyone_but_the_administrator()
    {
        var organisation = await app.OrganisationAsync("Skarpnäck stadsdelsförvaltning", "District");
        using var admin = app.ClientFor(Role.Admin);

        await (await admin.PutAsJsonAsync($"/api/organisations/{organisation}/areas", new { districts = new[] { 999_999 } })).ExpectCodeAsync(HttpStatusCode.BadRequest, "districts", "NotFound");
        await (await admin.PutAsJsonAsync($"/api/organisations/{organisation}/areas", new { boroughs = new[] { "<script>alert(1)</script>" } })).ExpectCodeAsync(HttpStatusCode.BadRequest, "boroughs", "NotFound");
        using var malformed = await admin.PutAsync($"/api/organisations/{organisation}/areas", new StringContent("{\"districts\": [1,", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        using var unknown = await admin.PutAsJsonAsync("/api/organisations/999999/areas", new { districts = Array.Empty<int>() });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await (await admin.PutAsJsonAsync($"/api/organisations/{organisation}/guarded-sites", new { sites = Array.Empty<int>() })).ExpectCodeAsync(HttpStatusCode.BadRequest, "organisation", "NotAllowed");
        foreach (var role in Enum.GetValues<Role>().Where(r => r != Role.Admin))
        {
            using var client = app.ClientFor(role);
            using var response = await client.PutAsJsonAsync($"/api/organisations/{organisation}/areas", new { districts = Array.Empty<int>() });
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            using var read = await client.GetAsync($"/api/organisations/{organisation}/scope");
            Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        }
        Assert.Equal(0, await app.QueryAsync(db => db.OrganisationAreas.CountAsync(a => a.OrganisationId == organisation)));
    }

    [Fact]
    public async Task A_guard_company_sees_a_sites_sensors_and_access_notes_only_by_contract()
    {
        var site = (await app.SiteAsync(Places.Next(), await app.HomeOrganisationAsync(), kind: "School")).Id();
        using var coordinator = app.ClientFor(Role.Coordinator);
        await coordinator.PostJsonAsync("/api/sensors",
            new { siteId = site, kind = "Door", name = "Dörr förrådet", armingMode = "AlwaysArmed", accessNotes = "Nyckel i nyckelskåpet vid grind B." }, HttpStatusCode.Created);
        var company = await app.OrganisationAsync("Vaktbolaget", "GuardCompany");
        using var guard = await app.ClientInAsync(company, Role.Guard);

        Assert.Empty((await guard.GetJsonAsync($"/api/sensors?site={site}")).EnumerateArray());
        using var admin = app.ClientFor(Role.Admin);
        await (await admin.PutAsJsonAsync($"/api/organisations/{company}/guarded-sites", new { sites = new[] { 999_999 } })).ExpectCodeAsync(HttpStatusCode.BadRequest, "sites", "NotFound");
        await (await admin.PutAsJsonAsync($"/api/organisations/{company}/guarded-sites", new { sites = new[] { site } })).ExpectAsync(HttpStatusCode.OK);

        var sensor = Assert.Single((await guard.GetJsonAsync($"/api/sensors?site={site}")).EnumerateArray());
        Assert.Equal("Nyckel i nyckelskåpet vid grind B.", sensor.GetProperty("accessNotes").GetString());
        // The contract ends: the notes are gone again.
        await (await admin.PutAsJsonAsync($"/api/organisations/{company}/guarded-sites", new { sites = Array.Empty<int>() })).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty((await guard.GetJsonAsync($"/api/sensors?site={site}")).EnumerateArray());
    }

    [Fact]
    public async Task A_console_cannot_join_another_organisations_group()
    {
        var company = await app.OrganisationAsync("Annat vaktbolag", "GuardCompany");
        using var guard = await app.ClientInAsync(company, Role.Guard);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, AlarmHub.Path), o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
                o.Headers["Authorization"] = $"Bearer {guard.DefaultRequestHeaders.Authorization!.Parameter}";
            })
            .Build();
        await connection.StartAsync();

        // Groups are the server's to give, from the user's own claims: the hub has no method a client could join with.
        var home = AlarmGroups.Company(await app.HomeOrganisationAsync());
        foreach (var method in new[] { "JoinGroup", "AddToGroup", "Join", "Subscribe" })
            await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync(method, home));
        Assert.DoesNotContain(AlarmGroups.City, AlarmGroups.Of(new Features.Auth.CurrentUser(1, company, "Vakt", [Role.Guard])));
        Assert.Equal([AlarmGroups.User(1), AlarmGroups.Company(company)], AlarmGroups.Of(new Features.Auth.CurrentUser(1, company, "Vakt", [Role.Guard])));
    }
}

public sealed class OrganisationScopeOnSqlite(SqliteLagesbild app) : OrganisationScopeTests<SqliteLagesbild>(app);

public sealed class OrganisationScopeOnPostgres(PostgresLagesbild app) : OrganisationScopeTests<PostgresLagesbild>(app);
