using System.Net;
using System.Text;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Server.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace Lagesbild.Server.Tests.Reports;

/// <summary>GET /api/reports/weekly: the weekly lägesbild as a page, a PDF, CSV and JSON.</summary>
public abstract class WeeklyReportTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    // The test clock stands at Friday 2026-11-27, in week 48: the last complete week, and the default, is 2026-W47 (16–22 November).
    private static readonly DateTimeOffset Wednesday = new(2026, 11, 18, 19, 0, 0, TimeSpan.Zero); // 20:00 in Stockholm

    private static readonly SemaphoreSlim Seeded = new(1, 1);
    private static readonly Dictionary<LagesbildFactory, (long Scene, string SceneName)> SeededFor = [];

    /// <summary>Week 47 and the four weeks before it, once per database: a scene that began declining, dealing
    /// (three visible, two restricted) against a steady two a week before, and a measure that started.</summary>
    private async Task<(long Scene, string SceneName)> SeedAsync()
    {
        await Seeded.WaitAsync();
        try
        {
            if (SeededFor.TryGetValue(app, out var seeded))
                return seeded;
            using var police = app.ClientFor(Role.Police);
            var place = Places.Next();
            var name = $"Rapportscen {Api.UniqueLetters()[..6]}";
            var scene = await police.PostSceneAsync(place.Square(), "Active", new DateTimeOffset(2026, 9, 1, 12, 0, 0, TimeSpan.Zero), name);
            await police.ChangeStatusAsync(scene.Id(), "Declining", Wednesday);
            for (var i = 0; i < 3; i++)
                await police.PostObservationAsync(ObservationBody.At(place, Wednesday.AddMinutes(i)));
            for (var i = 0; i < 2; i++)
                await police.PostObservationAsync(ObservationBody.At(place, Wednesday.AddMinutes(10 + i), classification: "Restricted"));
            for (var week = 1; week <= 4; week++)
            {
                for (var i = 0; i < 2; i++)
                    await police.PostObservationAsync(ObservationBody.At(place, Wednesday.AddDays(-7 * week).AddMinutes(i)));
            }
            await police.PostJsonAsync("/api/measures", new { kind = "Lighting", title = "Belysning vid rapportscenen", sceneId = scene.Id(), startsOn = "2026-11-17", cost = 90_000 }, HttpStatusCode.Created);
            // A guard's night alarm at a school near the scene, resolved as a false alarm.
            var site = await app.SiteAsync(Places.Next(), await app.HomeOrganisationAsync());
            await app.QueryAsync(async db =>
            {
                db.Alarms.Add(new Lagesbild.Data.Alarm
                {
                    SiteId = (int)site.Id(),
                    Status = Lagesbild.Core.Alarms.AlarmStatus.Resolved,
                    OpenedAt = Wednesday.AddHours(6),
                    LastEventAt = Wednesday.AddHours(6),
                    EventCount = 1,
                    Outcome = Lagesbild.Core.Alarms.AlarmOutcome.FalseAlarm,
                    ResolvedAt = Wednesday.AddHours(7),
                });
                return await db.SaveChangesAsync();
            });
            SeededFor[app] = (scene.Id(), name);
            return SeededFor[app];
        }
        finally
        {
            Seeded.Release();
        }
    }

    private static int Value(JsonElement rows, string category, string field) =>
        rows.EnumerateArray().Single(r => r.GetProperty("key").GetString() == category).GetProperty(field).GetInt32();

    [Fact]
    public async Task The_last_complete_week_holds_the_scene_change_the_observations_against_four_weeks_and_the_measure()
    {
        var (scene, name) = await SeedAsync();
        using var coordinator = app.ClientFor(Role.Coordinator);

        var report = await coordinator.GetJsonAsync("/api/reports/weekly?format=json");

        Assert.Equal("2026-W47", report.GetProperty("week").GetString());
        Assert.Equal("2026-11-15T23:00:00+00:00", report.GetProperty("from").GetString());
        Assert.Equal("2026-11-22T23:00:00+00:00", report.GetProperty("to").GetString());
        var change = Assert.Single(report.GetProperty("sceneChanges").EnumerateArray(), c => c.GetProperty("sceneId").GetInt64() == scene);
        Assert.Equal("Active", change.GetProperty("from").GetString());
        Assert.Equal("Declining", change.GetProperty("to").GetString());
        var observations = report.GetProperty("observations");
        Assert.Equal(3, Value(observations, "Dealing", "thisWeek"));
        Assert.Equal(2.0, observations.EnumerateArray().Single(r => r.GetProperty("key").GetString() == "Dealing").GetProperty("previousAverage").GetDouble());
        // Wednesday evening (index 2, 18–24) holds this week's three.
        Assert.Equal(3, report.GetProperty("timeOfWeek")[2].GetProperty("evening").GetInt32());
        Assert.Contains(report.GetProperty("measuresStarted").EnumerateArray(), m => m.GetProperty("title").GetString() == "Belysning vid rapportscenen");
        Assert.False(report.GetProperty("includesRestricted").GetBoolean());
        Assert.Contains(report.GetProperty("openActions").EnumerateArray(), a => a.GetProperty("measures").EnumerateArray().Any(m => m.GetProperty("title").GetString() == "Belysning vid rapportscenen"));

        Assert.True(report.GetProperty("includesAlarms").GetBoolean());
        Assert.Equal(1, report.GetProperty("alarms").GetProperty("raised").GetInt32());
        Assert.Equal(1, Value(report.GetProperty("alarmOutcomes"), "FalseAlarm", "thisWeek"));

        using var police = app.ClientFor(Role.Police);
        var forPolice = await police.GetJsonAsync("/api/reports/weekly?week=2026-W47&format=json");
        Assert.Equal(5, Value(forPolice.GetProperty("observations"), "Dealing", "thisWeek"));
        Assert.True(forPolice.GetProperty("includesRestricted").GetBoolean());
        Assert.Contains(name, WebUtility.HtmlDecode(await coordinator.GetStringAsync("/api/reports/weekly?week=2026-W47")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Role.Analyst)]
    [InlineData(Role.SocialServices)]
    public async Task Those_who_see_no_alarms_get_a_report_without_them(Role role)
    {
        await SeedAsync();
        using var client = app.ClientFor(role);

        var report = await client.GetJsonAsync("/api/reports/weekly?week=2026-W47&format=json");
        var csv = Encoding.UTF8.GetString(await client.GetByteArrayAsync("/api/reports/weekly?week=2026-W47&format=csv"));

        Assert.False(report.GetProperty("includesAlarms").GetBoolean());
        Assert.Equal(0, report.GetProperty("alarms").GetProperty("raised").GetInt32());
        Assert.Empty(report.GetProperty("alarmOutcomes").EnumerateArray());
        Assert.All(report.GetProperty("openActions").EnumerateArray(), a => Assert.Equal(0, a.GetProperty("openAlarms").GetInt32()));
        Assert.DoesNotContain("alarms_raised", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("FalseAlarm", csv, StringComparison.Ordinal);
        Assert.Equal(3, Value(report.GetProperty("observations"), "Dealing", "thisWeek"));
    }

    [Fact]
    public async Task The_page_is_printable_html_and_a_coordinator_sees_no_restricted_count()
    {
        await SeedAsync();
        using var coordinator = app.ClientFor(Role.Coordinator);
        using var police = app.ClientFor(Role.Police);

        using var response = await coordinator.GetAsync("/api/reports/weekly?week=2026-W47");
        // The page encodes letters beyond ASCII as character references, as Razor does.
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var policeHtml = WebUtility.HtmlDecode(await police.GetStringAsync("/api/reports/weekly?week=2026-W47"));

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>Veckans lägesbild 2026-W47 – Hela staden</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Uppgifter klassade Begränsad ingår inte", html, StringComparison.Ordinal);
        Assert.Contains("format=pdf", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Försäljning</th>", html, StringComparison.Ordinal);
        Assert.Contains("Innehåller uppgifter klassade Begränsad", policeHtml, StringComparison.Ordinal);
        var english = WebUtility.HtmlDecode(await coordinator.GetStringAsync("/api/reports/weekly?week=2026-W47&culture=en"));
        Assert.Contains("Weekly situation report 2026-W47 – The whole city", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pdf_says_what_the_page_says()
    {
        var (_, name) = await SeedAsync();
        using var coordinator = app.ClientFor(Role.Coordinator);

        using var response = await coordinator.GetAsync("/api/reports/weekly?week=2026-W47&format=pdf");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("lagesbild-2026-W47.pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        using var pdf = PdfDocument.Open(bytes);
        var text = string.Join("\n", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        Assert.Contains("Veckans lägesbild 2026-W47", text, StringComparison.Ordinal);
        Assert.Contains("Scener som bytte status", text, StringComparison.Ordinal);
        Assert.Contains(name.Split(' ')[1], text, StringComparison.Ordinal);
        Assert.Contains("Belysning vid rapportscenen", text, StringComparison.Ordinal);
        Assert.Contains("ingår inte i denna rapport", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_csv_is_long_form_data()
    {
        await SeedAsync();
        using var coordinator = app.ClientFor(Role.Coordinator);

        var bytes = await coordinator.GetByteArrayAsync("/api/reports/weekly?week=2026-W47&format=csv");
        var lines = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

        Assert.Equal("week,area,section,item,column,value", lines[0]);
        Assert.Equal("2026-W47,Stockholm,report,classification,includes_restricted,false", lines[1]);
        Assert.Contains("2026-W47,Stockholm,observations,Dealing,this_week,3", lines);
        Assert.Contains("2026-W47,Stockholm,observations,Dealing,previous_average,2", lines);
        Assert.Contains(lines, l => l.StartsWith("2026-W47,Stockholm,scene_changes,scene-", StringComparison.Ordinal) && l.EndsWith(",to,Declining", StringComparison.Ordinal));
        // Each value once: section, item and column name it, so that a spreadsheet can pivot the file.
        var keys = lines.Skip(1).Select(l => string.Join(',', l.Split(',').Take(5))).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public async Task A_district_report_leaves_out_the_rest_of_the_city()
    {
        using var police = app.ClientFor(Role.Police);
        var rinkeby = await app.QueryAsync(db => Task.FromResult(db.Districts.Single(d => d.Name == "Rinkeby").Id));
        var monday = new DateTimeOffset(2026, 9, 28, 10, 0, 0, TimeSpan.Zero); // week 40
        var (lon, lat) = Places.Rinkeby.At();
        await police.PostObservationAsync(new ObservationBody("Use", lat, lon, monday));
        await police.PostObservationAsync(ObservationBody.At(Places.Sodermalm, monday, "Use"));

        var district = await police.GetJsonAsync($"/api/reports/weekly?week=2026-W40&district={rinkeby}&format=json");
        var city = await police.GetJsonAsync("/api/reports/weekly?week=2026-W40&format=json");

        Assert.Equal("Rinkeby", district.GetProperty("area").GetString());
        Assert.Equal(1, Value(district.GetProperty("observations"), "Use", "thisWeek"));
        Assert.Equal(2, Value(city.GetProperty("observations"), "Use", "thisWeek"));
    }

    [Fact]
    public async Task Weeks_with_a_clock_change_have_23_or_25_hours_on_their_sunday()
    {
        using var police = app.ClientFor(Role.Police);
        // Sunday 29 March 2026, 23:30 in Stockholm (summer time began that night): still week 13, Sunday evening.
        await police.PostObservationAsync(ObservationBody.At(Places.Next(), new DateTimeOffset(2026, 3, 29, 21, 30, 0, TimeSpan.Zero), "Gathering"));

        var spring = await police.GetJsonAsync("/api/reports/weekly?week=2026-W13&format=json");
        var autumn = await police.GetJsonAsync("/api/reports/weekly?week=2026-W43&format=json");

        Assert.Equal(167, (DateTimeOffset.Parse(spring.GetProperty("to").GetString()!, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.Parse(spring.GetProperty("from").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).TotalHours);
        Assert.Equal(169, (DateTimeOffset.Parse(autumn.GetProperty("to").GetString()!, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.Parse(autumn.GetProperty("from").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).TotalHours);
        Assert.Equal(1, spring.GetProperty("timeOfWeek")[6].GetProperty("evening").GetInt32());
    }

    [Theory]
    [InlineData("week=2026-W54", "week")]
    [InlineData("week=2026-47", "week")]
    [InlineData("week=%3Cscript%3E", "week")]
    [InlineData("week=2026-W47&format=docx", "format")]
    [InlineData("week=2026-W47&district=1%3BDROP%20TABLE", "district")]
    [InlineData("week=2026-W47&district=999999", "district")]
    public async Task Bad_questions_are_refused_naming_the_field(string query, string field)
    {
        using var client = app.ClientFor(Role.Coordinator);
        using var response = await client.GetAsync($"/api/reports/weekly?{query}");
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData(Role.Guard)]
    [InlineData(Role.SchoolStaff)]
    [InlineData(Role.SchoolManager)]
    [InlineData(Role.ControlRoom)]
    public async Task Schools_and_guards_do_not_get_the_report(Role role)
    {
        using var client = app.ClientFor(role);
        foreach (var format in new[] { "html", "pdf", "csv", "json" })
        {
            using var response = await client.GetAsync($"/api/reports/weekly?week=2026-W47&format={format}");
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }
}

public sealed class WeeklyReportOnSqlite(SqliteLagesbild app) : WeeklyReportTests<SqliteLagesbild>(app);

public sealed class WeeklyReportOnPostgres(PostgresLagesbild app) : WeeklyReportTests<PostgresLagesbild>(app);
