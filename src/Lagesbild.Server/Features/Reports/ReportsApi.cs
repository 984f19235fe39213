using System.Security.Claims;
using Lagesbild.Core.Time;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Lagesbild.Server.Features.Reports;

public static class ReportsApi
{
    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/reports").WithTags("Reports");

        group.MapGet("/weekly", async (string? week, string? district, string? format, ClaimsPrincipal principal,
            WeeklyReportService reports, IStringLocalizer<Strings> L, TimeProvider time, AuditTrail audit, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var chosen = LastCompleteWeek(time);
            if (!string.IsNullOrWhiteSpace(week) && !IsoWeekId.TryParse(week.Trim(), out chosen, out var weekError))
                errors["week"] = [weekError!];
            var districtId = QueryValues.ParseDistrictId(district, errors);
            var kind = (format ?? "html").Trim().ToLowerInvariant();
            if (kind is not ("html" or "pdf" or "csv" or "xlsx" or "json"))
                errors["format"] = ["format must be html (the default), pdf, csv, xlsx or json."];
            if (errors.Count > 0)
                return (IResult)TypedResults.ValidationProblem(errors);

            var user = CurrentUser.From(principal);
            var outcome = await reports.BuildAsync(chosen, districtId, user, ct);
            if (outcome is not Outcome<WeeklyReport>.Done { Value: var report })
                return outcome.ToResult();
            var name = $"lagesbild-{report.Week}{(report.DistrictId is { } d ? $"-{d}" : "")}";
            // A file leaves the product: every download is audited, as the GeoPackage and the other workbooks are.
            if (kind is "pdf" or "csv" or "xlsx")
            {
                audit.Add(user, "export", nameof(WeeklyReport), report.Week, Lagesbild.Core.Access.DataOwner.City, 1,
                    $"{name}.{kind}: {report.Area ?? "the whole municipality"}, {(report.IncludesRestricted ? "includes Restricted" : "without Restricted")}");
                await audit.SaveAsync(ct);
            }
            return kind switch
            {
                "xlsx" => TypedResults.File(WeeklyReportWorkbook.Write(report, L), Exports.Workbook.ContentType, $"{name}.xlsx"),
                "pdf" => TypedResults.File(WeeklyReportPdf.Write(report, L), "application/pdf", $"{name}.pdf"),
                "csv" => TypedResults.File(WeeklyReportCsv.Write(report, L), "text/csv; charset=utf-8", $"{name}.csv"),
                "json" => TypedResults.Ok(report),
                _ => new RazorComponentResult<WeeklyReportDocument>(new { Report = report }),
            };
        })
        .WithSummary("The weekly lägesbild for an ISO week (week=2026-W47; default the last complete week) and the city or a district: scenes that changed status, " +
            "observations by category and time of week, round findings, alarms and outcomes, measures started and ended, new candidate hot spots and each " +
            "organisation's open actions, against the four weeks before. format=html (a printable page), pdf, csv (long form: section, item, column, value), xlsx (a workbook, one sheet per table) or json. " +
            "Restricted observations are counted only in the police's reports, Confidential ones only in social services'.");
        return api;
    }

    public static IsoWeekId LastCompleteWeek(TimeProvider time) => IsoWeekId.LastComplete(time.GetUtcNow());
}
