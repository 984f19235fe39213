using System.Globalization;
using System.Net;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Audit;

/// <summary>The audit log as its readers see it: the police theirs, social services theirs, the data protection officer all.</summary>
public abstract class AuditLogTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static List<JsonElement> Entries(JsonElement page) => [.. page.GetProperty("entries").EnumerateArray()];

    private static string Subject(string entity, long id) => $"{entity}/{id.ToString(CultureInfo.InvariantCulture)}";

    [Fact]
    public async Task The_police_see_who_read_their_restricted_observation_and_from_where()
    {
        var id = await app.RestrictedObservationAsync();
        using var police = app.ClientFor(Role.Police);
        await police.GetJsonAsync($"/api/observations/{id}");

        var page = await police.GetJsonAsync($"/api/audit?subject={Subject("Observation", id)}");

        var entries = Entries(page);
        Assert.Equal(2, page.GetProperty("numberMatched").GetInt32());
        // Newest first: the read, then the creation.
        Assert.Equal(["read", "create"], entries.Select(e => e.GetProperty("action").GetString()));
        var read = entries[0];
        Assert.Equal($"GET /api/observations/{id}", read.GetProperty("route").GetString());
        Assert.Equal("Test Police", read.GetProperty("actorName").GetString());
        Assert.Equal(app.UserIds[Role.Police], read.GetProperty("actorId").GetInt32());
        Assert.Equal("Testkommunen", read.GetProperty("organisation").GetString());
        Assert.Equal("Observation", read.GetProperty("entity").GetString());
        Assert.Equal(id.ToString(CultureInfo.InvariantCulture), read.GetProperty("entityId").GetString());
        Assert.Equal("Police", read.GetProperty("owner").GetString());
        Assert.Equal(1, read.GetProperty("count").GetInt32());
        Assert.Equal("Restricted", read.GetProperty("detail").GetString());
        Assert.Equal(JsonValueKind.Null, read.GetProperty("purpose").ValueKind);
        // Stockholm's time, with its offset (CET in November).
        Assert.Equal("2026-11-27T11:00:00+01:00", read.GetProperty("at").GetString());
    }

    [Fact]
    public async Task The_purpose_a_reader_gives_is_kept()
    {
        var id = await app.RestrictedObservationAsync();
        using var police = app.ClientFor(Role.Police);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/observations/{id}");
        request.Headers.Add("Audit-Purpose", "utredning 2026-118");
        (await police.SendAsync(request)).Dispose();

        var entries = Entries(await police.GetJsonAsync($"/api/audit?subject={Subject("Observation", id)}"));

        Assert.Equal("utredning 2026-118", entries.Single(e => e.GetProperty("action").GetString() == "read").GetProperty("purpose").GetString());
    }

    [Fact]
    public async Task Social_services_and_the_police_do_not_see_each_others_entries()
    {
        var id = await app.RestrictedObservationAsync();
        var note = Random.Shared.NextInt64(1_000_000, 9_000_000);
        await app.AddEntryAsync(Role.SocialServices, "SceneNote", note.ToString(CultureInfo.InvariantCulture), DataOwner.SocialServices, "Confidential note");
        using var police = app.ClientFor(Role.Police);
        using var social = app.ClientFor(Role.SocialServices);

        Assert.Empty(Entries(await police.GetJsonAsync($"/api/audit?subject={Subject("SceneNote", note)}")));
        Assert.Empty(Entries(await social.GetJsonAsync($"/api/audit?subject={Subject("Observation", id)}")));
        Assert.Single(Entries(await social.GetJsonAsync($"/api/audit?subject={Subject("SceneNote", note)}")));
        Assert.All(Entries(await police.GetJsonAsync("/api/audit?pageSize=1000")), e => Assert.Equal("Police", e.GetProperty("owner").GetString()));
        Assert.All(Entries(await social.GetJsonAsync("/api/audit?pageSize=1000")), e => Assert.Equal("SocialServices", e.GetProperty("owner").GetString()));
        // Asking for the other's entries is refused, not answered empty.
        using var refused = await police.GetAsync("/api/audit?owner=SocialServices");
        await refused.ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_data_protection_officer_sees_every_owner()
    {
        var id = await app.RestrictedObservationAsync();
        var note = Random.Shared.NextInt64(1_000_000, 9_000_000);
        await app.AddEntryAsync(Role.SocialServices, "SceneNote", note.ToString(CultureInfo.InvariantCulture), DataOwner.SocialServices);
        using var police = app.ClientFor(Role.Police);
        await police.GetJsonAsync("/api/audit");
        using var officer = app.ClientFor(Role.DataProtection);

        Assert.Single(Entries(await officer.GetJsonAsync($"/api/audit?subject={Subject("SceneNote", note)}")));
        Assert.Single(Entries(await officer.GetJsonAsync($"/api/audit?subject={Subject("Observation", id)}")));
        var owners = Entries(await officer.GetJsonAsync("/api/audit?pageSize=1000")).Select(e => e.GetProperty("owner").GetString()).ToHashSet();
        Assert.Equal(["City", "Police", "SocialServices"], owners.Order());
        Assert.All(Entries(await officer.GetJsonAsync("/api/audit?owner=city&pageSize=1000")), e => Assert.Equal("City", e.GetProperty("owner").GetString()));
    }

    [Theory]
    [InlineData(Role.Coordinator)]
    [InlineData(Role.Admin)]
    [InlineData(Role.Guard)]
    [InlineData(Role.ControlRoom)]
    [InlineData(Role.Analyst)]
    [InlineData(Role.SchoolManager)]
    [InlineData(Role.SchoolStaff)]
    public async Task Other_roles_may_not_read_verify_or_export_the_log(Role role)
    {
        using var client = app.ClientFor(role);
        var userId = app.UserIds[role];

        foreach (var url in new[] { "/api/audit", "/api/audit/verify", "/api/audit.csv" })
        {
            using var response = await client.GetAsync(url);
            await response.ExpectProblemAsync(HttpStatusCode.Forbidden);
        }
        Assert.False(await app.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.UserId == userId && a.Action.EndsWith("-audit"))));
    }

    [Fact]
    public async Task Without_sign_in_the_log_is_401()
    {
        using var anonymous = app.CreateClient();
        foreach (var url in new[] { "/api/audit", "/api/audit/verify", "/api/audit.csv" })
        {
            using var response = await anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task Reading_the_log_is_itself_audited_for_the_data_protection_officer()
    {
        using var police = app.ClientFor(Role.Police);
        var policeId = app.UserIds[Role.Police];

        await police.GetJsonAsync("/api/audit?actor=Police");

        var entry = await app.QueryAsync(db => db.AuditEntries.Where(a => a.UserId == policeId && a.Action == "read-audit").OrderByDescending(a => a.Id).FirstAsync());
        Assert.Equal("City", entry.Owner);
        Assert.Equal("GET /api/audit?actor=Police", entry.Route);
        Assert.Equal("page 1 actor=Police", entry.Detail);
        // The police do not see it (it is the city's), the data protection officer does.
        Assert.DoesNotContain(Entries(await police.GetJsonAsync("/api/audit?pageSize=1000")), e => e.GetProperty("id").GetInt64() == entry.Id);
        using var officer = app.ClientFor(Role.DataProtection);
        Assert.Contains(Entries(await officer.GetJsonAsync("/api/audit?pageSize=1000&owner=City")), e => e.GetProperty("id").GetInt64() == entry.Id);
    }

    [Fact]
    public async Task The_actor_is_a_user_id_or_part_of_a_name_and_from_to_bound_the_time()
    {
        var id = await app.RestrictedObservationAsync();
        // A colleague of the police (only the police read Restricted records) reads it.
        using var colleague = await app.ClientInAsync(await app.HomeOrganisationAsync(), Role.Police);
        await colleague.GetJsonAsync($"/api/observations/{id}");
        var colleagueId = (await colleague.GetJsonAsync("/api/auth/me")).GetProperty("id").GetInt32();
        using var police = app.ClientFor(Role.Police);
        var subject = Subject("Observation", id);

        var byId = Entries(await police.GetJsonAsync($"/api/audit?subject={subject}&actor={colleagueId}"));
        var byName = Entries(await police.GetJsonAsync($"/api/audit?subject={subject}&actor=aNNAn"));
        var entity = Entries(await police.GetJsonAsync($"/api/audit?subject=observation&actor={colleagueId}"));

        Assert.Equal("Annan Police", Assert.Single(byId).GetProperty("actorName").GetString());
        Assert.Equal("Annan Police", Assert.Single(byName).GetProperty("actorName").GetString());
        Assert.Contains(entity, e => e.GetProperty("entityId").GetString() == id.ToString(CultureInfo.InvariantCulture));
        var today = LagesbildFactory.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var yesterday = LagesbildFactory.Now.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(2, Entries(await police.GetJsonAsync($"/api/audit?subject={subject}&from={today}&to={today}")).Count);
        Assert.Empty(Entries(await police.GetJsonAsync($"/api/audit?subject={subject}&to={yesterday}")));
        Assert.Empty(Entries(await police.GetJsonAsync($"/api/audit?subject={subject}&from={Api.Query(LagesbildFactory.Now.AddSeconds(1))}")));
        Assert.Equal(2, Entries(await police.GetJsonAsync($"/api/audit?subject={subject}&from={Api.Query(LagesbildFactory.Now)}")).Count);
    }

    [Fact]
    public async Task The_log_is_paged_newest_first_with_a_link_to_the_next_page()
    {
        var note = Random.Shared.NextInt64(1_000_000, 9_000_000);
        for (var i = 0; i < 5; i++)
            await app.AddEntryAsync(Role.Police, "Alarm", note.ToString(CultureInfo.InvariantCulture), DataOwner.Police, $"entry {i}");
        using var police = app.ClientFor(Role.Police);

        var first = await police.GetJsonAsync($"/api/audit?subject={Subject("Alarm", note)}&pageSize=2");
        var second = await police.GetJsonAsync(first.GetProperty("next").GetString()!);
        var last = await police.GetJsonAsync($"/api/audit?subject={Subject("Alarm", note)}&pageSize=2&page=3");

        Assert.Equal(5, first.GetProperty("numberMatched").GetInt32());
        Assert.Equal(2, first.GetProperty("numberReturned").GetInt32());
        Assert.Equal(["entry 4", "entry 3"], Entries(first).Select(e => e.GetProperty("detail").GetString()));
        Assert.Equal(["entry 2", "entry 1"], Entries(second).Select(e => e.GetProperty("detail").GetString()));
        Assert.Equal(["entry 0"], Entries(last).Select(e => e.GetProperty("detail").GetString()));
        Assert.Equal(JsonValueKind.Null, last.GetProperty("next").ValueKind);
        Assert.Empty(Entries(await police.GetJsonAsync($"/api/audit?subject={Subject("Alarm", note)}&page=2147483647")));
    }

    [Theory]
    [InlineData("from=2026-11-27&to=2026-11-01", "to")]
    [InlineData("from=27/11/2026", "from")]
    [InlineData("to=2026-11-27T10:00:00", "to")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=1001", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("subject=Observation/", "subject")]
    [InlineData("subject=42/Observation", "subject")]
    [InlineData("owner=Nobody", "owner")]
    [InlineData("owner=1", "owner")]
    public async Task Bad_input_is_a_problem_naming_the_field(string query, string field)
    {
        using var officer = app.ClientFor(Role.DataProtection);

        using var response = await officer.GetAsync($"/api/audit?{query}");

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task The_export_is_csv_of_the_filtered_log_guarded_against_formulas_and_audited()
    {
        var note = Random.Shared.NextInt64(1_000_000, 9_000_000);
        await app.AddEntryAsync(Role.Police, "Finding", note.ToString(CultureInfo.InvariantCulture), DataOwner.Police, "=HYPERLINK(\"http://x\",\"y\"), with a comma");
        await app.AddEntryAsync(Role.Police, "Finding", note.ToString(CultureInfo.InvariantCulture), DataOwner.Police, "plain");
        using var police = app.ClientFor(Role.Police);

        using var response = await police.GetAsync($"/api/audit.csv?subject={Subject("Finding", note)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("id,at,actor_id,actor,organisation_id,organisation,action,entity,entity_id,owner,count,route,purpose,detail", lines[0]);
        Assert.Equal(3, lines.Count);
        Assert.EndsWith(",plain", lines[1], StringComparison.Ordinal);
        Assert.Contains(",Test Police,", lines[1], StringComparison.Ordinal);
        Assert.Contains(",Testkommunen,read,Finding,", lines[2], StringComparison.Ordinal);
        Assert.Contains("2026-11-27T11:00:00.000+01:00", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\"), with a comma\"", lines[2], StringComparison.Ordinal);

        var policeId = app.UserIds[Role.Police];
        var export = await app.QueryAsync(db => db.AuditEntries.Where(a => a.UserId == policeId && a.Action == "export-audit").OrderByDescending(a => a.Id).FirstAsync());
        Assert.Equal("City", export.Owner);
        Assert.Equal(2, export.Count);
        Assert.Equal($"csv subject={Subject("Finding", note)}", export.Detail);
    }

    [Fact]
    public async Task An_empty_export_still_names_its_columns_and_bad_input_is_a_problem()
    {
        using var police = app.ClientFor(Role.Police);

        var text = await police.GetStringAsync("/api/audit.csv?subject=Nothing/1");
        using var bad = await police.GetAsync("/api/audit.csv?from=yesterday");
        using var other = await police.GetAsync("/api/audit.csv?owner=SocialServices");

        Assert.StartsWith("id,at,actor_id", text.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        await bad.ExpectProblemAsync(HttpStatusCode.BadRequest, "from");
        await other.ExpectProblemAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class AuditLogOnSqlite(SqliteLagesbild app) : AuditLogTests<SqliteLagesbild>(app);

public sealed class AuditLogOnPostgres(PostgresLagesbild app) : AuditLogTests<PostgresLagesbild>(app);
