using System.Globalization;
using System.Text;
using Lagesbild.Core.Access;
using Lagesbild.Core.Alarms;
using Lagesbild.Core.Time;
using Lagesbild.Data;
using Lagesbild.Server.Components.Shared;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Lagesbild.Server.Features.Alarms;

/// <summary>What the statistics are asked for: the window of opening times [From, To), optionally one site and one guard company.</summary>
public sealed record AlarmStatsQuery(DateTimeOffset From, DateTimeOffset To, int? SiteId, int? CompanyId)
{
    /// <summary>The longest window: three years of months.</summary>
    public const int MaxDays = 3 * 366;

    /// <summary>
    /// The query from its text, every error naming its field: from and to are Stockholm dates (to includes its day)
    /// or instants with offset; by default the current Stockholm month and the eleven before it, up to now.
    /// </summary>
    public static AlarmStatsQuery? Parse(string? from, string? to, string? site, string? company, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        var fromInstant = QueryValues.ParseInstant(from, "from", endOfDay: false, errors);
        var toInstant = QueryValues.ParseInstant(to, "to", endOfDay: true, errors);
        var siteId = Id(site, "site", errors);
        var companyId = Id(company, "company", errors);
        if (errors.Count > 0)
            return null;
        var end = toInstant ?? now;
        var today = Stockholm.ToLocal(end);
        var start = fromInstant ?? Stockholm.StartOfDay(new DateOnly(today.Year, today.Month, 1).AddMonths(-11));
        if (end <= start)
            errors["to"] = ["to must be after from."];
        else if (end - start > TimeSpan.FromDays(MaxDays))
            errors["to"] = [$"The window from from to to is at most {MaxDays} days."];
        return errors.Count > 0 ? null : new(start, end, siteId, companyId);
    }

    private static int? Id(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            return id;
        errors[field] = [$"{field} must be an id (a whole number), or left out for all."];
        return null;
    }
}

/// <summary>A site's or a guard company's figures with its name; the id is null for alarms no company had.</summary>
public sealed record NamedAlarmFigures(int? Id, string Name, AlarmFigures Figures);

public sealed record AlarmStatsView(
    DateTimeOffset From, DateTimeOffset To, int? SiteId, int? CompanyId, AlarmFigures Total,
    IReadOnlyList<NamedAlarmFigures> Sites, IReadOnlyList<NamedAlarmFigures> Companies, IReadOnlyList<MonthFigures> Months);

/// <summary>
/// Alarm statistics for the security manager: the city's coordinators, analysts and administrators see every
/// guard company's alarms (a district-scoped organisation those at its districts' sites), a company's control room
/// its own company's. Each read is audited as the alarm lists are.
/// </summary>
public sealed class AlarmStatsService(LagesbildDb db, Readers readers, AuditTrail audit, IStringLocalizer<Strings> L)
{
    public async Task<Outcome<AlarmStatsView>> BuildAsync(AlarmStatsQuery query, CurrentUser user, CancellationToken ct, string? export = null)
    {
        if (!Permissions.ReadsAlarmStatistics(user.Roles))
            return new Outcome<AlarmStatsView>.Refused("Alarm statistics are for the city's coordinators, analysts and administrators, and a guard company's control room.");
        var everyCompany = Permissions.ReadsEveryCompanysAlarmStatistics(user.Roles);
        if (!everyCompany && query.CompanyId is { } asked && asked != user.OrganisationId)
            return new Outcome<AlarmStatsView>.Refused("A control room reads its own company's alarm statistics only.");
        if (query.SiteId is { } siteId && !await db.Sites.AnyAsync(s => s.Id == siteId, ct))
            return Outcome<AlarmStatsView>.Field("site", "No site has this id.");
        if (query.CompanyId is { } companyId && !await db.Organisations.AnyAsync(o => o.Id == companyId && o.Kind == OrganisationKind.GuardCompany, ct))
            return Outcome<AlarmStatsView>.Field("company", "No guard company has this id.");

        var alarms = (await CountedAsync(user, ct)).Where(a => a.OpenedAt >= query.From && a.OpenedAt < query.To);
        if (query.SiteId is { } site)
            alarms = alarms.Where(a => a.SiteId == site);
        if (query.CompanyId is { } company)
            alarms = alarms.Where(a => a.GuardOrganisationId == company);

        var rows = await alarms.Select(a => new
        {
            a.Id,
            a.SiteId,
            a.GuardOrganisationId,
            a.OpenedAt,
            a.Status,
            a.Outcome,
            a.EscalationLevel,
            Entries = a.Timeline.Where(t => t.Action == AlarmTimeline.Acknowledged || t.Action == AlarmTimeline.OnSite || t.Action == AlarmTimeline.Escalated)
                .Select(t => new { t.At, t.Action }).ToList(),
        }).ToListAsync(ct);
        var facts = rows.Select(r => AlarmFact.From(r.Id, r.SiteId, r.GuardOrganisationId, r.OpenedAt, r.Status, r.Outcome, r.EscalationLevel,
            r.Entries.Select(e => (e.At, e.Action)))).ToList();
        var result = AlarmStatistics.Compute(facts, query.From, query.To);

        var siteIds = result.Sites.Select(s => s.SiteId).ToList();
        var siteNames = await db.Sites.AsNoTracking().Where(s => siteIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var companyIds = result.Companies.Select(c => c.CompanyId).OfType<int>().ToList();
        var companyNames = await db.Organisations.AsNoTracking().Where(o => companyIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);

        // Alarms are individual records; their figures are read as the lists are, and a file that leaves the product as an export.
        audit.Add(user, export is null ? "read" : "export", "alarms", null, Core.Observations.Classification.Internal, facts.Count,
            string.Create(CultureInfo.InvariantCulture, $"statistics{(export is null ? "" : "." + export)} {query.From:u} - {query.To:u}; site {query.SiteId?.ToString(CultureInfo.InvariantCulture) ?? "all"}; company {query.CompanyId?.ToString(CultureInfo.InvariantCulture) ?? (everyCompany ? "all" : "own")}"));
        await audit.SaveAsync(ct);

        return new AlarmStatsView(query.From, query.To, query.SiteId, query.CompanyId, result.Total,
            [.. result.Sites.Select(s => new NamedAlarmFigures(s.SiteId, siteNames.GetValueOrDefault(s.SiteId, $"#{s.SiteId}"), s.Figures))],
            [.. result.Companies.Select(c => new NamedAlarmFigures(c.CompanyId, c.CompanyId is { } id ? companyNames.GetValueOrDefault(id, $"#{id}") : L["StatsNoCompany"], c.Figures))],
            result.Months);
    }

    /// <summary>The guard companies whose figures this user may ask for, for the page's filter.</summary>
    public async Task<List<(int Id, string Name)>> CompaniesAsync(CurrentUser user, CancellationToken ct)
    {
        var companies = db.Organisations.AsNoTracking().Where(o => o.Kind == OrganisationKind.GuardCompany);
        if (!Permissions.ReadsEveryCompanysAlarmStatistics(user.Roles))
            companies = companies.Where(o => o.Id == user.OrganisationId);
        return [.. (await companies.OrderBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync(ct)).Select(o => (o.Id, o.Name))];
    }

    /// <summary>The sites with alarms this user's statistics count, for the page's filter.</summary>
    public async Task<List<(int Id, string Name)>> SitesAsync(CurrentUser user, CancellationToken ct)
    {
        var alarms = await CountedAsync(user, ct);
        return [.. (await db.Sites.AsNoTracking().Where(s => alarms.Any(a => a.SiteId == s.Id)).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct)).Select(s => (s.Id, s.Name))];
    }

    /// <summary>
    /// The alarms a user's statistics count: every company's for the city (a district-scoped organisation's at its
    /// districts' sites), a control room's own company's.
    /// </summary>
    private async Task<IQueryable<Alarm>> CountedAsync(CurrentUser user, CancellationToken ct)
    {
        var alarms = db.Alarms.AsNoTracking();
        if (!Permissions.ReadsEveryCompanysAlarmStatistics(user.Roles))
            return alarms.Where(a => a.GuardOrganisationId == user.OrganisationId);
        if ((await readers.OfAsync(user, ct)).Districts is not { } area)
            return alarms;
        var districts = area.ToArray();
        return alarms.Where(a => db.Sites.Any(s => s.Id == a.SiteId && s.DistrictId != null && districts.Contains(s.DistrictId.Value)));
    }
}

/// <summary>The statistics as tables, the same for the page, the CSV and the workbook: numbers as data, durations in seconds, shares as fractions.</summary>
public static class AlarmStatsTables
{
    public static IReadOnlyList<ReportTable> Build(AlarmStatsView stats, IStringLocalizer L)
    {
        ReportTable Table(string id, string title, string first, IEnumerable<(string Key, string Name, AlarmFigures Figures)> rows) =>
            new(id, title, null, [new("name", first), .. Columns(L)], [.. rows.Select(r => new ReportRow(r.Key, [new(r.Name, r.Name), .. Cells(r.Figures)]))], L["StatsNone"]);
        return
        [
            Table("total", L["StatsTotal"], L["StatsWindow"], [("total", $"{Formats.Date(stats.From)} – {Formats.Date(stats.To.AddTicks(-1))}", stats.Total)]),
            Table("sites", L["StatsPerSite"], L["StatsSite"], stats.Sites.Select(s => (Key(s.Id), s.Name, s.Figures))),
            Table("companies", L["StatsPerCompany"], L["StatsCompany"], stats.Companies.Select(c => (Key(c.Id), c.Name, c.Figures))),
            Table("months", L["StatsPerMonth"], L["StatsMonth"], stats.Months.Select(m => (m.Month, m.Month, m.Figures))),
        ];
    }

    private static string Key(int? id) => id?.ToString(CultureInfo.InvariantCulture) ?? "none";

    /// <summary>What a security manager looks for first (how many, how many false, how fast), then how they ended.</summary>
    private static IEnumerable<ReportColumn> Columns(IStringLocalizer L) =>
    [
        new("alarms", L["StatsAlarms"], ReportValue.Number),
        new("false_alarm_share", L["StatsFalseShare"], ReportValue.Number),
        new("escalated", L["StatsEscalated"], ReportValue.Number),
        new("acknowledge_median_s", L["StatsAckMedian"], ReportValue.Number),
        new("acknowledge_p90_s", L["StatsAckP90"], ReportValue.Number),
        new("arrive_median_s", L["StatsArriveMedian"], ReportValue.Number),
        new("arrive_p90_s", L["StatsArriveP90"], ReportValue.Number),
        new("open", L["StatsOpen"], ReportValue.Number),
        new("resolved", L["StatsResolved"], ReportValue.Number),
        new("cancelled", L["StatsCancelled"], ReportValue.Number),
        .. Enum.GetValues<AlarmOutcome>().Select(o => new ReportColumn("outcome_" + o, L["Outcome" + o], ReportValue.Number)),
    ];

    private static IEnumerable<ReportCell> Cells(AlarmFigures f) =>
    [
        Count(f.Alarms),
        f.FalseAlarmShare is { } share ? new(share.ToString("P0", CultureInfo.CurrentCulture), Number(share)) : new("–", ""),
        Count(f.Escalated),
        Seconds(f.Acknowledge.MedianSeconds), Seconds(f.Acknowledge.P90Seconds), Seconds(f.Arrive.MedianSeconds), Seconds(f.Arrive.P90Seconds),
        Count(f.Open), Count(f.Resolved), Count(f.Cancelled),
        .. f.Outcomes.Select(o => Count(o.Count)),
    ];

    private static ReportCell Count(int n) => new(n.ToString("N0", CultureInfo.CurrentCulture), n.ToString(CultureInfo.InvariantCulture));

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A duration as people read it (4 min 05 s), and as data in seconds.</summary>
    private static ReportCell Seconds(double? seconds) => new(Duration(seconds), seconds is { } s ? Number(s) : "");

    /// <summary>A duration as people read it, to the whole second: 45 s, 4 min 05 s; a dash for none.</summary>
    public static string Duration(double? seconds)
    {
        if (seconds is not { } s)
            return "–";
        var whole = (int)Math.Round(s, MidpointRounding.AwayFromZero);
        return whole < 60 ? string.Create(CultureInfo.InvariantCulture, $"{whole} s") : string.Create(CultureInfo.InvariantCulture, $"{whole / 60} min {whole % 60:00} s");
    }

    /// <summary>
    /// The tables as one CSV: a line per row (table, key, name, then each figure as invariant data, durations in
    /// seconds, the false-alarm share as a fraction), with a UTF-8 byte order mark so that Excel reads Swedish letters.
    /// </summary>
    public static byte[] Csv(IReadOnlyList<ReportTable> tables)
    {
        var columns = tables[0].Columns;
        string[] header = ["table", "key", .. columns.Select(c => c.Id)];
        var rows = tables.SelectMany(t => t.Rows.Select(r => (IReadOnlyList<string>)[t.Id, r.Key, r.Cells[0].Text, .. r.Cells.Skip(1).Select(c => c.Data)]));
        var text = CsvTable.Write(header, rows);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];
    }
}
