using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;
using Lagesbild.Server.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace Lagesbild.Server.Tests.Retention;

/// <summary>The record of processing (GDPR art. 30): generated from the configuration, read only by those who answer for it.</summary>
public abstract class ProcessingRecordTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private async Task<int> OrganisationAsync(string kind)
    {
        using var admin = app.ClientFor(Role.Admin);
        var created = await admin.PostJsonAsync("/api/organisations", new { name = $"{kind} {Guid.NewGuid():N}", kind }, HttpStatusCode.Created);
        return created.GetProperty("id").GetInt32();
    }

    private static Dictionary<string, JsonElement> Categories(JsonElement record) =>
        record.GetProperty("categories").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!);

    [Fact]
    public async Task A_police_organisations_record_names_restricted_observations_read_by_the_police()
    {
        var police = await OrganisationAsync("Police");
        using var officer = await app.ClientInAsync(police, Role.Police);

        var record = await officer.GetJsonAsync($"/api/privacy/record?organisation={police}");

        Assert.Equal(police, record.GetProperty("organisationId").GetInt32());
        var categories = Categories(record);
        var restricted = categories["observations-restricted"];
        var recipients = restricted.GetProperty("recipients").EnumerateArray().Select(r => Enum.Parse<Role>(r.GetString()!)).ToList();
        Assert.Equal(Recipients.Of(roles => Permissions.CanRead(roles, Classification.Restricted)), recipients);
        Assert.Equal([Role.Police], recipients);
        Assert.All([Role.Admin, Role.DataProtection, Role.Coordinator, Role.SocialServices, Role.SchoolManager, Role.SchoolStaff, Role.Guard, Role.ControlRoom, Role.Analyst],
            role => Assert.DoesNotContain(role, recipients));
        Assert.Contains("Begränsad", restricted.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Contains("730 dagar", restricted.GetProperty("retention").GetString(), StringComparison.Ordinal);
        Assert.Contains("audit", categories.Keys);
        Assert.Contains("users", categories.Keys);
        Assert.Contains("resident-reports", categories.Keys);
        Assert.DoesNotContain("rounds", categories.Keys);
        Assert.Contains(app.Provider == Lagesbild.Data.DatabaseProvider.Postgres ? "PostgreSQL" : "SQLite", record.GetProperty("storage").GetString(), StringComparison.Ordinal);
        Assert.Contains(record.GetProperty("security").EnumerateArray(), s => s.GetString()!.Contains("hash", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_record_prints_as_a_pdf_in_the_readers_language()
    {
        var police = await OrganisationAsync("Police");
        using var admin = app.ClientFor(Role.Admin);

        using var response = await admin.GetAsync($"/api/privacy/record?organisation={police}&format=pdf&culture=en");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var text = string.Join("\n", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        Assert.Contains("Record of processing", text, StringComparison.Ordinal);
        Assert.Contains("Observations, Restricted (police)", text, StringComparison.Ordinal);
        Assert.Contains("730 days", text, StringComparison.Ordinal);
        Assert.Contains("Audit log", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_data_protection_officer_reads_any_organisations_record_and_an_unknown_one_is_not_found()
    {
        var school = await OrganisationAsync("School");
        using var officer = app.ClientFor(Role.DataProtection);

        var record = await officer.GetJsonAsync($"/api/privacy/record?organisation={school}");

        Assert.Contains("rounds", Categories(record).Keys);
        Assert.DoesNotContain("observations-restricted", Categories(record).Keys);
        using var unknown = await officer.GetAsync("/api/privacy/record?organisation=999999");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [InlineData(Role.Guard)]
    [InlineData(Role.SchoolStaff)]
    [InlineData(Role.SchoolManager)]
    [InlineData(Role.Analyst)]
    [InlineData(Role.ControlRoom)]
    public async Task Roles_that_do_not_answer_for_processing_may_not_read_a_record(Role role)
    {
        var home = await app.HomeOrganisationAsync();
        using var client = app.ClientFor(role);

        using var json = await client.GetAsync($"/api/privacy/record?organisation={home}");
        using var pdf = await client.GetAsync($"/api/privacy/record?organisation={home}&format=pdf");

        await json.ExpectProblemAsync(HttpStatusCode.Forbidden);
        await pdf.ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Another_organisations_coordinator_may_not_read_its_record()
    {
        var police = await OrganisationAsync("Police");
        using var coordinator = app.ClientFor(Role.Coordinator);

        using var response = await coordinator.GetAsync($"/api/privacy/record?organisation={police}&format=pdf");

        await response.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal((await app.HomeOrganisationAsync()), (await coordinator.GetJsonAsync("/api/privacy/record")).GetProperty("organisationId").GetInt32());
    }

    [Fact]
    public async Task Bad_parameters_are_named_and_nobody_reads_without_signing_in()
    {
        using var admin = app.ClientFor(Role.Admin);
        await (await admin.GetAsync("/api/privacy/record?organisation=police")).ExpectProblemAsync(HttpStatusCode.BadRequest, "organisation");
        await (await admin.GetAsync("/api/privacy/record?format=docx")).ExpectProblemAsync(HttpStatusCode.BadRequest, "format");
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/privacy/record")).StatusCode);
    }

    [Fact]
    public async Task The_page_shows_the_record_and_the_retention_policy()
    {
        using var coordinator = app.ClientFor(Role.Coordinator);

        var html = WebUtility.HtmlDecode(await coordinator.GetStringAsync("/privacy/record"));

        Assert.Contains("Registerförteckning", html, StringComparison.Ordinal);
        Assert.Contains("Gallring", html, StringComparison.Ordinal);
        Assert.Contains("format=pdf", html, StringComparison.Ordinal);
    }
}

public sealed class ProcessingRecordOnSqlite(SqliteLagesbild app) : ProcessingRecordTests<SqliteLagesbild>(app);

public sealed class ProcessingRecordOnPostgres(PostgresLagesbild app) : ProcessingRecordTests<PostgresLagesbild>(app);
