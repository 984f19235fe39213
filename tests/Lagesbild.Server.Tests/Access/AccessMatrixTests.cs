using System.Globalization;
using System.Net;
using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;
using Lagesbild.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lagesbild.Server.Tests.Access;

/// <summary>
/// The role x route matrix, generated from the server's own route table: every GET route, asked by every role,
/// answers nothing of a tier the role may not see, neither as words (body and headers) nor as counts. Counts are
/// checked by difference: each answer is asked again after a Restricted (then a Confidential) record is added at
/// the same place, and must not change for a role that may not see that tier. A GET route without an entry
/// below fails the test, so a new route cannot skip the check.
/// </summary>
public abstract partial class AccessMatrixTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : LagesbildFactory
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^[^{]*\.[A-Za-z0-9]+$")]
    private static partial System.Text.RegularExpressions.Regex StaticFile();

    [System.Text.RegularExpressions.GeneratedRegex("\"traceId\":\"[^\"]*\"")]
    private static partial System.Text.RegularExpressions.Regex TraceId();

    private const string RestrictedMarker = "RESTRICTEDMARKER";
    private const string ConfidentialMarker = "CONFIDENTIALMARKER";

    /// <summary>Data the routes answer about, made once per class.</summary>
    private sealed record Sample(long Restricted, long Confidential, long Scene, string Week, int Meeting = 0, int Action = 0);

    /// <summary>
    /// How each GET route is asked: its URL with the sample's ids, and whether its answer may differ between two
    /// asks for reasons other than the data (the audit log grows with every read, so it is checked for words only).
    /// </summary>
    private static Dictionary<string, (Func<Sample, string> Url, bool Volatile)> Entries() => new()
    {
        ["/api/auth/me"] = (_ => "/api/auth/me", false),
        // Each role's start page: a redirect that names a page, never a record (a caretaker's names her round's id).
        // The page it leads to carries a fresh nonce each time: words only.
        ["/start"] = (_ => "/start", true),
        ["/culture"] = (_ => "/culture?culture=sv&redirectUri=%2F", true),
        // No provider is configured here: the challenge answers 404 to everyone, and says nothing of any record.
        ["/login/oidc/{name}"] = (_ => "/login/oidc/stockholm", false),
        ["/api/districts/"] = (_ => "/api/districts", false),
        ["/api/districts/{id:int}"] = (_ => "/api/districts/1", false),
        ["/api/areas/"] = (_ => "/api/areas", false),
        ["/api/scenes/"] = (_ => "/api/scenes", false),
        ["/api/scenes/{id:int}"] = (s => $"/api/scenes/{s.Scene}", false),
        ["/api/scenes/terms"] = (_ => "/api/scenes/terms", false),
        ["/api/measures/"] = (_ => "/api/measures", false),
        ["/api/measures/{id:int}"] = (_ => "/api/measures/1", false),
        ["/api/measures/{id:int}/effect"] = (_ => "/api/measures/1/effect", false),
        ["/api/observations/"] = (_ => $"/api/observations?bbox={Places.Rinkeby.Bbox}", false),
        ["/api/observations/{id:long}"] = (s => $"/api/observations/{s.Restricted}", false),
        ["/api/observations/{id:long}/history"] = (s => $"/api/observations/{s.Restricted}/history", false),
        ["/api/retention"] = (_ => "/api/retention", false),
        ["/api/privacy/record"] = (_ => "/api/privacy/record", false),
        ["/api/organisations/{id:int}/scope"] = (_ => "/api/organisations/1/scope", false),
        // The audit log grows with every read, the asks of this test included: words only.
        ["/api/audit/"] = (_ => "/api/audit", true),
        ["/api/audit.csv"] = (_ => "/api/audit.csv", true),
        ["/api/audit/verify"] = (_ => "/api/audit/verify", true),
        ["/api/lagesbild"] = (_ => $"/api/lagesbild?bbox={Places.Rinkeby.Bbox}", false),
        ["/api/analysis/hotspots"] = (_ => "/api/analysis/hotspots?weeks=4", false),
        ["/api/analysis/candidates"] = (_ => "/api/analysis/candidates?weeks=4", false),
        ["/api/indicators/active-scenes"] = (_ => "/api/indicators/active-scenes", false),
        ["/api/indicators/active-scenes/compare"] = (_ => "/api/indicators/active-scenes/compare", false),
        ["/api/indicators/series"] = (_ => "/api/indicators/series", false),
        ["/api/mappings/"] = (_ => "/api/mappings", false),
        ["/api/mappings/{id:int}"] = (_ => "/api/mappings/1", false),
        ["/api/mappings/{id:int}/reconcile"] = (_ => "/api/mappings/1/reconcile", false),
        ["/api/reports/"] = (_ => "/api/reports?forwardedTo=police", false),
        // Every format of the report: an export must hide what the page hides.
        ["/api/reports/weekly"] = (s => string.Join('|', new[] { "json", "csv", "html", "pdf", "xlsx" }.Select(f => $"/api/reports/weekly?week={s.Week}&format={f}")), false),
        // The exports: a layer or a sheet must hold no more than the route it comes from.
        ["/api/exports/geopackage"] = (_ => $"/api/exports/geopackage?bbox={Places.Rinkeby.Bbox}&from=2026-11-01&to=2026-11-30|/api/exports/geopackage?district=1&crs=EPSG:3006", false),
        ["/api/measures.xlsx"] = (_ => "/api/measures.xlsx", false),
        ["/api/indicators/series.xlsx"] = (_ => "/api/indicators/series.xlsx", false),
        // A meeting's agenda holds the weekly picture: every format of it must hide what the reader may not count.
        ["/api/meetings/"] = (_ => "/api/meetings", false),
        ["/api/meetings/{id:int}"] = (s => $"/api/meetings/{s.Meeting}", false),
        ["/api/meetings/{id:int}/minutes"] = (s => $"/api/meetings/{s.Meeting}/minutes|/api/meetings/{s.Meeting}/minutes?format=pdf", false),
        ["/api/actions/"] = (_ => "/api/actions|/api/actions?open=true", false),
        ["/api/actions/{id:int}"] = (s => $"/api/actions/{s.Action}", false),
        // OGC API - Features: the GIS tools' way in holds no more than /api. timeStamp is the test clock's: stable.
        ["/ogc/"] = (_ => "/ogc?f=json", false),
        ["/ogc/conformance"] = (_ => "/ogc/conformance?f=json", false),
        ["/ogc/api"] = (_ => "/ogc/api", false),
        ["/ogc/collections"] = (_ => "/ogc/collections?f=json", false),
        ["/ogc/collections/{collectionId}"] = (_ => "/ogc/collections/observations?f=json|/ogc/collections/picture-cells?f=json", false),
        ["/ogc/collections/{collectionId}/items"] = (_ => string.Join('|', new[] { "observations", "picture-cells", "scenes", "sites", "measures" }
            .Select(c => $"/ogc/collections/{c}/items?f=json&bbox={Places.Rinkeby.Bbox}")) + $"|/ogc/collections/observations/items?f=json&crs=EPSG:3006&bbox={Places.Rinkeby.Bbox}", false),
        ["/ogc/collections/{collectionId}/items/{featureId}"] = (s =>
            $"/ogc/collections/observations/items/{s.Restricted}?f=json|/ogc/collections/observations/items/{s.Confidential}?f=json|/ogc/collections/scenes/items/{s.Scene}?f=json", false),
        // The police's public events: public summaries, the same to every role.
        ["/api/police-events/"] = (_ => "/api/police-events", false),
        ["/api/open311-keys/"] = (_ => "/api/open311-keys", false),
        ["/api/open311-services/"] = (_ => "/api/open311-services", false),
        ["/api/service-requests/"] = (_ => "/api/service-requests", false),
        ["/api/service-requests/{id:long}"] = (_ => "/api/service-requests/1", false),
        // The camera register holds no observation: the same to a role before and after a Restricted or Confidential record.
        ["/api/cameras/"] = (_ => "/api/cameras|/api/cameras?retired=true", false),
        ["/api/cameras/{id:int}"] = (_ => "/api/cameras/1", false),
        ["/api/cameras/register.pdf"] = (_ => "/api/cameras/register.pdf", false),
        ["/api/sites/"] = (_ => "/api/sites", false),
        ["/api/sites/{id:int}"] = (_ => "/api/sites/1", false),
        ["/api/sites/exposure"] = (_ => "/api/sites/exposure", false),
        ["/api/sites/{id:int}/presence"] = (_ => "/api/sites/1/presence", false),
        ["/api/rounds/"] = (_ => "/api/rounds", false),
        ["/api/rounds/{id:long}"] = (_ => "/api/rounds/1", false),
        ["/api/rounds/{id:long}/findings/{findingId:long}/photo"] = (_ => "/api/rounds/1/findings/1/photo", false),
        ["/api/rounds/checklists"] = (_ => "/api/rounds/checklists", false),
        ["/api/notifications/"] = (_ => "/api/notifications", false),
        ["/api/sensors/"] = (_ => "/api/sensors", false),
        ["/api/sensors/{id:int}"] = (_ => "/api/sensors/1", false),
        // Panel accounts hold no observation, and their keys are never read back.
        ["/api/alarm-panels/"] = (_ => "/api/alarm-panels", false),
        ["/api/alarm-panels/{id:int}"] = (_ => "/api/alarm-panels/1", false),
        ["/api/alarms/"] = (_ => "/api/alarms|/api/alarms?status=closed&hours=72", false),
        ["/api/alarms/{id:long}"] = (_ => "/api/alarms/1", false),
        // An alarm's camera stills hold no observation: the same to a role before and after a Restricted or Confidential record.
        ["/api/alarms/{id:long}/snapshots"] = (_ => "/api/alarms/1/snapshots", false),
        ["/api/alarms/{id:long}/snapshots/{snapshotId:long}"] = (_ => "/api/alarms/1/snapshots/1", false),
        // Counts of alarms only (alarms have no tier): the same for every role that may read them, refused to the others.
        ["/api/alarms/stats"] = (_ => "/api/alarms/stats|/api/alarms/stats?format=csv|/api/alarms/stats?format=xlsx", false),
        // An import job is its starter's alone: the list is the caller's own (none here), a job of another 404.
        ["/api/imports/"] = (_ => "/api/imports", false),
        ["/api/imports/{id:long}"] = (_ => "/api/imports/1", false),
        ["/api/imports/{id:long}/refusals"] = (_ => "/api/imports/1/refusals", false),
        ["/api/guard-shifts/"] = (_ => "/api/guard-shifts", false),
        ["/api/users/"] = (_ => "/api/users", false),
        ["/api/account/"] = (_ => "/api/account", false),
        ["/api/account/tokens"] = (_ => "/api/account/tokens", false),
        ["/api/personal-tokens/"] = (_ => "/api/personal-tokens", false),
        ["/api/users/{id:int}"] = (_ => "/api/users/1", false),
        ["/api/organisations/"] = (_ => "/api/organisations", false),
        ["/open311/v2/discovery.{format}"] = (_ => "/open311/v2/discovery.json", false),
        ["/open311/v2/services.{format}"] = (_ => "/open311/v2/services.json", false),
        ["/open311/v2/services/{code}.{format}"] = (_ => "/open311/v2/services/kanyler.json", false),
        ["/open311/v2/requests.{format}"] = (_ => "/open311/v2/requests.json", false),
        ["/open311/v2/requests/{id}.{format}"] = (_ => "/open311/v2/requests/1.json", false),
        ["/open311/v2/tokens/{token}.{format}"] = (_ => "/open311/v2/tokens/none.json", false),
        ["/open311/v2/servicerequestupdates.{format}"] = (_ => "/open311/v2/servicerequestupdates.json", false),
        ["/public/v1/report-cells"] = (_ => "/public/v1/report-cells", false),
        ["/public/v1/districts"] = (_ => "/public/v1/districts", false),
        // The city's own base map, when a folder of tiles is configured (not here: 404 to everyone).
        ["/tiles/{z:int:range(0,22)}/{x:int:min(0)}/{y:int:min(0)}.{format}"] = (_ => "/tiles/11/1126/592.png", false),
    };

    /// <summary>GET routes that are no data: the health probe, the API description, the UI's own plumbing.</summary>
    private static bool IsData(string pattern) =>
        !(pattern is "/health" or "/{**path:file}" || (StaticFile().IsMatch(pattern) && !pattern.StartsWith("/api/", StringComparison.Ordinal)) || pattern.StartsWith("/openapi", StringComparison.Ordinal)
            || pattern.StartsWith("/_", StringComparison.Ordinal) || pattern.StartsWith("/hubs", StringComparison.Ordinal)
            || pattern.StartsWith("/Account", StringComparison.Ordinal) || pattern.StartsWith("/lib/", StringComparison.Ordinal));

    /// <summary>The GET routes of the server: minimal API endpoints, not the Blazor pages (whose services the routes share).</summary>
    private List<string> GetRoutes() => app.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
        .Where(e => e.Metadata.All(m => m.GetType().Name != "ComponentTypeMetadata"))
        .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
        .Where(IsData)
        .Distinct()
        .ToList();

    [Fact]
    public void Every_GET_route_has_an_entry()
    {
        var entries = Entries();
        var missing = GetRoutes().Where(r => !entries.ContainsKey(r)).ToList();
        Assert.True(missing.Count == 0, "GET routes without an entry in the access matrix: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task No_route_answers_a_tier_its_reader_may_not_see_in_words_or_counts()
    {
        var sample = await SampleAsync();
        var routes = Entries().Where(e => GetRoutes().Contains(e.Key)).ToList();
        var roles = Enum.GetValues<Role>();

        var before = await AskAllAsync(roles, routes, sample);
        foreach (var ((role, route), answer) in before)
        {
            if (!Permissions.CanRead([role], Classification.Restricted))
                Assert.False(answer.Contains(RestrictedMarker, StringComparison.Ordinal), $"{role} read Restricted words at {route}");
            if (!Permissions.CanRead([role], Classification.Confidential))
                Assert.False(answer.Contains(ConfidentialMarker, StringComparison.Ordinal), $"{role} read Confidential words at {route}");
            Assert.False(answer.StartsWith("500", StringComparison.Ordinal), $"{role} got a server error at {route}");
        }

        await AddAsync(Role.Police, "Restricted", sample.Scene);
        var afterRestricted = await AskAllAsync(roles, routes, sample);
        await AddAsync(Role.SocialServices, "Confidential", sample.Scene);
        var afterConfidential = await AskAllAsync(roles, routes, sample);

        foreach (var role in roles)
        {
            foreach (var (route, entry) in routes.Where(r => !r.Value.Volatile))
            {
                if (!Permissions.CanRead([role], Classification.Restricted))
                    Assert.True(before[(role, route)] == afterRestricted[(role, route)], $"A Restricted record changed what {role} reads at {route}");
                if (!Permissions.CanRead([role], Classification.Confidential))
                    Assert.True(afterRestricted[(role, route)] == afterConfidential[(role, route)], $"A Confidential record changed what {role} reads at {route}");
            }
        }
        // The difference check can fail: the police's own answers do change.
        Assert.NotEqual(before[(Role.Police, "/api/lagesbild")], afterRestricted[(Role.Police, "/api/lagesbild")]);
        Assert.NotEqual(afterRestricted[(Role.SocialServices, "/api/lagesbild")], afterConfidential[(Role.SocialServices, "/api/lagesbild")]);
    }

    private async Task<Dictionary<(Role, string), string>> AskAllAsync(Role[] roles, List<KeyValuePair<string, (Func<Sample, string> Url, bool Volatile)>> routes, Sample sample)
    {
        var answers = new Dictionary<(Role, string), string>();
        foreach (var role in roles)
        {
            using var client = app.ClientFor(role);
            foreach (var (route, entry) in routes)
            {
                var answer = new System.Text.StringBuilder();
                foreach (var url in entry.Url(sample).Split('|'))
                {
                    using var response = await client.GetAsync(url);
                    var headers = string.Join('\n', response.Headers.Concat(response.Content.Headers)
                        .Where(h => h.Key is not ("Date" or "Content-Length"))
                        .Select(h => $"{h.Key}: {string.Join(',', h.Value)}"));
                    answer.Append(CultureInfo.InvariantCulture, $"{(int)response.StatusCode}\n{headers}\n{await ContentAsync(response)}\n");
                }
                answers[(role, route)] = answer.ToString();
            }
        }
        return answers;
    }

    /// <summary>What a reader gets: the text (a PDF's words, which unlike its bytes carry no creation time), less a problem's traceId.</summary>
    private static async Task<string> ContentAsync(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentType?.MediaType == "application/pdf")
        {
            using var pdf = UglyToad.PdfPig.PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
            return string.Join("\n", pdf.GetPages().Select(p => p.Text));
        }
        // A workbook's or a GeoPackage's contents, which unlike their bytes carry no time of writing.
        if (response.Content.Headers.ContentType?.MediaType is "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" or "application/geopackage+sqlite3")
            return Exports.ExportFiles.Text(await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType.MediaType);
        return TraceId().Replace(await response.Content.ReadAsStringAsync(), "");
    }

    private async Task<Sample> SampleAsync()
    {
        using var coordinator = app.ClientFor(Role.Coordinator);
        var scene = (await coordinator.PostSceneAsync(Places.Rinkeby.Square(), "Active", LagesbildFactory.Now.AddDays(-60))).Id();
        var restricted = await AddAsync(Role.Police, "Restricted", scene);
        var confidential = await AddAsync(Role.SocialServices, "Confidential", scene);
        using var internalWriter = app.ClientFor(Role.Coordinator);
        await internalWriter.PostObservationAsync(ObservationBody.At(Places.Rinkeby, LagesbildFactory.Now.AddDays(-2), "Dealing") with { Text = "Internal words" });
        var week = System.Globalization.ISOWeek.GetWeekOfYear(LagesbildFactory.Now.UtcDateTime);
        // A meeting next week, whose picture is this week's, and an action of it.
        var meeting = (await coordinator.PostJsonAsync("/api/meetings", new { at = LagesbildFactory.Now.AddDays(7) }, HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var organisation = (await coordinator.GetJsonAsync("/api/auth/me")).GetProperty("organisationId").GetInt32();
        var action = (await coordinator.PostJsonAsync("/api/actions", new { text = "Följ upp", ownerOrganisation = organisation, due = "2026-12-10", meeting }, HttpStatusCode.Created))
            .GetProperty("id").GetInt32();
        return new Sample(restricted, confidential, scene, string.Create(CultureInfo.InvariantCulture, $"{LagesbildFactory.Now.Year}-W{week:00}"), meeting, action);
    }

    /// <summary>An observation and a scene note of a tier, by its owner, with the tier's marker in its words.</summary>
    private async Task<long> AddAsync(Role owner, string tier, long scene)
    {
        using var client = app.ClientFor(owner);
        var marker = tier == "Restricted" ? RestrictedMarker : ConfidentialMarker;
        var id = (await client.PostObservationAsync(ObservationBody.At(Places.Rinkeby, LagesbildFactory.Now.AddDays(-1), "Dealing", classification: tier) with { Text = $"{marker} words" })).Id();
        await client.PostJsonAsync($"/api/scenes/{scene}/notes", new { text = $"{marker} note", classification = tier }, HttpStatusCode.Created);
        return id;
    }
}

public sealed class AccessMatrixOnSqlite(SqliteLagesbild app) : AccessMatrixTests<SqliteLagesbild>(app);

public sealed class AccessMatrixOnPostgres(PostgresLagesbild app) : AccessMatrixTests<PostgresLagesbild>(app);
