using System.Globalization;
using System.Security.Claims;
using Lagesbild.Core.Indicators;
using Lagesbild.Core.Scenes;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Scenes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Lagesbild.Server.Features.Indicators;

public sealed record ActiveScenesResponse(string Interval, IReadOnlyList<CountAt> Points)
{
    /// <summary>Where the count comes from: the scene register (the statuses coordinators keep).</summary>
    public string Source { get; init; } = "register";
}

/// <summary>The active scenes as the regional mapping counted them: one point per snapshot, with the snapshot's own source.</summary>
public sealed record MappedScenesResponse(IReadOnlyList<Mappings.MappedCount> Points)
{
    public string Source => "mappings";
}

public sealed record PeriodDto(DateOnly From, DateOnly To, int AtStart, int AtEnd, int Change);

public sealed record CompareResponse(PeriodDto A, PeriodDto B);

public static class IndicatorsApi
{
    public static readonly DateOnly SeriesStart = new(2018, 1, 1);

    public static RouteGroupBuilder MapIndicatorsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/indicators").WithTags("Indicators");

        group.MapGet("/active-scenes", async Task<Results<Ok<ActiveScenesResponse>, Ok<MappedScenesResponse>, ValidationProblem>> (
            string? from, string? to, string? interval, string? source, LagesbildDb db, Mappings.MappingService mappings, TimeProvider time, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var start = ParseDate(from, "from", errors) ?? SeriesStart;
            var end = ParseDate(to, "to", errors) ?? Today(time);
            if (start > end)
                errors["to"] = [QueryValues.ReversedWindow];
            var step = Interval.Month;
            if (!string.IsNullOrWhiteSpace(interval) && !QueryValues.TryParseName(interval, out step))
                errors["interval"] = ["interval must be month, quarter or year."];
            if (source is not (null or "" or "register" or "mappings"))
                errors["source"] = ["source must be register (the scene register's statuses) or mappings (the regional mapping's snapshots)."];
            if (errors.Count > 0)
                return TypedResults.ValidationProblem(errors);
            if (source == "mappings")
                return TypedResults.Ok(new MappedScenesResponse(await mappings.CountsAsync(start, end, ct)));
            var histories = await HistoriesAsync(db, ct);
            return TypedResults.Ok(new ActiveScenesResponse(step.ToString().ToLowerInvariant(), ActiveScenes.Series(histories, start, end, step)));
        })
        .WithSummary("How many scenes were active (Active, Declining or Reopened) at the start of each step from 'from' (default 2018-01-01) to 'to', from the scene register (source=register, the default); " +
            "or source=mappings: how many places each snapshot of the regional mapping between 'from' and 'to' counted, with the snapshot's date, id and source.");

        group.MapGet("/active-scenes/compare", async Task<Results<Ok<CompareResponse>, ValidationProblem>> (
            string? aFrom, string? aTo, string? bFrom, string? bTo, LagesbildDb db, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var periods = new[] { (aFrom, aTo, "a"), (bFrom, bTo, "b") }.Select(p =>
            {
                var start = ParseDate(p.Item1, p.Item3 + "From", errors, required: true);
                var end = ParseDate(p.Item2, p.Item3 + "To", errors, required: true);
                if (start > end)
                    errors[p.Item3 + "To"] = [$"{p.Item3}To is before {p.Item3}From: the period is reversed."];
                return (start, end);
            }).ToList();
            if (errors.Count > 0)
                return TypedResults.ValidationProblem(errors);
            var histories = await HistoriesAsync(db, ct);
            var result = periods.Select(p => ActiveScenes.Compare(histories, p.start!.Value, p.end!.Value))
                .Select(c => new PeriodDto(c.From, c.To, c.AtStart, c.AtEnd, c.Change)).ToList();
            return TypedResults.Ok(new CompareResponse(result[0], result[1]));
        })
        .WithSummary("Active scenes at the start and end of two periods (e.g. two terms of office) and the change in each.");

        group.MapPost("/import", async (HttpRequest http, ClaimsPrincipal principal, IndicatorImport import, CancellationToken ct) =>
        {
            using var reader = new StreamReader(http.Body);
            var text = await reader.ReadToEndAsync(ct);
            return (await import.ImportAsync(text, CurrentUser.From(principal), ct)).ToResult();
        })
        .WithSummary("Import survey indicators from CSV with the columns indicator, area (Stockholm, a stadsdelsområde or a stadsdel), period (2020 or 2019-2020), " +
            "value, n, source, and optionally unit (default %) and provenance (published, survey, synthetic). A figure for the same indicator, area and period is replaced; " +
            "a row repeated in the file is reported under duplicates and kept once. All rows or none.");

        group.MapGet("/series", async Task<Results<Ok<List<IndicatorSeries>>, ValidationProblem>> (
            string? name, string? area, IndicatorImport import, IndicatorSeriesReader series, CancellationToken ct) =>
        {
            (AreaKind, string)? where = null;
            if (!string.IsNullOrWhiteSpace(area))
            {
                if (!import.Areas().TryGetValue(area.Trim(), out var found))
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["area"] = [$"area '{area}' is not Stockholm, a stadsdelsområde or a stadsdel."] });
                where = found;
            }
            return TypedResults.Ok(await series.ReadAsync(name, where, ct));
        })
        .WithSummary("Survey indicator series, one per indicator and area, each point with its period, value, n, source and provenance (published, survey or synthetic); filter by name and area.");

        group.MapGet("/series.xlsx", async (string? name, string? area, ClaimsPrincipal principal, IndicatorImport import, IndicatorSeriesReader series, LagesbildDb db,
            IStringLocalizer<Strings> L, AuditTrail audit, TimeProvider time, CancellationToken ct) =>
        {
            (AreaKind, string)? where = null;
            if (!string.IsNullOrWhiteSpace(area))
            {
                if (!import.Areas().TryGetValue(area.Trim(), out var found))
                    return (IResult)TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["area"] = [$"area '{area}' is not Stockholm, a stadsdelsområde or a stadsdel."] });
                where = found;
            }
            var survey = await series.ReadAsync(name, where, ct);
            var active = ActiveScenes.Series(await HistoriesAsync(db, ct), SeriesStart, Today(time), Interval.Month);
            var workbook = Exports.Workbook.Write(IndicatorWorkbook.Tables(active, survey, L));
            audit.Add(CurrentUser.From(principal), "export", "IndicatorSeries", null, Core.Access.DataOwner.City, survey.Sum(s => s.Points.Count) + active.Count, "indicator series xlsx");
            await audit.SaveAsync(ct);
            return TypedResults.File(workbook, Exports.Workbook.ContentType, "indikatorer.xlsx");
        })
        .Produces(StatusCodes.Status200OK, contentType: Exports.Workbook.ContentType)
        .WithSummary("The indicator series as an Excel workbook: the active scenes at the start of each month since 2018 (from the register), and the survey series (filtered by name and area as /series) in long form.");

        return api;
    }

    public static async Task<IReadOnlyList<IReadOnlyList<StatusChange>>> HistoriesAsync(LagesbildDb db, CancellationToken ct)
    {
        var entries = await db.SceneStatusEntries.AsNoTracking().Select(e => new { e.SceneId, e.Id, e.Status, e.At }).ToListAsync(ct);
        return entries.GroupBy(e => e.SceneId)
            .Select(g => (IReadOnlyList<StatusChange>)g.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new StatusChange(e.Status, e.At)).ToList())
            .ToList();
    }

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(Core.Time.Stockholm.ToLocal(time.GetUtcNow()));

    private static DateOnly? ParseDate(string? text, string field, Dictionary<string, string[]> errors, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
                errors[field] = [$"{field} is required (a date such as 2022-10-15)."];
            return null;
        }
        if (QueryValues.TryParseDate(text, out var date))
            return date;
        errors[field] = [$"{field} must be a date such as 2022-10-15."];
        return null;
    }
}
