using System.Globalization;
using Lagesbild.Core.Access;
using Lagesbild.Core.Observations;
using Lagesbild.Core.Scenes;
using Lagesbild.Data;
using Lagesbild.Server.Features.Auth;
using Lagesbild.Server.Features.Districts;
using Lagesbild.Server.Features.Hosting;
using Lagesbild.Server.Features.Measures;
using Lagesbild.Server.Features.Observations;
using Lagesbild.Server.Features.Scenes;
using Lagesbild.Server.Features.Sites;
using Microsoft.EntityFrameworkCore;

namespace Lagesbild.Server.Features.Exports;

/// <summary>
/// The GeoPackage export: observations, scenes, sites and measures of a window and an area, one layer each, each
/// holding what the reader may read at the matching route (/api/observations with its tiers, area and free-text
/// rule; /api/scenes; /api/sites; /api/measures), and one audit entry for the export.
/// </summary>
public sealed class GeoPackageExport(LagesbildDb db, DistrictCatalog districts, Readers readers, SceneService scenes, MeasureService measures, AuditTrail audit, TimeProvider time)
{
    /// <summary>More observations than this in one file is refused: a shorter window or a smaller area.</summary>
    public const int MaxObservations = 100_000;

    private static readonly GeoPackageColumn[] ObservationColumns =
    [
        new("category", GeoPackageType.Text), new("occurred_from", GeoPackageType.DateTime), new("occurred_to", GeoPackageType.DateTime),
        new("reported_at", GeoPackageType.DateTime), new("count", GeoPackageType.Integer), new("classification", GeoPackageType.Text),
        new("district_id", GeoPackageType.Integer), new("district", GeoPackageType.Text), new("source", GeoPackageType.Text), new("text", GeoPackageType.Text),
    ];

    private static readonly GeoPackageColumn[] SceneColumns =
    [
        new("name", GeoPackageType.Text), new("status", GeoPackageType.Text), new("active", GeoPackageType.Boolean), new("district_id", GeoPackageType.Integer),
        new("district", GeoPackageType.Text), new("borough", GeoPackageType.Text), new("since", GeoPackageType.DateTime),
    ];

    private static readonly GeoPackageColumn[] SiteColumns =
    [
        new("name", GeoPackageType.Text), new("kind", GeoPackageType.Text), new("district_id", GeoPackageType.Integer), new("district", GeoPackageType.Text),
        new("organisation_id", GeoPackageType.Integer),
    ];

    private static readonly GeoPackageColumn[] MeasureColumns =
    [
        new("kind", GeoPackageType.Text), new("status", GeoPackageType.Text), new("title", GeoPackageType.Text), new("description", GeoPackageType.Text),
        new("target", GeoPackageType.Text), new("scene_id", GeoPackageType.Integer), new("site_id", GeoPackageType.Integer), new("district_id", GeoPackageType.Integer),
        new("district", GeoPackageType.Text), new("starts_on", GeoPackageType.Date), new("ends_on", GeoPackageType.Date), new("organisation", GeoPackageType.Text),
        new("cost_sek", GeoPackageType.Integer),
    ];

    /// <summary>The file's bytes, or why not: the export is for those who analyse (the weekly report's readers).</summary>
    public async Task<Outcome<byte[]>> WriteAsync(ExportQuery query, CurrentUser user, CancellationToken ct)
    {
        if (!Permissions.CanAnalyse(user.Roles))
            return new Outcome<byte[]>.Refused("The GeoPackage export is for coordinators, analysts, the police, social services and administrators.");
        var layers = new List<GeoPackageLayer>();
        var observations = new List<Observation>();
        foreach (var kind in query.Layers)
        {
            switch (kind)
            {
                case ExportLayer.Observations:
                    var reader = await readers.OfAsync(user, ct);
                    var rows = ObservationsOf(query, reader);
                    if (await rows.CountAsync(ct) > MaxObservations)
                        return Outcome<byte[]>.Field("from", $"The window and area hold more than {MaxObservations:N0} observations: choose a shorter window or a smaller area.");
                    observations = await rows.OrderBy(o => o.OccurredFrom).ThenBy(o => o.Id).ToListAsync(ct);
                    layers.Add(new("observations", "Observations of the window that the exporter may read", "POINT", ObservationColumns,
                        observations.Select(o => Observation(o, reader)).ToList()));
                    break;
                case ExportLayer.Scenes:
                    layers.Add(new("scenes", "Scenes active at some time in the window", "POLYGON", SceneColumns, await ScenesAsync(query, ct)));
                    break;
                case ExportLayer.Sites:
                    layers.Add(new("sites", "Schools, preschools and other sites", "POINT", SiteColumns, await SitesAsync(query, user, ct)));
                    break;
                case ExportLayer.Measures:
                    layers.Add(new("measures", "Measures running at some time in the window", "GEOMETRY", MeasureColumns, await MeasuresAsync(query, ct)));
                    break;
            }
        }
        var path = Path.Combine(Path.GetTempPath(), $"lagesbild-export-{Guid.NewGuid():N}.gpkg");
        try
        {
            await GeoPackageFile.WriteAsync(path, layers, query.Srid, time.GetUtcNow(), ct);
            var bytes = await File.ReadAllBytesAsync(path, ct);
            Audit(user, query, layers, observations);
            await audit.SaveAsync(ct);
            return bytes;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The observations /api/observations lists for the same window and area: the reader's tiers, in the reader's area.</summary>
    private IQueryable<Observation> ObservationsOf(ExportQuery query, Reader reader)
    {
        var filter = new ObservationFilter(query.Bbox, query.DistrictId, query.From, query.To, Core.Time.HourSet.All, null);
        var rows = filter.Apply(db.Observations.AsNoTracking(), Permissions.VisibleClassifications(reader.Roles)).ReadableBy(reader);
        if (query.Borough is not null && query.Districts is { } area)
        {
            var ids = area.ToArray();
            rows = rows.Where(o => o.DistrictId != null && ids.Contains(o.DistrictId.Value));
        }
        return rows;
    }

    private GeoPackageFeature Observation(Observation o, Reader reader) => new(o.Id, o.Location,
    [
        o.Category, o.OccurredFrom, o.OccurredTo, o.ReportedAt, o.Count, o.Classification, o.DistrictId, districts.NameOf(o.DistrictId), o.Source,
        reader.CanRead(o, Field.Text) ? o.Text : null,
    ]);

    private async Task<List<GeoPackageFeature>> ScenesAsync(ExportQuery query, CancellationToken ct)
    {
        var rows = await db.Scenes.AsNoTracking().Include(s => s.History).OrderBy(s => s.Name).ThenBy(s => s.Id).ToListAsync(ct);
        return rows.Where(s => query.Covers(s.DistrictId, s.Area) && SceneLifecycle.IsActiveDuring(SceneService.Changes(s), query.From, query.To))
            .Select(scenes.Summary)
            .Select(f => new GeoPackageFeature(Convert.ToInt64(f.Id, CultureInfo.InvariantCulture), f.Geometry!,
                [f.Properties.Name, f.Properties.Status, f.Properties.Active, f.Properties.DistrictId, f.Properties.District, f.Properties.Borough, f.Properties.Since]))
            .ToList();
    }

    private async Task<List<GeoPackageFeature>> SitesAsync(ExportQuery query, CurrentUser user, CancellationToken ct)
    {
        var rows = await db.Sites.AsNoTracking().VisibleTo(user).OrderBy(s => s.Name).ThenBy(s => s.Id).ToListAsync(ct);
        return rows.Where(s => query.Covers(s.DistrictId, s.Location))
            .Select(s => new GeoPackageFeature(s.Id, s.Location, [s.Name, s.Kind, s.DistrictId, districts.NameOf(s.DistrictId), s.OrganisationId]))
            .ToList();
    }

    private async Task<List<GeoPackageFeature>> MeasuresAsync(ExportQuery query, CancellationToken ct)
    {
        var (first, last) = (DateOnly.FromDateTime(Core.Time.Stockholm.ToLocal(query.From)), DateOnly.FromDateTime(Core.Time.Stockholm.ToLocal(query.To.AddTicks(-1))));
        return (await measures.ListAsync(null, null, null, [], ct))
            .Where(f => f.Geometry is not null && query.Covers(f.Properties.DistrictId, f.Geometry) && f.Properties.StartsOn <= last && (f.Properties.EndsOn ?? DateOnly.MaxValue) >= first)
            .Select(f => (Id: Convert.ToInt64(f.Id, CultureInfo.InvariantCulture), f.Geometry, M: f.Properties))
            .Select(m => new GeoPackageFeature(m.Id, m.Geometry!,
                [m.M.Kind, m.M.Status, m.M.Title, m.M.Description, m.M.Target, m.M.SceneId, m.M.SiteId, m.M.DistrictId, m.M.District, m.M.StartsOn, m.M.EndsOn, m.M.Organisation, m.M.Cost]))
            .ToList();
    }

    /// <summary>
    /// One entry for the export, naming the window, the area and each layer's count (the city's, as for every
    /// export); and, where the file holds Restricted or Confidential observations, one for each of their owners,
    /// naming the records, so that the police and social services follow where their records went.
    /// </summary>
    private void Audit(CurrentUser user, ExportQuery query, List<GeoPackageLayer> layers, List<Observation> observations)
    {
        var counts = string.Join(", ", layers.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Name} {l.Features.Count}")));
        var detail = string.Create(CultureInfo.InvariantCulture, $"{counts}; {query.From:O} to {query.To:O}; {query.Area}; EPSG:{query.Srid}");
        audit.Add(user, "export", "GeoPackage", null, DataOwner.City, layers.Sum(l => l.Features.Count), detail);
        foreach (var owned in observations.Where(o => o.Classification is Classification.Restricted or Classification.Confidential).GroupBy(o => o.Classification))
        {
            audit.Add(user, "export", "GeoPackage", null, owned.Key, owned.Count(),
                $"{owned.Count()} {owned.Key} observations: ids " + string.Join(',', owned.Select(o => o.Id.ToString(CultureInfo.InvariantCulture))));
        }
    }
}
