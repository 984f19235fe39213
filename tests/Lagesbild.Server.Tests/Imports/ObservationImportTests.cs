using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Data;
using Lagesbild.Server.Tests.Infrastructure;
using Lagesbild.Server.Features.Districts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lagesbild.Server.Tests.Imports;

/// <summary>POST /api/observations/import and /api/imports: a CSV of observations as a background job.</summary>
public abstract class ObservationImportTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static string Source() => $"old-system-{Api.UniqueLetters()[..8]}";

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string source, byte[] body, string? key = null, bool multipart = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/observations/import?source={Uri.EscapeDataString(source)}");
        if (multipart)
        {
            var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(body);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "file", "history.csv");
            request.Content = form;
        }
        else
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        }
        if (key is not null)
            request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    /// <summary>Starts an import and waits for it to end; answers the job as it ended.</summary>
    private static async Task<JsonElement> ImportAsync(HttpClient client, string source, string csv, bool multipart = false) =>
        await ImportAsync(client, source, Encoding.UTF8.GetBytes(csv), multipart);

    private static async Task<JsonElement> ImportAsync(HttpClient client, string source, byte[] body, bool multipart = false)
    {
        using var response = await PostAsync(client, source, body, multipart: multipart);
        var job = await response.ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal($"/api/imports/{job.GetProperty("id").GetInt64()}", response.Headers.Location?.OriginalString);
        return await EndedAsync(client, job.GetProperty("id").GetInt64());
    }

    private static async Task<JsonElement> EndedAsync(HttpClient client, long id)
    {
        for (var i = 0; i < 200; i++)
        {
            var job = await client.GetJsonAsync($"/api/imports/{id}");
            if (job.GetProperty("state").GetString() is "Completed" or "Failed" or "Cancelled")
                return job;
            await Task.Delay(25);
        }
        throw new TimeoutException($"Import {id} did not end.");
    }

    private Task<int> StoredAsync(string source) =>
        app.QueryAsync(db => db.Observations.CountAsync(o => o.ImportSource == source));

    private static async Task<string[]> RefusalsAsync(HttpClient client, long id)
    {
        using var response = await client.GetAsync($"/api/imports/{id}/refusals");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadAsStringAsync()).ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static long Count(JsonElement job, string name) => job.GetProperty(name).GetInt64();

    [Fact]
    public async Task Good_rows_go_in_and_each_bad_row_is_refused_with_its_line_and_column()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var source = Source();
        var place = Places.Next();
        // 1 % bad: a place off the map, a category that does not exist, a time without its offset.
        var csv = ImportFiles.Csv(place, 300, i => i switch
        {
            10 => ImportFiles.Row(place, i).Replace(",Internal,", ",Secret,", StringComparison.Ordinal),
            150 => $"r150,Dealing,12.5,17.9,2026-10-01T22:00:00+02:00,,1,Internal,",
            299 => $"r299,Fighting,59.3,18.0,2026-10-01T22:00:00,,1,Internal,",
            _ => null,
        });

        var job = await ImportAsync(client, source, csv);

        Assert.Equal("Completed", job.GetProperty("state").GetString());
        Assert.Equal(300, Count(job, "rowsRead"));
        Assert.Equal(297, Count(job, "stored"));
        Assert.Equal(3, Count(job, "refused"));
        Assert.Equal(100, job.GetProperty("percent").GetDouble());
        Assert.Equal(297, await StoredAsync(source));
        var refusals = await RefusalsAsync(client, Count(job, "id"));
        Assert.Equal("line,column,reason", refusals[0]);
        Assert.StartsWith("12,classification,", refusals[1], StringComparison.Ordinal);
        Assert.StartsWith("152,lat,", refusals[2], StringComparison.Ordinal);
        Assert.Contains("outside the city", refusals[2], StringComparison.Ordinal);
        Assert.StartsWith("301,category,", refusals[3], StringComparison.Ordinal);
        Assert.StartsWith("301,occurred_from,", refusals[4], StringComparison.Ordinal);
        // The rows are the importer's organisation's, recorded as imported, with what the writer derives.
        var stored = await app.QueryAsync(db => db.Observations.AsNoTracking().Where(o => o.ImportSource == source).OrderBy(o => o.Id).FirstAsync());
        Assert.Equal(ObservationSource.Import, stored.Source);
        Assert.Equal("r0", stored.SourceId);
        Assert.Equal(app.UserIds[Role.Coordinator], stored.CreatedById);
        Assert.NotEqual(0, stored.CellKey);
        Assert.Equal(app.Services.GetRequiredService<DistrictCatalog>().Index.Locate(stored.Lon, stored.Lat), stored.DistrictId);
        Assert.True(stored.X > 600_000 && stored.Y > 6_500_000, $"{stored.X} {stored.Y}");
        Assert.Equal(stored.Lon, stored.Location.X, 9);
        // The single-observation API reads them as any other.
        var listed = await client.GetJsonAsync($"/api/observations?bbox={place.Bbox}&pageSize=5000");
        Assert.Equal(297, listed.GetProperty("numberMatched").GetInt32());
    }

    [Fact]
    public async Task The_same_file_twice_stores_nothing_twice_and_a_multipart_upload_reads_the_same()
    {
        using var client = app.ClientFor(Role.Analyst);
        var source = Source();
        var csv = ImportFiles.Csv(Places.Next(), 120);

        var first = await ImportAsync(client, source, csv);
        var second = await ImportAsync(client, source, csv, multipart: true);

        Assert.Equal(120, Count(first, "stored"));
        Assert.Equal(0, Count(second, "stored"));
        Assert.Equal(120, Count(second, "skipped"));
        Assert.Equal("history.csv", second.GetProperty("fileName").GetString());
        Assert.Equal(120, await StoredAsync(source));
        var mine = await client.GetJsonAsync("/api/imports");
        Assert.Equal([Count(second, "id"), Count(first, "id")], mine.EnumerateArray().Take(2).Select(j => Count(j, "id")));
    }

    [Fact]
    public async Task A_wrong_header_is_refused_before_anything_is_written_naming_the_columns()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var source = Source();
        var csv = ImportFiles.Csv(Places.Next(), 5).Replace("lat,lon,", "latitude,lon,", StringComparison.Ordinal);

        var job = await ImportAsync(client, source, csv);

        Assert.Equal("Failed", job.GetProperty("state").GetString());
        var error = job.GetProperty("lastError").GetString()!;
        Assert.Contains("lacks the column(s) lat", error, StringComparison.Ordinal);
        Assert.Contains("unknown column(s) 'latitude'", error, StringComparison.Ordinal);
        Assert.Equal(0, Count(job, "rowsRead"));
        Assert.Equal(0, await StoredAsync(source));
    }

    [Fact]
    public async Task A_byte_order_mark_is_skipped_and_latin1_stops_at_the_line_that_is_not_utf8()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var place = Places.Next();
        var withBom = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ImportFiles.Csv(place, 10))).ToArray();
        var bomSource = Source();
        var bom = await ImportAsync(client, bomSource, withBom);
        Assert.Equal("Completed", bom.GetProperty("state").GetString());
        Assert.Equal(10, Count(bom, "stored"));

        var latin1Source = Source();
        var csv = ImportFiles.Csv(Places.Next(), 20, i => i == 14 ? ImportFiles.Row(place, 100 + i, text: "Langt ut på gården") : null);
        var latin1 = await ImportAsync(client, latin1Source, Encoding.Latin1.GetBytes(csv));

        Assert.Equal("Failed", latin1.GetProperty("state").GetString());
        Assert.StartsWith("Line 16: the file is not UTF-8", latin1.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        // The rows before the line are in; nothing after it.
        Assert.Equal(14, await StoredAsync(latin1Source));
    }

    [Fact]
    public async Task A_file_of_bad_rows_stops_after_the_first_thousand()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var source = Source();
        var csv = ImportFiles.Csv(Places.Next(), 1500, i => $"r{i},Dealing,north,east,yesterday,,1,Internal,");

        var job = await ImportAsync(client, source, csv);

        Assert.Equal("Failed", job.GetProperty("state").GetString());
        Assert.Equal(1000, Count(job, "rowsRead"));
        Assert.Equal(1000, Count(job, "refused"));
        Assert.Contains("first 1,000 rows were all refused", job.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await StoredAsync(source));
    }

    [Fact]
    public async Task A_file_cut_off_in_a_row_keeps_the_complete_rows_and_refuses_the_cut_one()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var source = Source();
        var csv = ImportFiles.Csv(Places.Next(), 40);
        var cut = csv[..(csv.TrimEnd('\n').LastIndexOf('\n') + 12)];

        var job = await ImportAsync(client, source, cut);

        Assert.Equal("Completed", job.GetProperty("state").GetString());
        Assert.Equal(39, Count(job, "stored"));
        Assert.Equal(1, Count(job, "refused"));
        var refusal = (await RefusalsAsync(client, Count(job, "id")))[1];
        Assert.StartsWith("41,", refusal, StringComparison.Ordinal);
        Assert.Contains("cut off", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_text_is_stored_as_text_or_refused_and_never_runs()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var source = Source();
        var place = Places.Next();
        var csv = ImportFiles.Header + "\n"
            + ImportFiles.Row(place, 0, text: "\"<script>alert(1)</script>, sa hon\"") + "\n"
            + ImportFiles.Row(place, 1, text: "'); DROP TABLE \"Observations\"; --") + "\n"
            + ImportFiles.Row(place, 2, text: "bell\u0007 and \u202Eoverride") + "\n"
            + ImportFiles.Row(place, 3).Replace("r3,", "\"=HYPERLINK(\"\"http://x\"\")\",", StringComparison.Ordinal).Replace(",Internal,", ",Top\u0000Secret,", StringComparison.Ordinal) + "\n";

        var job = await ImportAsync(client, source, csv);

        Assert.Equal(2, Count(job, "stored"));
        var texts = await app.QueryAsync(db => db.Observations.Where(o => o.ImportSource == source).OrderBy(o => o.SourceId).Select(o => o.Text).ToListAsync());
        Assert.Equal(["<script>alert(1)</script>, sa hon", "'); DROP TABLE \"Observations\"; --"], texts);
        var refusals = await RefusalsAsync(client, Count(job, "id"));
        Assert.StartsWith("4,text,text contains control characters", refusals[1], StringComparison.Ordinal);
        // A refusal that quotes a cell is not a formula in a spreadsheet, and shows no control character.
        Assert.DoesNotContain(refusals, line => line.Contains('\u0000', StringComparison.Ordinal));
        Assert.Contains(refusals, line => line.StartsWith("5,classification,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Who_may_not_import_is_refused_and_another_users_import_does_not_exist_for_them()
    {
        var csv = Encoding.UTF8.GetBytes(ImportFiles.Csv(Places.Next(), 3));
        foreach (var role in new[] { Role.SchoolStaff, Role.SchoolManager, Role.Guard, Role.ControlRoom, Role.Admin, Role.SocialServices, Role.DataProtection, Role.Partner })
        {
            using var other = app.ClientFor(role);
            using var refused = await PostAsync(other, Source(), csv);
            await refused.ExpectProblemAsync(HttpStatusCode.Forbidden);
        }
        using var coordinator = app.ClientFor(Role.Coordinator);
        var job = await ImportAsync(coordinator, Source(), csv);
        var id = Count(job, "id");
        using var police = app.ClientFor(Role.Police);
        await police.GetJsonAsync($"/api/imports/{id}", HttpStatusCode.NotFound);
        using (var refusals = await police.GetAsync($"/api/imports/{id}/refusals"))
            Assert.Equal(HttpStatusCode.NotFound, refusals.StatusCode);
        foreach (var action in new[] { "cancel", "resume" })
        {
            using var response = await police.PostAsync($"/api/imports/{id}/{action}", null);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        Assert.DoesNotContain(id, (await police.GetJsonAsync("/api/imports")).EnumerateArray().Select(j => Count(j, "id")));
    }

    [Fact]
    public async Task Each_row_must_be_of_a_tier_the_importer_may_write()
    {
        var place = Places.Next();
        var csv = ImportFiles.Header + "\n" + ImportFiles.Row(place, 0, "Restricted") + "\n" + ImportFiles.Row(place, 1, "Internal") + "\n";
        using var analyst = app.ClientFor(Role.Analyst);
        var refused = await ImportAsync(analyst, Source(), csv);
        Assert.Equal(1, Count(refused, "stored"));
        Assert.StartsWith("2,classification,You may not record Restricted", (await RefusalsAsync(analyst, Count(refused, "id")))[1], StringComparison.Ordinal);

        using var police = app.ClientFor(Role.Police);
        var source = Source();
        var stored = await ImportAsync(police, source, csv);
        Assert.Equal(2, Count(stored, "stored"));
        // The Restricted rows written in bulk are in the police's audit log, by count.
        var audited = await app.QueryAsync(db => db.AuditEntries.Where(a => a.Action == "import" && a.Entity == "Observation" && a.Detail!.Contains(source)).ToListAsync());
        Assert.Equal(1, Assert.Single(audited).Count);
    }

    [Fact]
    public async Task Bad_requests_name_the_field_and_a_retry_with_the_same_key_answers_the_first_job()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var csv = Encoding.UTF8.GetBytes(ImportFiles.Csv(Places.Next(), 3));
        foreach (var source in new[] { "", new string('s', 101), "bell\u0007" })
        {
            using var response = await PostAsync(client, source, csv);
            await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "source");
        }
        using (var tooLong = await PostAsync(client, Source(), csv, key: new string('k', 201)))
            await tooLong.ExpectProblemAsync(HttpStatusCode.BadRequest, "Idempotency-Key");
        using (var noFile = new HttpRequestMessage(HttpMethod.Post, $"/api/observations/import?source={Source()}") { Content = new MultipartFormDataContent { { new StringContent("x"), "other" } } })
        using (var response = await client.SendAsync(noFile))
            await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "file");

        var key = Guid.NewGuid().ToString();
        var keySource = Source();
        using var first = await PostAsync(client, keySource, csv, key);
        using var retry = await PostAsync(client, keySource, csv, key);
        var id = Count(await first.ExpectAsync(HttpStatusCode.Accepted), "id");
        Assert.Equal(id, Count(await retry.ExpectAsync(HttpStatusCode.Accepted), "id"));
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        using var reused = await PostAsync(client, Source(), csv, key);
        await reused.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        await EndedAsync(client, id);
        Assert.Equal(3, await StoredAsync(keySource));
    }

    [Fact]
    public async Task A_queued_import_can_be_cancelled_and_resumed_and_an_ended_one_cannot()
    {
        using var client = app.ClientFor(Role.Coordinator);
        var source = Source();
        var id = await JobAsync(source, ImportFiles.Csv(Places.Next(), 30), ImportState.Queued, Role.Coordinator);

        var cancelled = await (await client.PostAsync($"/api/imports/{id}/cancel", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Cancelled", cancelled.GetProperty("state").GetString());
        using (var again = await client.PostAsync($"/api/imports/{id}/cancel", null))
            await again.ExpectProblemAsync(HttpStatusCode.Conflict, "state");
        var resumed = await (await client.PostAsync($"/api/imports/{id}/resume", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Queued", resumed.GetProperty("state").GetString());

        var ended = await EndedAsync(client, id);
        Assert.Equal("Completed", ended.GetProperty("state").GetString());
        Assert.Equal(30, await StoredAsync(source));
        using (var late = await client.PostAsync($"/api/imports/{id}/resume", null))
            await late.ExpectProblemAsync(HttpStatusCode.Conflict, "state");
        var actions = await app.QueryAsync(db => db.AuditEntries.Where(a => a.Entity == "ImportJob" && a.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Select(a => a.Action).Distinct().ToListAsync());
        Assert.Superset(new HashSet<string> { "cancel", "resume", "read" }, actions.ToHashSet());
    }

    /// <summary>A job as a stopped server leaves it: its file in the data folder and its row in the given state.</summary>
    private async Task<long> JobAsync(string source, string csv, ImportState state, Role role, long lineReached = 0)
    {
        var folder = Path.Combine(app.DataDirectory, "imports");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, csv);
        return await app.QueryAsync(async db =>
        {
            var job = new ImportJob
            {
                CreatedById = app.UserIds[role],
                CreatedByName = role.ToString(),
                Source = source,
                FileName = "left.csv",
                Path = path,
                SizeBytes = new FileInfo(path).Length,
                State = state,
                LineReached = lineReached,
                CreatedAt = LagesbildFactory.Now,
            };
            db.ImportJobs.Add(job);
            await db.SaveChangesAsync();
            return job.Id;
        });
    }
}

public sealed class ObservationImportOnSqlite(SqliteLagesbild app) : ObservationImportTests<SqliteLagesbild>(app);

public sealed class ObservationImportOnPostgres(PostgresLagesbild app) : ObservationImportTests<PostgresLagesbild>(app);
