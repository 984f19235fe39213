using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Access;

/// <summary>
/// The reads next to the observation list that must keep to the same need to know: an observation's history, the
/// candidates drawn around exact points, sensors' access notes, a round's notes, and the administrator's scope API.
/// </summary>
public abstract class GovernedReadsTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static readonly DateTimeOffset AnHourAgo = LagesbildFactory.Now.AddHours(-1);

    private Task<int> DistrictAsync(string name) => app.QueryAsync(db => db.Districts.Where(d => d.Name == name).Select(d => d.Id).SingleAsync());

    [Fact]
    public async Task An_observations_history_keeps_to_the_readers_area_and_words()
    {
        using var police = app.ClientFor(Role.Police);
        var id = (await police.PostObservationAsync(ObservationBody.At(Places.Sodermalm, AnHourAgo, "Dealing") with { Text = "Överlämning vid trappan, två personer." })).Id();
        using var jarva = await app.ClientInAsync(await app.OrganisationAsync("Järva", "District", await DistrictAsync("Rinkeby")), Role.Coordinator);
        using var guard = await app.ClientInAsync(await app.OrganisationAsync("Vaktbolag", "GuardCompany"), Role.Guard);

        // Outside their area the record does not exist for them, its history neither.
        foreach (var outsider in new[] { jarva, guard })
        {
            using var response = await outsider.GetAsync($"/api/observations/{id}/history");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            using var withdraw = new HttpRequestMessage(HttpMethod.Delete, $"/api/observations/{id}") { Content = JsonContent.Create(new { reason = "Fel plats." }) };
            using var correction = await outsider.SendAsync(withdraw);
            Assert.Equal(HttpStatusCode.NotFound, correction.StatusCode);
        }
        // An analyst of the city's analysis unit reads the record's history, without its words; the police with them.
        using var analyst = await app.ClientInAsync(await app.OrganisationAsync("Analysenheten", "City"), Role.Analyst);
        var version = (await analyst.GetJsonAsync($"/api/observations/{id}/history")).GetProperty("versions")[0].GetProperty("values");
        Assert.Equal(JsonValueKind.Null, version.GetProperty("text").ValueKind);
        Assert.Equal("Överlämning vid trappan, två personer.",
            (await police.GetJsonAsync($"/api/observations/{id}/history")).GetProperty("versions")[0].GetProperty("values").GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_scoped_coordinators_candidates_are_made_of_her_areas_records_only()
    {
        using var police = app.ClientFor(Role.Police);
        for (var i = 0; i < 6; i++)
            await police.PostObservationAsync(ObservationBody.At(Places.Sodermalm, AnHourAgo.AddMinutes(-i), "Dealing"));
        using var jarva = await app.ClientInAsync(await app.OrganisationAsync("Järva", "District", await DistrictAsync("Rinkeby")), Role.Coordinator);
        using var city = app.ClientFor(Role.Coordinator);
        var query = $"/api/analysis/candidates?bbox={Places.Sodermalm.Bbox}&minPoints=1&eps=1";

        Assert.NotEmpty((await city.GetJsonAsync(query)).Features());
        var hers = await jarva.GetJsonAsync(query);
        Assert.Empty(hers.Features());
        Assert.Equal(0, hers.GetProperty("observationsClustered").GetInt32());
        // She still counts them in the picture.
        Assert.True((await jarva.GetJsonAsync($"/api/lagesbild?bbox={Places.Sodermalm.Bbox}")).GetProperty("total").GetDouble() >= 6);
    }

    [Fact]
    public async Task Access_notes_are_for_the_school_its_guards_and_the_citys_coordinators_not_for_analysts()
    {
        var site = (await app.SiteAsync(Places.Next(), await app.HomeOrganisationAsync(), kind: "School")).Id();
        using var coordinator = app.ClientFor(Role.Coordinator);
        await coordinator.PostJsonAsync("/api/sensors",
            new { siteId = site, kind = "Door", name = "Dörr", armingMode = "AlwaysArmed", accessNotes = "Koden finns hos larmcentralen." }, HttpStatusCode.Created);
        using var analyst = await app.ClientInAsync(await app.OrganisationAsync("Analysenheten", "City"), Role.Analyst);

        var seen = Assert.Single((await analyst.GetJsonAsync($"/api/sensors?site={site}")).EnumerateArray());
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("accessNotes").ValueKind);
        Assert.Equal("Koden finns hos larmcentralen.", Assert.Single((await coordinator.GetJsonAsync($"/api/sensors?site={site}")).EnumerateArray()).GetProperty("accessNotes").GetString());
    }

    [Fact]
    public async Task A_scoped_coordinator_triages_and_sees_alarms_of_her_area_only()
    {
        var rinkeby = await DistrictAsync("Rinkeby");
        var sodermalm = await app.QueryAsync(db => db.Districts.Where(d => d.Name == "Södermalm").Select(d => d.Id).FirstAsync());
        var inside = await Retention.RetentionData.ClosedReportAsync(app, Places.Rinkeby, LagesbildFactory.Now);
        var outside = await Retention.RetentionData.ClosedReportAsync(app, Places.Sodermalm, LagesbildFactory.Now);
        await app.QueryAsync(db => db.ServiceRequests.Where(r => r.Id == inside).ExecuteUpdateAsync(u => u.SetProperty(r => r.DistrictId, rinkeby)));
        await app.QueryAsync(db => db.ServiceRequests.Where(r => r.Id == outside).ExecuteUpdateAsync(u => u.SetProperty(r => r.DistrictId, sodermalm)));
        var site = (await app.SiteAsync(Places.Next(), null, kind: "School")).Id();
        var alarm = await app.QueryAsync(async db =>
        {
            var row = new Data.Alarm { SiteId = (int)site, Status = Core.Alarms.AlarmStatus.New, OpenedAt = LagesbildFactory.Now, LastEventAt = LagesbildFactory.Now, EventCount = 1 };
            db.Alarms.Add(row);
            await db.SaveChangesAsync();
            return row.Id;
        });
        var siteDistrict = await app.QueryAsync(db => db.Sites.Where(s => s.Id == site).Select(s => s.DistrictId).SingleAsync());
        Assert.NotEqual(rinkeby, siteDistrict);
        using var jarva = await app.ClientInAsync(await app.OrganisationAsync("Järva", "District", rinkeby), Role.Coordinator);

        var queue = (await jarva.GetJsonAsync("/api/service-requests?state=all")).EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.Contains(inside, queue);
        Assert.DoesNotContain(outside, queue);
        using var hidden = await jarva.GetAsync($"/api/service-requests/{outside}");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        using var status = await jarva.PostAsJsonAsync($"/api/service-requests/{outside}/status", new { status = "closed", note = "Stängd." });
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.DoesNotContain(alarm, (await jarva.GetJsonAsync("/api/alarms?status=all")).EnumerateArray().Select(a => a.GetProperty("id").GetInt64()));
        using var alarmHidden = await jarva.GetAsync($"/api/alarms/{alarm}");
        Assert.Equal(HttpStatusCode.NotFound, alarmHidden.StatusCode);
        // The city's own coordinator sees both.
        using var city = app.ClientFor(Role.Coordinator);
        Assert.Contains(alarm, (await city.GetJsonAsync("/api/alarms?status=all")).EnumerateArray().Select(a => a.GetProperty("id").GetInt64()));
        Assert.Contains(outside, (await city.GetJsonAsync("/api/service-requests?state=all")).EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Scope_ids_that_do_not_exist_are_named_even_zero()
    {
        var organisation = await app.OrganisationAsync("Bolaget", "GuardCompany");
        using var admin = app.ClientFor(Role.Admin);

        await (await admin.PutAsJsonAsync($"/api/organisations/{organisation}/areas", new { districts = new[] { 0 } })).ExpectProblemAsync(HttpStatusCode.BadRequest, "districts");
        await (await admin.PutAsJsonAsync($"/api/organisations/{organisation}/guarded-sites", new { sites = new[] { 0 } })).ExpectProblemAsync(HttpStatusCode.BadRequest, "sites");
    }
}

public sealed class GovernedReadsOnSqlite(SqliteLagesbild app) : GovernedReadsTests<SqliteLagesbild>(app);

public sealed class GovernedReadsOnPostgres(PostgresLagesbild app) : GovernedReadsTests<PostgresLagesbild>(app);
