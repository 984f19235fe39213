using System.Globalization;
using System.Net;
using System.Text.Json;
using Lagesbild.Core.Access;
using Lagesbild.Core.Alarms;
using Lagesbild.Data;
using Lagesbild.Server.Features.Alarms;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Tests.Exports;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Tests.Alarms;

/// <summary>
/// The security manager's alarm statistics and the console's history of the shift, on alarms stored with their
/// timelines. Each test has guard companies of its own, so that the figures are its own alarms'.
/// </summary>
public abstract class AlarmStatsTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    private static int _places = -1;

    private static Place NextPlace() => new(18.0700 + (Interlocked.Increment(ref _places) % 30 * 0.0015), 59.3120);

    private async Task<(int Site, string Name)> SiteAsync()
    {
        var site = await app.SiteAsync(NextPlace(), await app.HomeOrganisationAsync(), kind: "School");
        return ((int)site.Id(), site.Props().GetProperty("name").GetString()!);
    }

    private Task<long> AlarmAsync(int site, int? company, DateTimeOffset opened, AlarmStatus status, AlarmOutcome? outcome, int? acknowledge, int? arrive,
        bool escalated = false, DateTimeOffset? closed = null) => app.QueryAsync(async db =>
    {
        var alarm = new Alarm
        {
            SiteId = site,
            Status = status,
            OpenedAt = opened,
            LastEventAt = opened,
            EventCount = 1,
            GuardOrganisationId = company,
            Outcome = outcome,
            ResolvedAt = AlarmRules.IsOpen(status) ? null : closed ?? opened.AddHours(1),
            AssignedName = "Vera Väktare",
        };
        alarm.Timeline.Add(AlarmDispatcher.Entry(opened, AlarmTimeline.Opened, null, "Kamera", null));
        if (escalated) // the timeline says so; the level is back at 0 after a release
            alarm.Timeline.Add(AlarmDispatcher.Entry(opened.AddSeconds(61), AlarmTimeline.Escalated, null, "Lägesbild", "Larmcentralen"));
        if (acknowledge is { } a)
            alarm.Timeline.Add(AlarmDispatcher.Entry(opened.AddSeconds(a), AlarmTimeline.Acknowledged, null, "Vera Väktare", null));
        if (arrive is { } r)
            alarm.Timeline.Add(AlarmDispatcher.Entry(opened.AddSeconds(r), AlarmTimeline.OnSite, null, "Vera Väktare", null));
        db.Alarms.Add(alarm);
        await db.SaveChangesAsync();
        return alarm.Id;
    });

    /// <summary>
    /// March and April 2026 (summer time from 29 March) at two sites for one company, and an alarm of another
    /// company: the figures of the core's hand-computed example.
    /// </summary>
    private async Task<(int Company, int Other, (int Id, string Name) First, (int Id, string Name) Second)> SeedAsync()
    {
        var company = await app.OrganisationAsync("Bevakning A", "GuardCompany");
        var other = await app.OrganisationAsync("Bevakning B", "GuardCompany");
        var first = await SiteAsync();
        var second = await SiteAsync();
        await AlarmAsync(first.Site, company, new(2026, 3, 10, 1, 0, 0, TimeSpan.Zero), AlarmStatus.Resolved, AlarmOutcome.FalseAlarm, 30, 600);
        await AlarmAsync(first.Site, company, new(2026, 3, 12, 1, 0, 0, TimeSpan.Zero), AlarmStatus.Resolved, AlarmOutcome.PeopleMovedOn, 90, 900, escalated: true);
        await AlarmAsync(second.Site, company, new(2026, 3, 31, 22, 30, 0, TimeSpan.Zero), AlarmStatus.Resolved, AlarmOutcome.FalseAlarm, 60, null); // 1 April, 00:30
        await AlarmAsync(second.Site, company, new(2026, 2, 28, 23, 30, 0, TimeSpan.Zero), AlarmStatus.Cancelled, null, null, null); // 1 March, 00:30
        await AlarmAsync(first.Site, company, new(2026, 4, 15, 1, 0, 0, TimeSpan.Zero), AlarmStatus.Acknowledged, null, 120, null);
        await AlarmAsync(first.Site, company, new(2026, 2, 28, 22, 30, 0, TimeSpan.Zero), AlarmStatus.Resolved, AlarmOutcome.FalseAlarm, 10, 20); // 28 February: outside
        await AlarmAsync(first.Site, other, new(2026, 3, 20, 1, 0, 0, TimeSpan.Zero), AlarmStatus.Resolved, AlarmOutcome.Vandalism, 40, 400);
        return (company, other, first, second);
    }

    private static string Window(int company) => string.Create(CultureInfo.InvariantCulture, $"/api/alarms/stats?from=2026-03-01&to=2026-04-30&company={company}");

    private static double? Number(JsonElement element, string name) =>
        element.GetProperty(name).ValueKind == JsonValueKind.Null ? null : element.GetProperty(name).GetDouble();

    [Fact]
    public async Task A_coordinator_reads_counts_shares_escalations_and_the_durations_of_a_company_per_site_and_Stockholm_month()
    {
        var (company, _, first, second) = await SeedAsync();
        using var coordinator = app.ClientFor(Role.Coordinator);
        var stats = await coordinator.GetJsonAsync(Window(company));

        Assert.Equal(new DateTimeOffset(2026, 2, 28, 23, 0, 0, TimeSpan.Zero), stats.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 4, 30, 22, 0, 0, TimeSpan.Zero), stats.GetProperty("to").GetDateTimeOffset());
        var total = stats.GetProperty("total");
        Assert.Equal((5, 1, 3, 1, 2, 1), (total.GetProperty("alarms").GetInt32(), total.GetProperty("open").GetInt32(), total.GetProperty("resolved").GetInt32(),
            total.GetProperty("cancelled").GetInt32(), total.GetProperty("falseAlarms").GetInt32(), total.GetProperty("escalated").GetInt32()));
        Assert.Equal(2.0 / 3, Number(total, "falseAlarmShare")!.Value, 9);
        // Acknowledged after 30, 60, 90 and 120 s; on site after 600 and 900 s.
        Assert.Equal((4, 75.0, 111.0), (total.GetProperty("acknowledge").GetProperty("count").GetInt32(),
            Math.Round(Number(total.GetProperty("acknowledge"), "medianSeconds")!.Value, 6), Math.Round(Number(total.GetProperty("acknowledge"), "p90Seconds")!.Value, 6)));
        Assert.Equal((750.0, 870.0), (Math.Round(Number(total.GetProperty("arrive"), "medianSeconds")!.Value, 6), Math.Round(Number(total.GetProperty("arrive"), "p90Seconds")!.Value, 6)));
        var outcomes = total.GetProperty("outcomes").EnumerateArray().ToDictionary(o => o.GetProperty("outcome").GetString()!, o => o.GetProperty("count").GetInt32());
        Assert.Equal((2, 1, 0), (outcomes["FalseAlarm"], outcomes["PeopleMovedOn"], outcomes["Vandalism"]));

        var sites = stats.GetProperty("sites").EnumerateArray().ToList();
        Assert.Equal([(first.Id, first.Name, 3), (second.Id, second.Name, 2)],
            sites.Select(s => (s.GetProperty("id").GetInt32(), s.GetProperty("name").GetString()!, s.GetProperty("figures").GetProperty("alarms").GetInt32())));
        var company1 = Assert.Single(stats.GetProperty("companies").EnumerateArray());
        Assert.Equal(company, company1.GetProperty("id").GetInt32());
        Assert.StartsWith("Bevakning A", company1.GetProperty("name").GetString(), StringComparison.Ordinal);

        // The months are Stockholm's: March began at 23:00 UTC and ended at 22:00 UTC, after the change to summer time.
        var months = stats.GetProperty("months").EnumerateArray().ToList();
        Assert.Equal(["2026-03", "2026-04"], months.Select(m => m.GetProperty("month").GetString()));
        Assert.Equal(new DateTimeOffset(2026, 3, 31, 22, 0, 0, TimeSpan.Zero), months[0].GetProperty("to").GetDateTimeOffset());
        Assert.Equal((3, 0.5), (months[0].GetProperty("figures").GetProperty("alarms").GetInt32(), Number(months[0].GetProperty("figures"), "falseAlarmShare")!.Value));
        Assert.Equal((2, 1.0), (months[1].GetProperty("figures").GetProperty("alarms").GetInt32(), Number(months[1].GetProperty("figures"), "falseAlarmShare")!.Value));

        // Both companies, and one site: the other company's alarm at the first site is counted too.
        var both = await coordinator.GetJsonAsync(string.Create(CultureInfo.InvariantCulture, $"/api/alarms/stats?from=2026-03-01&to=2026-04-30&site={first.Id}"));
        Assert.Equal(4, both.GetProperty("total").GetProperty("alarms").GetInt32());
        Assert.Equal(2, both.GetProperty("companies").GetArrayLength());

        // The read is audited as the alarm lists are.
        var audit = await app.QueryAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.UserId == app.UserIds[Role.Coordinator] && e.Entity == "alarms" && e.Action == "read" && e.Detail!.StartsWith("statistics ")).ToListAsync());
        Assert.Contains(audit, e => e.Count == 5 && e.Detail!.Contains(string.Create(CultureInfo.InvariantCulture, $"company {company}"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_csv_and_the_workbook_hold_the_same_numbers_as_the_json_and_are_audited_as_exports()
    {
        var (company, _, first, _) = await SeedAsync();
        using var analyst = app.ClientFor(Role.Analyst);
        var stats = await analyst.GetJsonAsync(Window(company));
        using var csvResponse = await analyst.GetAsync(Window(company) + "&format=csv");
        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType!.MediaType);
        using var xlsxResponse = await analyst.GetAsync(Window(company) + "&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsxResponse.StatusCode);
        Assert.Equal("larmstatistik-2026-03-01-2026-04-30.xlsx", xlsxResponse.Content.Headers.ContentDisposition!.FileName!.Trim('"'));

        // The CSV: a line per row, figures as invariant data (durations in seconds, the share as a fraction).
        var lines = (await csvResponse.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r').Split(',')).ToList();
        var header = lines[0].ToList();
        Assert.Equal(["table", "key", "name", "alarms", "false_alarm_share", "escalated", "acknowledge_median_s", "acknowledge_p90_s", "arrive_median_s", "arrive_p90_s",
            "open", "resolved", "cancelled", "outcome_FalseAlarm"], header.Take(14));
        string Cell(string table, string key, string column) => lines.Single(l => l[0] == table && l[1] == key)[header.IndexOf(column)];
        var total = stats.GetProperty("total");
        Assert.Equal("5", Cell("total", "total", "alarms"));
        Assert.Equal(Number(total, "falseAlarmShare")!.Value, double.Parse(Cell("total", "total", "false_alarm_share"), CultureInfo.InvariantCulture));
        Assert.Equal(Number(total.GetProperty("acknowledge"), "p90Seconds")!.Value, double.Parse(Cell("total", "total", "acknowledge_p90_s"), CultureInfo.InvariantCulture));
        Assert.Equal(Number(total.GetProperty("arrive"), "medianSeconds")!.Value, double.Parse(Cell("total", "total", "arrive_median_s"), CultureInfo.InvariantCulture));
        Assert.Equal("3", Cell("sites", first.Id.ToString(CultureInfo.InvariantCulture), "alarms"));
        Assert.Equal("0.5", Cell("months", "2026-03", "false_alarm_share"));
        Assert.Equal("2", Cell("total", "total", "outcome_FalseAlarm"));
        Assert.Equal("1", Cell("total", "total", "escalated"));
        // A month without arrivals has no duration: an empty cell, as the JSON's null.
        Assert.Equal("", Cell("months", "2026-04", "arrive_median_s"));

        // The workbook, read back as a spreadsheet user's tool does: the same numbers, as numbers.
        var sheets = ExportFiles.Sheets(await xlsxResponse.Content.ReadAsByteArrayAsync());
        Assert.Equal(["Hela perioden", "Per enhet", "Per bevakningsbolag", "Per månad"], sheets.Select(s => s.Name));
        var months = sheets[3].Rows;
        var headers = months[0].Cast<string>().ToList();
        var march = months.Single(r => (string?)r[0] == "2026-03");
        var marchJson = stats.GetProperty("months")[0].GetProperty("figures");
        Assert.Equal(3.0, march[headers.IndexOf("Larm")]);
        Assert.Equal(Number(marchJson, "falseAlarmShare"), march[headers.IndexOf("Andel falsklarm")]);
        Assert.Equal(Number(marchJson.GetProperty("acknowledge"), "medianSeconds"), march[headers.IndexOf("Till kvittering, median")]);
        Assert.Equal(Number(marchJson.GetProperty("acknowledge"), "p90Seconds"), march[headers.IndexOf("Till kvittering, 90:e percentil")]);
        Assert.Equal(Number(marchJson.GetProperty("arrive"), "p90Seconds"), march[headers.IndexOf("Till plats, 90:e percentil")]);
        var totalRow = sheets[0].Rows[1];
        Assert.Equal(Number(total.GetProperty("acknowledge"), "medianSeconds"), totalRow[sheets[0].Rows[0].Cast<string>().ToList().IndexOf("Till kvittering, median")]);
        Assert.False(ExportFiles.HasFormula(await xlsxResponse.Content.ReadAsByteArrayAsync()));

        var exports = await app.QueryAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.UserId == app.UserIds[Role.Analyst] && e.Entity == "alarms" && e.Action == "export").Select(e => e.Detail!).ToListAsync());
        Assert.Contains(exports, d => d.StartsWith("statistics.csv ", StringComparison.Ordinal));
        Assert.Contains(exports, d => d.StartsWith("statistics.xlsx ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_control_room_reads_its_own_companys_figures_only_and_guards_schools_and_others_read_none()
    {
        var (company, other, _, _) = await SeedAsync();
        using var ownControlRoom = await app.ClientInAsync(company, Role.ControlRoom);
        var own = await ownControlRoom.GetJsonAsync("/api/alarms/stats?from=2026-03-01&to=2026-04-30");
        Assert.Equal(5, own.GetProperty("total").GetProperty("alarms").GetInt32());
        Assert.Equal(company, Assert.Single(own.GetProperty("companies").EnumerateArray()).GetProperty("id").GetInt32());
        using var asksOther = await ownControlRoom.GetAsync(string.Create(CultureInfo.InvariantCulture, $"/api/alarms/stats?company={other}"));
        await asksOther.ExpectProblemAsync(HttpStatusCode.Forbidden);
        using var otherCsv = await ownControlRoom.GetAsync(string.Create(CultureInfo.InvariantCulture, $"/api/alarms/stats?company={other}&format=csv"));
        await otherCsv.ExpectProblemAsync(HttpStatusCode.Forbidden);
        using var otherControlRoom = await app.ClientInAsync(other, Role.ControlRoom);
        Assert.Equal(1, (await otherControlRoom.GetJsonAsync("/api/alarms/stats?from=2026-03-01&to=2026-04-30")).GetProperty("total").GetProperty("alarms").GetInt32());

        foreach (var role in new[] { Role.Admin, Role.Analyst, Role.Coordinator })
        {
            using var reader = app.ClientFor(role);
            Assert.Equal(5, (await reader.GetJsonAsync(Window(company))).GetProperty("total").GetProperty("alarms").GetInt32());
        }
        foreach (var role in new[] { Role.Guard, Role.Police, Role.SocialServices, Role.SchoolManager, Role.SchoolStaff, Role.DataProtection, Role.Partner })
        {
            using var client = app.ClientFor(role);
            foreach (var format in new[] { "json", "csv", "xlsx" })
            {
                using var response = await client.GetAsync(Window(company) + "&format=" + format);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{role} got {(int)response.StatusCode} for {format}");
            }
        }
        using var guardOfCompany = await app.ClientInAsync(company, Role.Guard);
        using var guardAsks = await guardOfCompany.GetAsync("/api/alarms/stats");
        await guardAsks.ExpectProblemAsync(HttpStatusCode.Forbidden);
        using var anonymous = app.CreateClient();
        using var unsigned = await anonymous.GetAsync("/api/alarms/stats");
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
    }

    /// <summary>The page's site filter names only the sites whose alarms the reader's statistics count.</summary>
    [Fact]
    public async Task The_site_filter_lists_only_the_sites_the_readers_statistics_count()
    {
        var (company, other, first, second) = await SeedAsync();
        Task<List<(int Id, string Name)>> SitesOf(int organisation, Role role) =>
            app.RunAsync<AlarmStatsService, List<(int Id, string Name)>>(s => s.SitesAsync(new CurrentUser(0, organisation, "Läsare", [role]), CancellationToken.None));

        var otherSites = await SitesOf(other, Role.ControlRoom);
        Assert.Contains(first, otherSites);
        Assert.DoesNotContain(second, otherSites);
        var ownSites = await SitesOf(company, Role.ControlRoom);
        Assert.Contains(first, ownSites);
        Assert.Contains(second, ownSites);
        Assert.Contains(second, await SitesOf(await app.HomeOrganisationAsync(), Role.Coordinator));
    }

    [Theory]
    [InlineData("from=2026-13-01", "from")]
    [InlineData("from=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "from")]
    [InlineData("to=2026-05-01T10:00:00", "to")] // an instant without its offset
    [InlineData("from=2026-05-01&to=2026-04-01", "to")]
    [InlineData("from=2026-05-01&to=2026-04-30", "to")] // to includes its day: the 30th ends before the 1st begins
    [InlineData("from=2020-01-01&to=2026-01-01", "to")] // six years
    [InlineData("site=abc", "site")]
    [InlineData("site=1%20OR%201%3D1", "site")]
    [InlineData("site=-4", "site")]
    [InlineData("site=999999", "site")]
    [InlineData("company='%3B%20DROP%20TABLE%20alarms%3B--", "company")]
    [InlineData("company=999999", "company")]
    [InlineData("format=pdf", "format")]
    public async Task Bad_windows_ids_and_formats_are_refused_naming_the_field(string query, string field)
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        using var response = await coordinator.GetAsync("/api/alarms/stats?" + query);
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task A_company_filter_must_name_a_guard_company_and_the_default_window_is_this_month_and_the_eleven_before()
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        var home = await app.HomeOrganisationAsync();
        using var school = await coordinator.GetAsync(string.Create(CultureInfo.InvariantCulture, $"/api/alarms/stats?company={home}"));
        await school.ExpectProblemAsync(HttpStatusCode.BadRequest, "company");

        app.Clock.AdjustTime(LagesbildFactory.Now);
        var stats = await coordinator.GetJsonAsync("/api/alarms/stats");
        // 27 November 2026: from 1 December 2025 in Stockholm (winter time) until now.
        Assert.Equal(new DateTimeOffset(2025, 11, 30, 23, 0, 0, TimeSpan.Zero), stats.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(LagesbildFactory.Now, stats.GetProperty("to").GetDateTimeOffset());
        Assert.Equal(12, stats.GetProperty("months").GetArrayLength());
        Assert.Equal("2026-11", stats.GetProperty("months")[11].GetProperty("month").GetString());
    }

    [Fact]
    public async Task The_console_keeps_the_alarms_closed_since_the_guards_shift_began_and_otherwise_the_last_twelve_hours()
    {
        var now = LagesbildFactory.Now;
        app.Clock.AdjustTime(now);
        var site = await SiteAsync();
        var company = await app.OrganisationAsync("Bevakning konsol", "GuardCompany");
        using var guard = await app.ClientInAsync(company, Role.Guard);
        using var controlRoom = await app.ClientInAsync(company, Role.ControlRoom);
        var guardId = (await app.QueryAsync(db => db.Users.AsNoTracking().Where(u => u.OrganisationId == company).ToListAsync())).Single(u => u.Roles.Contains(Role.Guard)).Id;
        // A long shift: it began at 14:00 yesterday, sixteen hours ago.
        await app.QueryAsync(async db =>
        {
            db.GuardShifts.Add(new GuardShift { UserId = guardId, From = now.AddHours(-16), To = now.AddHours(2), DistrictIds = "1" });
            return await db.SaveChangesAsync();
        });
        var beforeShift = await AlarmAsync(site.Site, company, now.AddHours(-20), AlarmStatus.Resolved, AlarmOutcome.PeopleMovedOn, 30, 300, closed: now.AddHours(-17));
        var earlyInShift = await AlarmAsync(site.Site, company, now.AddHours(-15), AlarmStatus.Resolved, AlarmOutcome.FalseAlarm, 30, 300, closed: now.AddHours(-14));
        var late = await AlarmAsync(site.Site, company, now.AddHours(-2), AlarmStatus.Cancelled, null, null, null, closed: now.AddHours(-1));

        static List<long> Ids(JsonElement list) => [.. list.EnumerateArray().Select(a => a.GetProperty("id").GetInt64())];
        // The guard on his shift: what closed since it began, the latest first, with its outcome.
        var history = await guard.GetJsonAsync("/api/alarms?status=closed");
        Assert.Equal([late, earlyInShift], Ids(history));
        Assert.Equal("FalseAlarm", history[1].GetProperty("outcome").GetString());
        // The control room is on no guard shift: the last twelve hours.
        Assert.Equal([late], Ids(await controlRoom.GetJsonAsync("/api/alarms?status=closed")));
        // Hours asked for still win.
        Assert.Equal([late, earlyInShift, beforeShift], Ids(await controlRoom.GetJsonAsync("/api/alarms?status=closed&hours=24")));
        // After the shift: the guard is back to the last twelve hours.
        app.Clock.AdjustTime(now.AddHours(3));
        Assert.Equal([late], Ids(await guard.GetJsonAsync("/api/alarms?status=closed")));
        app.Clock.AdjustTime(now);
    }
}

public sealed class AlarmStatsOnSqlite(SqliteLagesbild app) : AlarmStatsTests<SqliteLagesbild>(app);

public sealed class AlarmStatsOnPostgres(PostgresLagesbild app) : AlarmStatsTests<PostgresLagesbild>(app);
