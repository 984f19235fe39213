using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Observations;

/// <summary>Who may write and read what: by role and by classification, with restricted reads audited.</summary>
public abstract class ObservationAccessTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static readonly DateTimeOffset AnHourAgo = LagesbildFactory.Now.AddHours(-1);

    private async Task<(Place Place, long Restricted, long Internal)> RestrictedAndInternalAsync()
    {
        using var police = app.ClientFor(Role.Police);
        var place = Places.Next();
        var restricted = await police.PostObservationAsync(ObservationBody.At(place, AnHourAgo, "Dealing", classification: "Restricted"));
        var open = await police.PostObservationAsync(ObservationBody.At(place, AnHourAgo.AddMinutes(1), "Dealing", classification: "Internal"));
        return (place, restricted.Id(), open.Id());
    }

    [Theory]
    [InlineData(Role.Analyst, "Public")]
    [InlineData(Role.SchoolStaff, "Restricted")]
    [InlineData(Role.Coordinator, "Restricted")]
    [InlineData(Role.Guard, "Restricted")]
    public async Task A_role_may_not_write_what_it_may_not_record(Role role, string classification)
    {
        using var client = app.ClientFor(role);
        var before = await app.QueryAsync(db => db.Observations.CountAsync());

        using var response = await client.PostAsJsonAsync("/api/observations", ObservationBody.At(Places.Next(), AnHourAgo, classification: classification));

        await response.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await app.QueryAsync(db => db.Observations.CountAsync()));
    }

    [Theory]
    [InlineData(Role.Police)]
    [InlineData(Role.Admin)]
    public async Task Police_and_admin_record_restricted_observations_audited(Role role)
    {
        using var client = app.ClientFor(role);
        var created = await client.PostObservationAsync(ObservationBody.At(Places.Next(), AnHourAgo, classification: "Restricted"));

        Assert.Equal("Restricted", created.Props().GetProperty("classification").GetString());
        var id = created.Id().ToString(CultureInfo.InvariantCulture);
        var userId = app.UserIds[role];
        Assert.True(await app.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "create" && a.EntityId == id && a.UserId == userId)));
    }

    [Theory]
    [InlineData(Role.SchoolStaff)]
    [InlineData(Role.Coordinator)]
    [InlineData(Role.Analyst)]
    [InlineData(Role.SocialServices)]
    public async Task A_restricted_observation_does_not_exist_for_others(Role role)
    {
        var (place, restricted, open) = await RestrictedAndInternalAsync();
        using var client = app.ClientFor(role);

        using var response = await client.GetAsync($"/api/observations/{restricted}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal([open], (await client.GetJsonAsync($"/api/observations?bbox={place.Bbox}")).Ids());
        var unfiltered = await client.GetJsonAsync("/api/observations?pageSize=5000");
        Assert.DoesNotContain(restricted, unfiltered.Ids());
        Assert.All(unfiltered.Features(), f => Assert.NotEqual("Restricted", f.Props().GetProperty("classification").GetString()));
        var picture = await client.GetJsonAsync($"/api/lagesbild?bbox={place.Bbox}");
        Assert.Equal(1, picture.GetProperty("total").GetDouble());
    }

    [Theory]
    [InlineData(Role.Police)]
    [InlineData(Role.Admin)]
    public async Task Police_and_admin_see_restricted_observations(Role role)
    {
        var (place, restricted, open) = await RestrictedAndInternalAsync();
        using var client = app.ClientFor(role);

        var read = await client.GetJsonAsync($"/api/observations/{restricted}");
        Assert.Equal("Restricted", read.Props().GetProperty("classification").GetString());
        Assert.Equal([open, restricted], (await client.GetJsonAsync($"/api/observations?bbox={place.Bbox}")).Ids());
        Assert.Equal(2, (await client.GetJsonAsync($"/api/lagesbild?bbox={place.Bbox}")).GetProperty("total").GetDouble());
    }

    [Fact]
    public async Task Reading_a_restricted_observation_is_audited()
    {
        var (_, restricted, open) = await RestrictedAndInternalAsync();
        var id = restricted.ToString(CultureInfo.InvariantCulture);
        var policeId = app.UserIds[Role.Police];
        var reads = () => app.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Action == "read" && a.EntityId == id && a.UserId == policeId));
        Assert.Equal(0, await reads());
        using var police = app.ClientFor(Role.Police);

        await police.GetJsonAsync($"/api/observations/{restricted}");

        Assert.Equal(1, await reads());
        var entry = await app.QueryAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "read" && a.EntityId == id));
        Assert.Equal("Observation", entry.Entity);
        Assert.Equal(LagesbildFactory.Now, entry.At);
        // Reading the open one is not audited.
        var openId = open.ToString(CultureInfo.InvariantCulture);
        await police.GetJsonAsync($"/api/observations/{open}");
        Assert.False(await app.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.EntityId == openId)));
    }

    [Fact]
    public async Task Listing_restricted_observations_is_audited()
    {
        var (place, _, _) = await RestrictedAndInternalAsync();
        var adminId = app.UserIds[Role.Admin];
        var before = await app.QueryAsync(db => db.AuditEntries.CountAsync(a => a.UserId == adminId && a.Action == "read"));
        using var admin = app.ClientFor(Role.Admin);

        await admin.GetJsonAsync($"/api/observations?bbox={place.Bbox}");

        Assert.Equal(before + 1, await app.QueryAsync(db => db.AuditEntries.CountAsync(a => a.UserId == adminId && a.Action == "read")));
    }
}

public sealed class ObservationAccessOnSqlite(SqliteLagesbild app) : ObservationAccessTests<SqliteLagesbild>(app);

public sealed class ObservationAccessOnPostgres(PostgresLagesbild app) : ObservationAccessTests<PostgresLagesbild>(app);
