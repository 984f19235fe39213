using System.Globalization;
using System.Security.Claims;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Reports;
using Microsoft.Extensions.Localization;

namespace Lagesbild.Server.Features.Privacy;

public static class PrivacyApi
{
    public static RouteGroupBuilder MapPrivacyApi(this RouteGroupBuilder api)
    {
        api.MapGet("/privacy/record", async (string? organisation, string? format, ClaimsPrincipal principal, ProcessingRecordService records,
            IStringLocalizer<Strings> L, CancellationToken ct) =>
        {
            var user = CurrentUser.From(principal);
            var errors = new Dictionary<string, string[]>();
            var organisationId = user.OrganisationId;
            if (!string.IsNullOrWhiteSpace(organisation) && !int.TryParse(organisation, NumberStyles.None, CultureInfo.InvariantCulture, out organisationId))
                errors["organisation"] = ["organisation must be an organisation's id (a whole number), or left out for your own."];
            var kind = (format ?? "json").Trim().ToLowerInvariant();
            if (kind is not ("json" or "pdf"))
                errors["format"] = ["format must be json (the default) or pdf."];
            if (errors.Count > 0)
                return (IResult)TypedResults.ValidationProblem(errors);
            var outcome = await records.BuildAsync(organisationId, user, ct);
            if (outcome is not Outcome<ProcessingRecord>.Done { Value: var record })
                return outcome.ToResult();
            return kind == "pdf"
                ? TypedResults.File(ProcessingRecordPdf.Write(record, L), "application/pdf", $"registerforteckning-{record.OrganisationId}.pdf")
                : TypedResults.Ok(record);
        })
        .WithTags("Privacy")
        .WithSummary("An organisation's record of processing (registerförteckning, GDPR art. 30), generated from the product's configuration: the " +
            "categories of personal data, the people concerned, the recipients (read from the permission rules), the retention periods, where it is " +
            "stored and the security measures. organisation= its id (default your own); format=json (default) or pdf. Administrators and the data " +
            "protection officer read any organisation's; coordinators, the police and social services their own.");
        return api;
    }
}

/// <summary>The record as tables: the same tables the page shows, written to A4 by the shared PDF writer.</summary>
public static class ProcessingRecordPdf
{
    public static IReadOnlyList<ReportTable> Tables(ProcessingRecord record, IStringLocalizer L)
    {
        static ReportCell Cell(string text) => new(text, text);
        var overview = new ReportTable("overview", L["RecordOverview"], null,
            [new("item", L["RecordItem"]), new("value", L["RecordValue"])],
            [
                new("organisation", [Cell(L["RecordOrganisation"]), Cell($"{record.Organisation} ({L[$"RecordKind{record.Kind}"]})")]),
                new("controller", [Cell(L["RecordControllerLabel"]), Cell(record.Controller)]),
                new("storage", [Cell(L["RecordStorage"]), Cell(record.Storage)]),
                new("transfers", [Cell(L["RecordTransfersLabel"]), Cell(record.Transfers)]),
            ], "");
        var categories = record.Categories.Select(c => new ReportTable(c.Id, c.Name, c.Purpose,
            [new("item", L["RecordItem"]), new("value", L["RecordValue"])],
            [
                new("people", [Cell(L["RecordPeople"]), Cell(c.People)]),
                new("data", [Cell(L["RecordData"]), Cell(c.Data)]),
                new("recipients", [Cell(L["RecordRecipients"]), Cell(c.RecipientsText)]),
                new("retention", [Cell(L["RecordRetention"]), Cell(c.Retention)]),
            ], ""));
        var security = new ReportTable("security", L["RecordSecurity"], null, [new("measure", L["RecordMeasure"])],
            record.Security.Select((m, i) => new ReportRow(i.ToString(CultureInfo.InvariantCulture), [Cell(m)])).ToList(), "");
        return [overview, .. categories, security];
    }

    public static byte[] Write(ProcessingRecord record, IStringLocalizer L) =>
        WeeklyReportPdf.Document(
            L["RecordTitle"], [string.Format(CultureInfo.CurrentCulture, L["RecordLead"], record.Organisation)], L["RecordMarking"],
            Tables(record, L),
            string.Format(CultureInfo.CurrentCulture, L["ReportGenerated"], Components.Shared.Formats.DateTime(record.GeneratedAt)));
}
