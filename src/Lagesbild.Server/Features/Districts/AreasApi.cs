using System.Security.Claims;
using Lagesbild.Server.Features.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lagesbild.Server.Features.Districts;

public static class AreasApi
{
    public static RouteGroupBuilder MapAreasApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/areas").WithTags("Districts");

        group.MapGet("/", (AreaImport areas) => TypedResults.Ok(areas.Tree()))
            .WithSummary("The municipality's areas as a hierarchy: its name, its boroughs (stadsdelsområden), and each borough's districts (id and name).");

        group.MapPost("/import", async (HttpRequest http, bool? replace, ClaimsPrincipal principal, AreaImport import, CancellationToken ct) =>
        {
            using var reader = new StreamReader(http.Body);
            var text = await reader.ReadToEndAsync(ct);
            return (await import.ImportAsync(text, replace == true, CurrentUser.From(principal), ct)).ToResult();
        })
        .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(AreaFile.MaxBytes))
        .WithSummary("Import the municipality's areas (administrators): a GeoJSON FeatureCollection whose features have the properties name, level " +
            "(municipality, borough or district) and parent (the name of the area above), and a Polygon or MultiPolygon in WGS84 (a district is one polygon). " +
            "One municipality; boroughs in it and districts in their borough (1 % tolerance), districts not overlapping, names once per level. " +
            "The districts are replaced whole (replace=true when there are districts already), only while no record lies in them (409 otherwise); " +
            $"at most {AreaFile.MaxBytes / (1024 * 1024)} MB.");

        return api;
    }
}
