using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace Lagesbild.Server.Tests.Cameras;

/// <summary>/api/cameras: the municipality's camera register (kamerabevakningslagen), its recording hours held against the site's calendar, and its PDF.</summary>
public abstract class CameraTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private const string Assessment =
        "Skadegörelse och kanyler på gården nattetid; bevakning bara när skolan är stängd väger tyngre än intrånget, som begränsas till gården.";

    /// <summary>A school with hours 08:00–16:00 on weekdays (the factory's clock is Friday 27 November 2026, 11:00 in Stockholm: open).</summary>
    private async Task<int> SchoolAsync(int? organisationId = null, object[]? hours = null) =>
        (int)(await app.SiteAsync(Places.Next(), organisationId, kind: "School", hours: hours)).Id();

    private static Dictionary<string, object?> Body(int siteId, object? recordingHours = null) => new()
    {
        ["siteId"] = siteId,
        ["name"] = "Kamera gården öst",
        ["purpose"] = "Förebygga och utreda skadegörelse och inbrott när skolan är stängd.",
        ["coveredArea"] = "Gården mellan huvudentrén och cykelstället; inte gatan.",
        ["assessment"] = new Dictionary<string, object?> { ["text"] = Assessment, ["madeOn"] = "2026-10-01", ["madeBy"] = "Säkerhetschef, utbildningsförvaltningen" },
        ["recordingHours"] = recordingHours,
        ["retentionDays"] = 7,
        ["signage"] = true,
        ["signageLocation"] = "Vid båda grindarna och huvudentrén",
        ["snapshotUrl"] = "https://kamera.example/snapshot.jpg",
    };

    private static object Windows(params (string Day, string From, string To)[] windows) =>
        new { mode = "Windows", windows = windows.Select(w => new { day = w.Day, from = w.From, to = w.To }).ToArray() };

    private Task<int> CountAsync() => app.QueryAsync(db => db.Cameras.CountAsync());

    [Fact]
    public async Task A_coordinator_registers_a_camera_that_records_outside_opening_hours_by_default_and_it_is_audited()
    {
        var site = await SchoolAsync();
        using var coordinator = app.ClientFor(Role.Coordinator);
        using var response = await coordinator.PostAsJsonAsync("/api/cameras", Body(site));
        var camera = await response.ExpectAsync(HttpStatusCode.Created);
        var id = camera.GetProperty("id").GetInt32();
        Assert.Equal($"/api/cameras/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("OutsideOpeningHours", camera.GetProperty("recordingHours").GetProperty("mode").GetString());
        Assert.False(camera.GetProperty("recordingNow").GetBoolean()); // Friday 11:00: the school is open
        Assert.True(camera.GetProperty("siteOpenNow").GetBoolean());
        Assert.Equal("2026-10-01", camera.GetProperty("assessment").GetProperty("madeOn").GetString());
        Assert.Equal(7, camera.GetProperty("retentionDays").GetInt32());

        var list = await coordinator.GetJsonAsync($"/api/cameras?site={site}");
        Assert.Equal(id, Assert.Single(list.EnumerateArray()).GetProperty("id").GetInt32());
        Assert.Equal("Kamera gården öst", (await coordinator.GetJsonAsync($"/api/cameras/{id}")).GetProperty("name").GetString());

        using var officer = app.ClientFor(Role.DataProtection);
        var audit = await officer.GetJsonAsync($"/api/audit?subject=Camera/{id.ToString(CultureInfo.InvariantCulture)}");
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "create");
    }

    [Fact]
    public async Task A_camera_at_a_site_that_is_closed_now_may_record_now()
    {
        var earlySite = await SchoolAsync(hours: Schools.Weekdays("06:00", "09:00"));
        using var admin = app.ClientFor(Role.Admin);
        var camera = await admin.PostJsonAsync("/api/cameras", Body(earlySite), HttpStatusCode.Created);
        Assert.True(camera.GetProperty("recordingNow").GetBoolean());
        Assert.False(camera.GetProperty("siteOpenNow").GetBoolean());
        var windowed = await admin.PostJsonAsync("/api/cameras", Body(earlySite, Windows(("Saturday", "00:00", "24:00"))), HttpStatusCode.Created);
        Assert.False(windowed.GetProperty("recordingNow").GetBoolean()); // closed, but Friday is not in its window
    }

    [Fact]
    public async Task A_camera_set_to_record_while_the_school_is_open_is_refused_and_nothing_is_written()
    {
        var site = await SchoolAsync();
        using var coordinator = app.ClientFor(Role.Coordinator);
        var before = await CountAsync();
        using (var open = await coordinator.PostAsJsonAsync("/api/cameras", Body(site, Windows(("Saturday", "00:00", "24:00"), ("Monday", "15:00", "20:00")))))
        {
            var problem = await open.ExpectCodeAsync(HttpStatusCode.BadRequest, "recordingHours", "DuringOpeningHours");
            Assert.Contains("16:00", problem.GetProperty("errors").GetProperty("recordingHours")[0].GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(before, await CountAsync());

        var allowed = await coordinator.PostJsonAsync("/api/cameras", Body(site, Windows(("Monday", "16:00", "24:00"), ("Sunday", "00:00", "24:00"))), HttpStatusCode.Created);
        var id = allowed.GetProperty("id").GetInt32();
        Assert.Equal(2, allowed.GetProperty("recordingHours").GetProperty("windows").GetArrayLength());

        using (var put = await coordinator.PutAsJsonAsync($"/api/cameras/{id}", Body(site, Windows(("Friday", "07:00", "09:00")))))
            await put.ExpectCodeAsync(HttpStatusCode.BadRequest, "recordingHours", "DuringOpeningHours");
        var unchanged = await coordinator.GetJsonAsync($"/api/cameras/{id}");
        Assert.Equal("16:00", unchanged.GetProperty("recordingHours").GetProperty("windows")[0].GetProperty("from").GetString());
    }

    [Fact]
    public async Task A_retry_with_the_same_key_answers_the_first_camera_and_another_body_is_refused()
    {
        var site = await SchoolAsync();
        using var coordinator = app.ClientFor(Role.Coordinator);
        var key = Guid.NewGuid().ToString();
        using var first = await coordinator.PostKeyedAsync("/api/cameras", Body(site), key);
        var id = (await first.ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var count = await CountAsync();
        using var retry = await coordinator.PostKeyedAsync("/api/cameras", Body(site), key);
        Assert.Equal(id, (await retry.ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        var other = Body(site);
        other["name"] = "Annan kamera";
        using var reused = await coordinator.PostKeyedAsync("/api/cameras", other, key);
        await reused.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(count, await CountAsync());
    }

    [Fact]
    public async Task A_retired_camera_leaves_the_register_keeps_its_entry_and_is_not_changed()
    {
        var site = await SchoolAsync();
        using var coordinator = app.ClientFor(Role.Coordinator);
        var id = (await coordinator.PostJsonAsync("/api/cameras", Body(site), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        using (var retire = await coordinator.DeleteAsync($"/api/cameras/{id}"))
            Assert.True((await retire.ExpectAsync(HttpStatusCode.OK)).GetProperty("retiredAt").ValueKind == JsonValueKind.String);
        Assert.Empty((await coordinator.GetJsonAsync($"/api/cameras?site={site}")).EnumerateArray());
        var history = await coordinator.GetJsonAsync($"/api/cameras?site={site}&retired=true");
        Assert.Equal(id, Assert.Single(history.EnumerateArray()).GetProperty("id").GetInt32());
        Assert.False((await coordinator.GetJsonAsync($"/api/cameras/{id}")).GetProperty("recordingNow").GetBoolean());
        using (var put = await coordinator.PutAsJsonAsync($"/api/cameras/{id}", Body(site)))
            await put.ExpectProblemAsync(HttpStatusCode.Conflict);
        using var officer = app.ClientFor(Role.DataProtection);
        var audit = await officer.GetJsonAsync($"/api/audit?subject=Camera/{id.ToString(CultureInfo.InvariantCulture)}");
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "retire");
    }

    [Fact]
    public async Task Who_may_not_read_or_keep_the_register()
    {
        var site = await SchoolAsync();
        using var coordinator = app.ClientFor(Role.Coordinator);
        var id = (await coordinator.PostJsonAsync("/api/cameras", Body(site), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        foreach (var role in new[] { Role.Police, Role.SocialServices, Role.SchoolStaff, Role.Guard, Role.Analyst, Role.Partner })
        {
            using var client = app.ClientFor(role);
            foreach (var url in new[] { "/api/cameras", $"/api/cameras/{id}", "/api/cameras/register.pdf" })
            {
                using var read = await client.GetAsync(url);
                Assert.True(read.StatusCode == HttpStatusCode.Forbidden, $"{role} read {url}: {read.StatusCode}");
            }
        }
        foreach (var role in new[] { Role.DataProtection, Role.SchoolManager, Role.ControlRoom, Role.Police, Role.SchoolStaff, Role.Guard, Role.Analyst, Role.Partner, Role.SocialServices })
        {
            using var client = app.ClientFor(role);
            using var post = await client.PostAsJsonAsync("/api/cameras", Body(site));
            Assert.True(post.StatusCode == HttpStatusCode.Forbidden, $"{role} registered a camera: {post.StatusCode}");
            using var put = await client.PutAsJsonAsync($"/api/cameras/{id}", Body(site));
            Assert.True(put.StatusCode == HttpStatusCode.Forbidden, $"{role} changed a camera: {put.StatusCode}");
            using var delete = await client.DeleteAsync($"/api/cameras/{id}");
            Assert.True(delete.StatusCode == HttpStatusCode.Forbidden, $"{role} retired a camera: {delete.StatusCode}");
        }
        Assert.Null((await coordinator.GetJsonAsync($"/api/cameras/{id}")).GetProperty("retiredAt").GetString());
    }

    [Fact]
    public async Task A_schools_manager_reads_the_cameras_of_its_own_sites_only()
    {
        var organisation = await app.OrganisationAsync("Skolan kameror");
        var own = await SchoolAsync(organisation);
        var other = await SchoolAsync();
        using var coordinator = app.ClientFor(Role.Coordinator);
        var ownCamera = (await coordinator.PostJsonAsync("/api/cameras", Body(own), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var otherCamera = (await coordinator.PostJsonAsync("/api/cameras", Body(other), HttpStatusCode.Created)).GetProperty("id").GetInt32();

        using var manager = await app.ClientInAsync(organisation, Role.SchoolManager);
        var list = await manager.GetJsonAsync("/api/cameras");
        Assert.Equal([ownCamera], list.EnumerateArray().Select(c => c.GetProperty("id").GetInt32()).ToList());
        await manager.GetJsonAsync($"/api/cameras/{otherCamera}", HttpStatusCode.NotFound);
        using (var foreign = await manager.GetAsync($"/api/cameras?site={other}"))
            await foreign.ExpectProblemAsync(HttpStatusCode.BadRequest, "site");
        using (var pdf = await manager.GetAsync($"/api/cameras/register.pdf?site={other}"))
            await pdf.ExpectProblemAsync(HttpStatusCode.BadRequest, "site");

        using var officer = app.ClientFor(Role.DataProtection);
        var all = (await officer.GetJsonAsync("/api/cameras")).EnumerateArray().Select(c => c.GetProperty("id").GetInt32()).ToList();
        Assert.Contains(ownCamera, all);
        Assert.Contains(otherCamera, all);
    }

    [Fact]
    public async Task The_register_downloads_as_a_PDF_with_each_camera_and_the_download_is_audited()
    {
        var site = await SchoolAsync();
        using var coordinator = app.ClientFor(Role.Coordinator);
        await coordinator.PostJsonAsync("/api/cameras", Body(site, Windows(("Saturday", "00:00", "24:00"))), HttpStatusCode.Created);
        using var response = await coordinator.GetAsync($"/api/cameras/register.pdf?site={site}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var text = string.Join(" ", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        Assert.Contains("Kameraregister", text, StringComparison.Ordinal);
        Assert.Contains("gården", text, StringComparison.Ordinal);
        Assert.Contains("00:00–24:00", text, StringComparison.Ordinal);
        Assert.Contains("7 dygn", text, StringComparison.Ordinal);

        using var officer = app.ClientFor(Role.DataProtection);
        var audit = await officer.GetJsonAsync("/api/audit?subject=Camera");
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "export");
    }

    [Fact]
    public async Task Hostile_text_is_kept_as_text()
    {
        var site = await SchoolAsync();
        using var coordinator = app.ClientFor(Role.Coordinator);
        var body = Body(site);
        body["name"] = "<script>alert(1)</script>";
        body["coveredArea"] = "'; DROP TABLE \"Cameras\"; --";
        var camera = await coordinator.PostJsonAsync("/api/cameras", body, HttpStatusCode.Created);
        Assert.Equal("<script>alert(1)</script>", camera.GetProperty("name").GetString());
        Assert.Equal("'; DROP TABLE \"Cameras\"; --", (await coordinator.GetJsonAsync($"/api/cameras/{camera.GetProperty("id").GetInt32()}")).GetProperty("coveredArea").GetString());
    }

    public static TheoryData<string, object?, string> BadFields() => new()
    {
        { "siteId", 999_999, "siteId" },
        { "retentionDays", 0, "retentionDays" },
        { "retentionDays", 31, "retentionDays" },
        { "retentionDays", null, "retentionDays" },
        { "snapshotUrl", "ftp://kamera.example/bild.jpg", "snapshotUrl" },
        { "snapshotUrl", "javascript:alert(1)", "snapshotUrl" },
        { "snapshotUrl", "/snapshot.jpg", "snapshotUrl" },
        { "snapshotUrl", "http://admin:hemligt@kamera.example/bild.jpg", "snapshotUrl" },
        { "signageLocation", null, "signageLocation" },
        { "name", "", "name" },
        { "purpose", null, "purpose" },
        { "coveredArea", new string('x', 2001), "coveredArea" },
        { "assessment", null, "assessment" },
        { "recordingHours", new { mode = "Windows", windows = new[] { new { day = "Saturday", from = "20:00", to = "06:00" } } }, "recordingHours.windows[0]" },
        { "recordingHours", new { mode = "Windows", windows = new[] { new { day = "Saturday", from = "kl 20", to = "24:00" } } }, "recordingHours.windows[0]" },
        { "recordingHours", new { mode = "Windows", windows = Array.Empty<object>() }, "recordingHours.windows" },
        { "recordingHours", new { mode = "Sometimes" }, "recordingHours.mode" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task Bad_input_is_refused_by_its_field_and_nothing_is_written(string field, object? value, string named)
    {
        var site = await SchoolAsync();
        using var coordinator = app.ClientFor(Role.Coordinator);
        var body = Body(site);
        body[field] = value;
        var before = await CountAsync();
        using var response = await coordinator.PostAsJsonAsync("/api/cameras", body);
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, named);
        Assert.Equal(before, await CountAsync());
    }

    [Theory]
    [InlineData("text", "Bedömd av 19850101-2382 efter samråd med rektor och fastighetsägaren om gårdens belysning.", "assessment.text")]
    [InlineData("text", "För kort.", "assessment.text")]
    [InlineData("madeOn", "2027-01-01", "assessment.madeOn")]
    [InlineData("madeOn", "i går", "assessment.madeOn")]
    public async Task The_assessment_is_checked(string member, string value, string named)
    {
        var site = await SchoolAsync();
        using var coordinator = app.ClientFor(Role.Coordinator);
        var body = Body(site);
        var assessment = (Dictionary<string, object?>)body["assessment"]!;
        assessment[member] = value;
        using var response = await coordinator.PostAsJsonAsync("/api/cameras", body);
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, named);
    }

    [Fact]
    public async Task Malformed_JSON_and_an_oversized_body_are_refused()
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        using (var malformed = await coordinator.PostAsync("/api/cameras", new StringContent("{\"siteId\": 1, \"name\": ", Encoding.UTF8, "application/json")))
            await malformed.ExpectProblemAsync(HttpStatusCode.BadRequest);
        var site = await SchoolAsync();
        var body = Body(site);
        ((Dictionary<string, object?>)body["assessment"]!)["text"] = new string('x', 1024 * 1024);
        using var oversized = await coordinator.PostAsJsonAsync("/api/cameras", body);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        await oversized.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "body");
    }
}

public sealed class CameraOnSqlite(SqliteLagesbild app) : CameraTests<SqliteLagesbild>(app);

public sealed class CameraOnPostgres(PostgresLagesbild app) : CameraTests<PostgresLagesbild>(app);
