using System.Globalization;
using Lagesbild.Core.Access;
using Lagesbild.Core.Geo;
using Lagesbild.Core.Sites;
using Lagesbild.Core.Validation;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Lagesbild.Server.Features.Sites;

/// <summary>
/// Sites from a spreadsheet: name, kind, lat, lon, hours and optionally organisation. Every row is checked before
/// any is written; a site with the same name and kind is updated rather than doubled, so an import can be rerun.
/// </summary>
public sealed class SiteImport(LagesbildDb db, DistrictCatalog districts, Alarms.SensorDirectory sensors, TimeProvider time)
{
    public const int MaxRows = 5000;

    private static readonly Dictionary<string, SiteKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["school"] = SiteKind.School,
        ["skola"] = SiteKind.School,
        ["preschool"] = SiteKind.Preschool,
        ["förskola"] = SiteKind.Preschool,
        ["other"] = SiteKind.Other,
        ["annan"] = SiteKind.Other,
        ["övrig"] = SiteKind.Other,
    };

    private sealed record Row(string Name, SiteKind Kind, double Lat, double Lon, OpeningHours Hours, int? OrganisationId);

    public async Task<Outcome<ImportResult>> ImportAsync(string csv, CurrentUser user, CancellationToken ct)
    {
        if (!Permissions.CanManageSites(user.Roles))
            return new Outcome<ImportResult>.Refused("Only administrators and coordinators import schools and preschools.");
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Name, o => o.Id, StringComparer.OrdinalIgnoreCase, ct);
        var refusals = new Refusals();
        var rows = Read(csv, organisations, refusals);
        if (refusals.Count > 0)
            return Outcome<ImportResult>.Because(refusals);

        var now = time.GetUtcNow();
        var names = rows.Select(r => r.Name).ToList();
        var existing = await db.Sites.Where(s => names.Contains(s.Name)).ToListAsync(ct);
        var (created, updated) = (0, 0);
        foreach (var row in rows)
        {
            var site = existing.FirstOrDefault(s => s.Name == row.Name && s.Kind == row.Kind);
            if (site is null)
            {
                site = new Site { Name = row.Name, Location = Point(row), CreatedAt = now, OpenDuringBreaks = SiteSchedule.OpensDuringBreaksByDefault(row.Kind) };
                db.Sites.Add(site);
                existing.Add(site);
                created++;
            }
            else
            {
                updated++;
            }
            site.Kind = row.Kind;
            site.Location = Point(row);
            site.DistrictId = districts.Index.Locate(row.Lon, row.Lat);
            site.OrganisationId = row.OrganisationId ?? site.OrganisationId;
            site.OpeningHours = SiteCalendar.Write(row.Hours.Days.OrderBy(d => Core.Time.HourOfWeek.DayIndex(d.Key))
                .Select(d => new DayHours(d.Key, Core.Time.ClockTime.Format(d.Value.Opens), Core.Time.ClockTime.Format(d.Value.Closes))).ToList());
            site.UpdatedAt = now;
        }
        await db.SaveChangesAsync(ct);
        sensors.ForgetAll(); // the hours decide whether their sensors are armed
        return new ImportResult(created, updated);
    }

    private static Point Point(Row row) => PolygonInput.Wgs84.CreatePoint(new Coordinate(row.Lon, row.Lat));

    private List<Row> Read(string csv, Dictionary<string, int> organisations, Refusals refusals) =>
        CsvRows.Read(csv, ["name", "kind", "lat", "lon", "hours"], null, MaxRows, refusals, (fields, index) => ReadRow(fields, index, organisations, refusals));

    private Row? ReadRow(IReadOnlyDictionary<string, string> fields, int index, Dictionary<string, int> organisations, Refusals refusals)
    {
        string Field(string name) => fields.GetValueOrDefault(name) ?? "";
        var before = refusals.Count;
        void Fail(string field, string code, string message, params object[] args) => refusals.Add(CsvRows.Field(index, field), code, message, args);

        var name = Field("name");
        if (name.Length is < 2 or > 200)
            Fail("name", RefusalCodes.Invalid, "name must be 2 to 200 characters.");
        if (!Kinds.TryGetValue(Field("kind"), out var kind))
            Fail("kind", RefusalCodes.Invalid, $"kind '{Field("kind")}' is not school, preschool or other (skola, förskola, annan).", Field("kind"));
        var lat = CsvRows.Number(Field("lat"));
        var lon = CsvRows.Number(Field("lon"));
        if (lat is not { } latitude || lon is not { } longitude || !Core.Geo.Coordinates.IsValid(longitude, latitude))
            Fail("lat", RefusalCodes.Invalid, "lat and lon must be a position in the city, in decimal degrees.");
        else if (!districts.InServiceArea(longitude, latitude))
            Fail("lat", RefusalCodes.OffMap, "lat and lon must be a position in the city, in decimal degrees.");
        // The parser's words say which part is wrong, for API clients; a page says the rule by the code.
        var (hours, hoursError) = OpeningHoursText.Parse(Field("hours"));
        if (hoursError is not null)
            Fail("hours", RefusalCodes.Invalid, hoursError);
        int? organisationId = null;
        if (Field("organisation") is { Length: > 0 } organisation)
        {
            if (organisations.TryGetValue(organisation, out var id))
                organisationId = id;
            else
                Fail("organisation", RefusalCodes.NotFound, $"No organisation is called '{organisation}'.", organisation);
        }
        return refusals.Count > before ? null : new Row(name, kind, lat!.Value, lon!.Value, hours!, organisationId);
    }
}
