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

    [Fact]
    public async Task The_police_record_restricted_observations_audited()
    {
        using var client = app.ClientFor(Role.Police);
        var created = await client.PostObservationAsync(ObservationBody.At(Places.Next(), AnHourAgo, classification: "Restricted"));

        Assert.Equal("Restricted", created.Props().GetProperty("classification").GetString());
        var id = created.Id().ToString(CultureInfo.InvariantCulture);
        var userId = app.UserIds[Role.Police];
        var entry = await app.QueryAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "create" && a.EntityId == id && a.UserId == userId));
        Assert.Equal("Police", entry.Owner);
        Assert.StartsWith("POST /api/observations", entry.Route, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Role.SchoolStaff)]
    [InlineData(Role.Coordinator)]
    [InlineData(Role.Analyst)]
    [InlineData(Role.SocialServices)]
    [InlineData(Role.Admin)]
    [InlineData(Role.DataProtection)]
    [InlineData(Role.Guard)]
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

    [Fact]
    public async Task The_police_see_restricted_observations_and_count_them()
    {
        var (place, restricted, open) = await RestrictedAndInternalAsync();
        using var client = app.ClientFor(Role.Police);

        var read = await client.GetJsonAsync($"/api/observations/{restricted}");
        Assert.Equal("Restricted", read.Props().GetProperty("classification").GetString());
        Assert.Equal([open, restricted], (await client.GetJsonAsync($"/api/observations?bbox={place.Bbox}")).Ids());
        Assert.Equal(2, (await client.GetJsonAsync($"/api/lagesbild?bbox={place.Bbox}")).GetProperty("total").GetDouble());
    }

    [Fact]
    public async Task An_administrator_may_not_record_restricted_or_confidential_observations()
    {
        using var admin = app.ClientFor(Role.Admin);
        foreach (var tier in new[] { "Restricted", "Confidential" })
        {
            using var response = await admin.PostAsJsonAsync("/api/observations", ObservationBody.At(Places.Next(), AnHourAgo, classification: tier));
            await response.ExpectProblemAsync(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task Confidential_observations_are_social_services_own()
    {
        using var social = app.ClientFor(Role.SocialServices);
        var place = Places.Next();
        var contact = (await social.PostObservationAsync(ObservationBody.At(place, AnHourAgo, "Gathering", classification: "Confidential"))).Id();

        Assert.Equal("Confidential", (await social.GetJsonAsync($"/api/observations/{contact}")).Props().GetProperty("classification").GetString());
        Assert.Equal(1, (await social.GetJsonAsync($"/api/lagesbild?bbox={place.Bbox}")).GetProperty("total").GetDouble());
        var id = contact.ToString(CultureInfo.InvariantCulture);
        Assert.True(await app.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "read" && a.EntityId == id && a.Owner == "SocialServices")));
        foreach (var role in Enum.GetValues<Role>().Where(r => r != Role.SocialServices))
        {
            using var other = app.ClientFor(role);
            using var response = await other.GetAsync($"/api/observations/{contact}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Empty((await other.GetJsonAsync($"/api/observations?bbox={place.Bbox}")).Ids());
            Assert.Equal(0, (await other.GetJsonAsync($"/api/lagesbild?bbox={place.Bbox}")).GetProperty("total").GetDouble());
        }
        using var police = app.ClientFor(Role.Police);
        using var refused = await police.PostAsJsonAsync("/api/observations", ObservationBody.At(place, AnHourAgo, classification: "Confidential"));
        await refused.ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Reading_a_restricted_observation_is_audited_for_the_police()
    {
        var (_, restricted, open) = await RestrictedAndInternalAsync();
        var id = restricted.ToString(CultureInfo.InvariantCulture);
        var policeId = app.UserIds[Role.Police];
        var reads = () => app.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Action == "read" && a.EntityId == id && a.UserId == policeId));
        Assert.Equal(0, await reads());
        using var police = app.ClientFor(Role.Police);

        police.DefaultRequestHeaders.Add("Audit-Purpose", "förundersökning 2026-118");
        await police.GetJsonAsync($"/api/observations/{restricted}");

        Assert.Equal(1, await reads());
        var entry = await app.QueryAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "read" && a.EntityId == id));
        Assert.Equal(("Observation", "Police", "förundersökning 2026-118"), (entry.Entity, entry.Owner, entry.Purpose));
        Assert.Equal($"GET /api/observations/{restricted}", entry.Route);
        Assert.Equal(LagesbildFactory.Now, entry.At);
        // Reading an Internal one is audited as the city's.
        var openId = open.ToString(CultureInfo.InvariantCulture);
        await police.GetJsonAsync($"/api/observations/{open}");
        Assert.Equal("City", await app.QueryAsync(db => db.AuditEntries.Where(a => a.EntityId == openId).Select(a => a.Owner).SingleAsync()));
    }

    [Fact]
    public async Task Listing_writes_an_entry_per_restricted_record_and_one_for_the_internal_ones()
    {
        var (place, restricted, open) = await RestrictedAndInternalAsync();
        var policeId = app.UserIds[Role.Police];
        using var police = app.ClientFor(Role.Police);
        var before = await app.QueryAsync(db => db.AuditEntries.Where(a => a.UserId == policeId && a.Action == "read").Select(a => a.Id).ToListAsync());

        await police.GetJsonAsync($"/api/observations?bbox={place.Bbox}");

        var added = await app.QueryAsync(db => db.AuditEntries.Where(a => a.UserId == policeId && a.Action == "read" && !before.Contains(a.Id)).ToListAsync());
        Assert.Equal(2, added.Count);
        Assert.Contains(added, a => a.Owner == "Police" && a.EntityId == restricted.ToString(CultureInfo.InvariantCulture));
        Assert.Contains(added, a => a.Owner == "City" && a.Count == 1 && a.Detail == $"ids {open}");
    }

    [Fact]
    public async Task An_aggregate_that_used_restricted_records_is_audited_with_their_number()
    {
        var (place, _, _) = await RestrictedAndInternalAsync();
        var policeId = app.UserIds[Role.Police];
        using var police = app.ClientFor(Role.Police);

        await police.GetJsonAsync($"/api/lagesbild?bbox={place.Bbox}");

        var entry = await app.QueryAsync(db => db.AuditEntries.OrderByDescending(a => a.Id).FirstAsync(a => a.UserId == policeId && a.Action == "aggregate"));
        Assert.Equal(("picture", "Police", 1), (entry.Entity, entry.Owner, entry.Count));
        // A coordinator's picture uses no Restricted record and writes no aggregate entry.
        var coordinatorId = app.UserIds[Role.Coordinator];
        using var coordinator = app.ClientFor(Role.Coordinator);
        await coordinator.GetJsonAsync($"/api/lagesbild?bbox={place.Bbox}");
        Assert.False(await app.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.UserId == coordinatorId && a.Action == "aggregate")));
    }

    [Fact]
    public async Task The_audit_of_a_picture_counts_the_restricted_records_known_to_the_hour_and_those_known_to_an_interval()
    {
        // The picture counts the first from its in-memory index and reads the second from the database; the one entry
        // names both, both for the city counted in memory and for a box reaching beyond the service area (the database).
        // A time of its own, so that the box reaching north beyond the city finds no other test's records.
        using var police = app.ClientFor(Role.Police);
        var place = Places.Next();
        var at = new DateTimeOffset(2021, 4, 7, 10, 0, 0, TimeSpan.Zero);
        await police.PostObservationAsync(ObservationBody.At(place, at, "Dealing", classification: "Restricted"));
        await police.PostObservationAsync(ObservationBody.At(place, at.AddMinutes(1), "Dealing", classification: "Internal"));
        await police.PostObservationAsync(ObservationBody.At(place, at.AddHours(1), "Syringes", occurredTo: at.AddHours(2), classification: "Restricted"));
        var policeId = app.UserIds[Role.Police];
        var window = $"from={Api.Query(at.AddHours(-1))}&to={Api.Query(at.AddHours(3))}";

        foreach (var area in new[] { $"bbox={place.Bbox}", $"bbox={Place.Box(place.Lon - Place.Half, place.Lat - Place.Half, place.Lon + Place.Half, 75)}" })
        {
            var before = await app.QueryAsync(db => db.AuditEntries.MaxAsync(a => (long?)a.Id)) ?? 0;
            await police.GetJsonAsync($"/api/lagesbild?{area}&{window}");

            var entry = await app.QueryAsync(db => db.AuditEntries.SingleAsync(a => a.Id > before && a.UserId == policeId && a.Action == "aggregate"));
            Assert.Equal(("picture", "Police", 2), (entry.Entity, entry.Owner, entry.Count));
        }
    }

    [Theory]
    [InlineData(Role.Guard, OrganisationKind.GuardCompany)]
    [InlineData(Role.SchoolStaff, OrganisationKind.School)]
    [InlineData(Role.Analyst, OrganisationKind.City)]
    public async Task Schools_guards_and_analysts_read_no_other_organisations_words(Role role, OrganisationKind kind)
    {
        using var police = app.ClientFor(Role.Police);
        var place = Places.Rinkeby;
        var theirs = (await police.PostObservationAsync(ObservationBody.At(place, AnHourAgo, "Gathering") with { Text = "Tre personer vid porten, en känd sedan tidigare." })).Id();
        using var reader = await app.ClientInAsync(await app.OrganisationAsync($"Org of {role}", kind.ToString(), await RinkebyAsync()), role);

        var read = await reader.GetJsonAsync($"/api/observations/{theirs}");
        Assert.Equal("Gathering", read.Props().GetProperty("category").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, read.Props().GetProperty("text").ValueKind);
        if (Permissions.CanWriteObservations([role]))
        {
            // Their own organisation's words they read.
            var own = (await reader.PostObservationAsync(ObservationBody.At(place, AnHourAgo, "Littering") with { Text = "Sprutor vid sandlådan." })).Id();
            Assert.Equal("Sprutor vid sandlådan.", (await reader.GetJsonAsync($"/api/observations/{own}")).Props().GetProperty("text").GetString());
        }
        var listed = (await reader.GetJsonAsync($"/api/observations?bbox={place.Bbox}")).Features().Single(f => f.Id() == theirs);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, listed.Props().GetProperty("text").ValueKind);
        // The police's own colleagues read the words.
        Assert.Equal("Tre personer vid porten, en känd sedan tidigare.", (await police.GetJsonAsync($"/api/observations/{theirs}")).Props().GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_scoped_coordinator_reads_her_area_and_counts_the_rest()
    {
        using var police = app.ClientFor(Role.Police);
        var inside = (await police.PostObservationAsync(ObservationBody.At(Places.Rinkeby, AnHourAgo, "Dealing") with { Text = "Vid torget." })).Id();
        var outside = (await police.PostObservationAsync(ObservationBody.At(Places.Sodermalm, AnHourAgo, "Dealing") with { Text = "Vid Medborgarplatsen." })).Id();
        using var coordinator = await app.ClientInAsync(await app.OrganisationAsync("Järva stadsdelsförvaltning", "District", await RinkebyAsync()), Role.Coordinator);

        Assert.Equal("Vid torget.", (await coordinator.GetJsonAsync($"/api/observations/{inside}")).Props().GetProperty("text").GetString());
        using var hidden = await coordinator.GetAsync($"/api/observations/{outside}");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Empty((await coordinator.GetJsonAsync($"/api/observations?bbox={Places.Sodermalm.Bbox}")).Ids());
        // Outside her area she sees the count, as in the picture of anyone else of the city.
        Assert.Equal(1, (await coordinator.GetJsonAsync($"/api/lagesbild?bbox={Places.Sodermalm.Bbox}")).GetProperty("total").GetDouble());
        using var city = app.ClientFor(Role.Coordinator);
        Assert.Equal("Vid Medborgarplatsen.", (await city.GetJsonAsync($"/api/observations/{outside}")).Props().GetProperty("text").GetString());
    }

    private Task<int> RinkebyAsync() => app.QueryAsync(db => db.Districts.Where(d => d.Name == "Rinkeby").Select(d => d.Id).SingleAsync());
}

public sealed class ObservationAccessOnSqlite(SqliteLagesbild app) : ObservationAccessTests<SqliteLagesbild>(app);

public sealed class ObservationAccessOnPostgres(PostgresLagesbild app) : ObservationAccessTests<PostgresLagesbild>(app);
