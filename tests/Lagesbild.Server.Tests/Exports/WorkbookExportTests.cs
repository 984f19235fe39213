using System.Globalization;
using System.Net;
using System.Text;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Exports;

/// <summary>The workbooks for analysts: the weekly report's tables, the measure register and the indicator series, read back with ExcelDataReader.</summary>
public abstract class WorkbookExportTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    // Wednesday of 2026-W47, the last complete week on the test clock.
    private static readonly DateTimeOffset Wednesday = new(2026, 11, 18, 19, 0, 0, TimeSpan.Zero);

    private static async Task<byte[]> WorkbookAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(Xlsx, response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<(Place Place, long Scene)> SeedWeekAsync()
    {
        using var police = app.ClientFor(Role.Police);
        var place = Places.Next();
        var scene = (await police.PostSceneAsync(place.Square(), "Active", new DateTimeOffset(2026, 9, 1, 12, 0, 0, TimeSpan.Zero), $"Arbetsboksscen {Api.UniqueLetters()[..6]}")).Id();
        await police.ChangeStatusAsync(scene, "Declining", Wednesday);
        for (var i = 0; i < 3; i++)
            await police.PostObservationAsync(ObservationBody.At(place, Wednesday.AddMinutes(i)));
        await police.PostObservationAsync(ObservationBody.At(place, Wednesday.AddMinutes(5), classification: "Restricted"));
        await police.PostObservationAsync(ObservationBody.At(place, Wednesday.AddDays(-7)));
        await police.PostJsonAsync("/api/measures", new { kind = "Lighting", title = "Belysning i veckan", sceneId = scene, startsOn = "2026-11-17", cost = 90_000 }, HttpStatusCode.Created);
        return (place, scene);
    }

    [Theory]
    [InlineData(Role.Police)]
    [InlineData(Role.Analyst)]
    public async Task The_weekly_workbook_holds_the_numbers_of_the_CSV_one_sheet_per_table(Role role)
    {
        var (_, scene) = await SeedWeekAsync();
        using var client = app.ClientFor(role);
        var workbook = await WorkbookAsync(client, "/api/reports/weekly?week=2026-W47&format=xlsx");
        var csv = await client.GetStringAsync("/api/reports/weekly?week=2026-W47&format=csv");

        var lines = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).Select(Fields).ToList();
        var sections = lines.Select(l => l[2]).Distinct().ToList();
        var sheets = ExportFiles.Sheets(workbook);
        // The first sheet says what the report is; then one sheet per table, in the order of the page and the CSV.
        Assert.Equal(11, sheets.Count);
        Assert.Equal("Om rapporten", sheets[0].Name);
        Assert.Contains(sheets[0].Rows, r => r[0] is string text && text.Contains("2026-W47", StringComparison.Ordinal));
        var tableIds = new[] { "summary", "scene_changes", "observations", "time_of_week", "round_findings", "alarm_outcomes", "measures_started", "measures_ended", "candidates", "open_actions" };
        Assert.Equal(tableIds.Where(sections.Contains), sections);
        var compared = 0;
        foreach (var section in sections)
        {
            var sheet = sheets[1 + Array.IndexOf(tableIds, section)];
            var inSection = lines.Where(l => l[2] == section).ToList();
            var items = inSection.Select(l => l[3]).Distinct().ToList();
            var columns = inSection.Select(l => l[4]).Distinct().ToList();
            Assert.Equal(items.Count, sheet.Rows.Count - 1);
            foreach (var line in inSection)
            {
                var cell = sheet.Rows[1 + items.IndexOf(line[3])][columns.IndexOf(line[4])];
                if (double.TryParse(line[5], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && line[4] != "position")
                {
                    Assert.True(cell is double, $"{section}/{line[3]}/{line[4]}: {cell} is not a number");
                    Assert.Equal(number, (double)cell!, 9);
                    compared++;
                }
            }
        }
        Assert.True(compared > 20, $"only {compared} numbers compared");

        // Dates are dates: the scene's change, in Stockholm time, and the measure's start.
        var changes = sheets[2].Rows;
        var when = changes[0].ToList().IndexOf("När");
        Assert.Contains(changes.Skip(1), r => r[when] is DateTime at && at == new DateTime(2026, 11, 18, 20, 0, 0));
        var started = sheets[7].Rows;
        Assert.Contains(started.Skip(1), r => r.Contains(new DateTime(2026, 11, 17)) && r.Contains(90_000d));
        Assert.Contains("Aktiva scener när veckan slutade", sheets[1].Rows.Select(r => r[0] as string));
        _ = scene;
    }

    [Fact]
    public async Task The_weekly_workbook_holds_no_Restricted_count_for_a_reader_who_may_not_count_them_and_is_audited()
    {
        await SeedWeekAsync();
        using var police = app.ClientFor(Role.Police);
        using var analyst = app.ClientFor(Role.Analyst);
        var polices = ExportFiles.Sheets(await WorkbookAsync(police, "/api/reports/weekly?week=2026-W47&format=xlsx"));
        var analysts = ExportFiles.Sheets(await WorkbookAsync(analyst, "/api/reports/weekly?week=2026-W47&format=xlsx"));
        double Observations(List<(string Name, List<object?[]> Rows)> sheets) => sheets[1].Rows.Single(r => r[0] as string == "Iakttagelser under veckan").Skip(1).OfType<double>().Single();
        Assert.Equal(Observations(analysts) + await RestrictedInWeekAsync(), Observations(polices));

        var entries = await app.QueryAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == "export" && e.Entity == "WeeklyReport" && e.UserId == app.UserIds[Role.Analyst]).ToListAsync());
        Assert.Contains(entries, e => e.EntityId == "2026-W47" && e.Detail!.Contains("without Restricted", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("pdf")]
    public async Task The_weekly_reports_csv_and_pdf_downloads_are_audited_as_the_workbook_is(string format)
    {
        using var analyst = app.ClientFor(Role.Analyst);
        using var response = await analyst.GetAsync($"/api/reports/weekly?week=2026-W46&format={format}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());

        var entries = await app.QueryAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == "export" && e.Entity == "WeeklyReport" && e.UserId == app.UserIds[Role.Analyst] && e.EntityId == "2026-W46").ToListAsync());
        Assert.Contains(entries, e => e.Detail!.StartsWith($"lagesbild-2026-W46.{format}: the whole municipality, without Restricted", StringComparison.Ordinal));
    }

    private Task<int> RestrictedInWeekAsync() => app.QueryAsync(db => db.Observations.CountAsync(o =>
        o.Classification == Core.Observations.Classification.Restricted && o.WithdrawnAt == null
        && o.OccurredFrom >= new DateTimeOffset(2026, 11, 15, 23, 0, 0, TimeSpan.Zero) && o.OccurredFrom < new DateTimeOffset(2026, 11, 22, 23, 0, 0, TimeSpan.Zero)));

    [Theory]
    [InlineData(Role.SchoolStaff)]
    [InlineData(Role.Guard)]
    public async Task Roles_without_the_weekly_report_get_no_workbook(Role role)
    {
        using var client = app.ClientFor(role);
        using var response = await client.GetAsync("/api/reports/weekly?format=xlsx");
        await response.ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_measure_register_workbook_holds_the_APIs_measures_with_numbers_dates_and_text_that_stays_text()
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        var place = Places.Next();
        var scene = (await coordinator.PostSceneAsync(place.Square(), "Active", LagesbildFactory.Now.AddDays(-30))).Id();
        const string Hostile = "=HYPERLINK(\"http://example.invalid\",\"klicka\") <script>alert(1)</script>";
        var measure = (await coordinator.PostJsonAsync("/api/measures", new { kind = "Camera", title = Hostile, sceneId = scene, startsOn = "2026-11-02", endsOn = "2026-12-31", cost = 123_456 }, HttpStatusCode.Created)).Id();
        await coordinator.PostJsonAsync("/api/measures", new { kind = "Outreach", title = "Uppsökande", sceneId = scene, startsOn = "2026-10-01" }, HttpStatusCode.Created);

        using var analyst = app.ClientFor(Role.Analyst);
        var bytes = await WorkbookAsync(analyst, $"/api/measures.xlsx?scene={scene}");
        var listed = (await analyst.GetJsonAsync($"/api/measures?scene={scene}")).Features().ToList();
        var sheet = Assert.Single(ExportFiles.Sheets(bytes));
        Assert.Equal("Åtgärder", sheet.Name);
        var headers = sheet.Rows[0].Cast<string>().ToList();
        Assert.Equal(listed.Count, sheet.Rows.Count - 1);
        Assert.Equal(listed.Select(f => (double)f.Id()), sheet.Rows.Skip(1).Select(r => (double)r[headers.IndexOf("Id")]!));
        var row = sheet.Rows.Single(r => r[headers.IndexOf("Id")] is double id && id == measure);
        Assert.Equal(Hostile, row[headers.IndexOf("Åtgärd")]);
        Assert.Equal("Kamera", row[headers.IndexOf("Typ")]);
        Assert.Equal(123_456d, row[headers.IndexOf("Kostnad (kr)")]);
        Assert.Equal(new DateTime(2026, 11, 2), row[headers.IndexOf("Start")]);
        Assert.Equal(new DateTime(2026, 12, 31), row[headers.IndexOf("Slut")]);
        Assert.False(ExportFiles.HasFormula(bytes));

        using var bad = await analyst.GetAsync("/api/measures.xlsx?status=Planned,<script>");
        await bad.ExpectProblemAsync(HttpStatusCode.BadRequest, "status");
        Assert.Contains(await app.QueryAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Action == "export" && e.Entity == "Measure" && e.UserId == app.UserIds[Role.Analyst]).ToListAsync()),
            e => e.Count == listed.Count && e.Route!.Contains($"scene={scene}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_indicator_workbook_holds_the_series_and_the_active_scenes_of_the_API()
    {
        using var analyst = app.ClientFor(Role.Analyst);
        var name = $"Oro för brott {Api.UniqueLetters()[..8]}";
        using var imported = await analyst.PostAsync("/api/indicators/import", new StringContent($"""
            indicator,area,period,value,n,source,provenance
            {name},Stockholm,2020,9,"4 210",Trygghetsmätningen 2020,published
            {name},Järva,2019-2020,"14,5",812,Egen enkät,survey
            """, Encoding.UTF8, "text/csv"));
        await imported.ExpectAsync(HttpStatusCode.OK);

        var bytes = await WorkbookAsync(analyst, $"/api/indicators/series.xlsx?name={Uri.EscapeDataString(name)}");
        var sheets = ExportFiles.Sheets(bytes);
        Assert.Equal(["Aktiva scener", "Enkätindikatorer"], sheets.Select(s => s.Name));

        var active = await analyst.GetJsonAsync("/api/indicators/active-scenes");
        var points = active.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(points.Count, sheets[0].Rows.Count - 1);
        for (var i = 0; i < points.Count; i++)
        {
            Assert.Equal(DateTime.Parse(points[i].GetProperty("at").GetString()!, CultureInfo.InvariantCulture), sheets[0].Rows[i + 1][0]);
            Assert.Equal((double)points[i].GetProperty("count").GetInt32(), sheets[0].Rows[i + 1][1]);
        }

        var series = await analyst.GetJsonAsync($"/api/indicators/series?name={Uri.EscapeDataString(name)}");
        var expected = series.EnumerateArray().SelectMany(s => s.GetProperty("points").EnumerateArray()
            .Select(p => (s.GetProperty("area").GetString(), p.GetProperty("value").GetDouble(), p.GetProperty("n").GetInt32()))).ToList();
        var headers = sheets[1].Rows[0].Cast<string>().ToList();
        Assert.Equal(expected, sheets[1].Rows.Skip(1).Select(r => ((string?)r[headers.IndexOf("Område")], (double)r[headers.IndexOf("Värde")]!, (int)(double)r[headers.IndexOf("n")]!)));
        Assert.Equal([9, 14.5], expected.Select(e => e.Item2).Order().ToArray());
        Assert.Contains(sheets[1].Rows, r => r.Contains("Stadsdelsområde") && r.Contains("Egen mätning"));

        using var bad = await analyst.GetAsync("/api/indicators/series.xlsx?area=%3Cscript%3E");
        await bad.ExpectProblemAsync(HttpStatusCode.BadRequest, "area");
    }

    /// <summary>A CSV line's fields (the weekly CSV quotes fields with commas or quotes).</summary>
    private static string[] Fields(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                current.Append('"');
                i++;
            }
            else if (c == '"')
                quoted = !quoted;
            else if (c == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else if (c != '\r')
                current.Append(c);
        }
        fields.Add(current.ToString());
        return [.. fields];
    }
}

public sealed class WorkbookExportOnSqlite(SqliteLagesbild app) : WorkbookExportTests<SqliteLagesbild>(app);

public sealed class WorkbookExportOnPostgres(PostgresLagesbild app) : WorkbookExportTests<PostgresLagesbild>(app);
